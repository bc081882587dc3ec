// A short, non-virtualized list of tasks as buttons (My Day, Approvals, Handoff).
import type { ReactNode } from 'react';
import type { TaskState } from '../../src-shared/domain/types';
import { useApp } from '../app/store-context';
import { formatDue, ownerLabel, priorityLabel } from './format';

export function TaskList({ label, tasks, actions }: {
  label: string;
  tasks: readonly TaskState[];
  actions?: (task: TaskState) => ReactNode;
}) {
  const openPanel = useApp((state) => state.openPanel);
  const selectedId = useApp((state) => state.selectedId);
  const now = Date.now();
  return (
    <section className="task-section" aria-label={label}>
      <h2>{label} <span className="count">{tasks.length}</span></h2>
      {tasks.length === 0 ? <p className="empty">Nothing here.</p> : (
        <ul>
          {tasks.map((task) => (
            <li key={task.id} className={task.id === selectedId ? 'selected' : undefined}>
              <button type="button" className="title-button" onClick={() => openPanel(task.id)}>{task.title}</button>
              <span className={`priority-${task.priority}`}>{priorityLabel[task.priority]}</span>
              <span>{task.status.replace(/_/g, ' ')}</span>
              <span>{ownerLabel(task.ownerId)}</span>
              <span>{formatDue(task, now)}</span>
              {actions?.(task)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
