// A short, non-virtualized list of tasks as buttons (My Day, Approvals, Handoff).
import type { ReactNode } from 'react';
import type { TaskState } from '../../src-shared/domain/types';
import { useApp } from '../app/store-context';
import { scrollIntoViewIfHighlighted } from './use-highlighted';
import { formatDue, priorityLabel } from './format';
import { useOwnerLabel } from './use-owner-label';

export function TaskList({ label, tasks, highlighted, actions }: {
  label: string;
  tasks: readonly TaskState[];
  /** The view's highlighted row (the one the keys act on). */
  highlighted: string | null;
  actions?: (task: TaskState) => ReactNode;
}) {
  const openPanel = useApp((state) => state.openPanel);
  const ownerName = useOwnerLabel();
  const now = Date.now();
  return (
    <section className="task-section" aria-label={label}>
      <h2>{label} <span className="count">{tasks.length}</span></h2>
      {tasks.length === 0 ? <p className="empty">Nothing here.</p> : (
        <ul>
          {tasks.map((task) => (
            <li key={task.id} aria-label={task.title} aria-current={task.id === highlighted ? 'true' : undefined}
              className={task.id === highlighted ? 'selected' : undefined} ref={scrollIntoViewIfHighlighted(task.id === highlighted)}>
              <button type="button" className="title-button" onClick={() => openPanel(task.id)}>{task.title}</button>
              <span className={`priority-${task.priority}`}>{priorityLabel[task.priority]}</span>
              <span>{task.status.replace(/_/g, ' ')}</span>
              <span>{ownerName(task.ownerId)}</span>
              <span>{formatDue(task, now)}</span>
              {actions?.(task)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
