// A windowed list of tasks as aligned rows (My Day, Approvals):
// title, priority, status (the workspace's label), owner and due, then who did
// the last thing that matters here and when. Rows are memoized and read their own
// highlight, so j/k redraws two rows, not thousands.
import { memo, useCallback, type ReactNode } from 'react';
import type { TaskState, UserId } from '../../src-shared/domain/types';
import { useApp } from '../app/store-context';
import { useLabels } from './use-labels';
import { scrollIntoViewIfHighlighted, useIsHighlighted, type HighlightScope } from './use-highlighted';
import { WindowedRows } from './WindowedRows';
import { formatDue, formatStamp, priorityLabel } from './format';
import './rows.css';

/** Display names by user id (the one lookup: use-labels.ts). */
export function useNameOf(): (userId: UserId | null) => string {
  return useLabels().person;
}

/** The workspace's label for a status id ("Waiting", not waiting_external). */
export function useStatusLabel(): (statusId: string) => string {
  return useLabels().status;
}

/** Who did what, when: a row's last column. */
export interface RowEvent {
  verb: string;
  actor: UserId;
  at: string;
}

/** The last change to a task: "updated by Bob, today 10:02". */
export const lastChange = (task: TaskState): RowEvent => ({ verb: 'updated', actor: task.updatedBy, at: task.updatedAt });

export function TaskList({ label, tasks, scope, actions, event = lastChange, empty = 'Nothing here.' }: {
  label: string;
  /** What an empty section says: why it is empty, in the operator's words. */
  empty?: string;
  tasks: readonly TaskState[];
  /** The view's rows (the highlight is resolved over them). */
  scope: HighlightScope;
  /** A stable render function (useCallback) for the row's buttons. */
  actions?: (task: TaskState) => ReactNode;
  /** A stable function for the row's who-and-when. */
  event?: (task: TaskState) => RowEvent;
}) {
  const openPanel = useApp((state) => state.openPanel);
  const nameOf = useNameOf();
  const statusLabel = useStatusLabel();
  const minute = Math.floor(Date.now() / 60_000);
  const open = useCallback((id: string) => openPanel(id), [openPanel]);
  const count = tasks.length;
  const renderRow = useCallback((task: TaskState, index: number) => (
    <TaskItem key={task.id} task={task} index={index} count={count} scope={scope} minute={minute} nameOf={nameOf} statusLabel={statusLabel}
      onOpen={open} actions={actions} event={event} />
  ), [count, scope, minute, nameOf, statusLabel, open, actions, event]);
  return (
    <section className="task-section" aria-label={label}>
      <h2>{label} <span className="count">{tasks.length}</span></h2>
      {tasks.length === 0 ? <p className="empty">{empty}</p> : (
        <WindowedRows className="aligned-rows" rows={tasks} scope={scope} estimate={30} renderRow={renderRow} />
      )}
    </section>
  );
}

const TaskItem = memo(function TaskItem({ task, index, count, scope, minute, nameOf, statusLabel, onOpen, actions, event }: {
  task: TaskState;
  index: number;
  count: number;
  scope: HighlightScope;
  minute: number;
  nameOf: (userId: UserId | null) => string;
  statusLabel: (statusId: string) => string;
  onOpen(id: string): void;
  actions?: (task: TaskState) => ReactNode;
  event(task: TaskState): RowEvent;
}) {
  const highlighted = useIsHighlighted(scope, task.id);
  const what = event(task);
  return (
    <li aria-label={task.title} aria-current={highlighted ? 'true' : undefined} aria-posinset={index + 1} aria-setsize={count}
      className={`aligned-row${highlighted ? ' selected' : ''}`} ref={scrollIntoViewIfHighlighted(highlighted)}>
      <button type="button" className="title-button" onClick={() => onOpen(task.id)}>{task.title}</button>
      <span className={`priority-${task.priority}`}>{priorityLabel[task.priority]}</span>
      <span>{statusLabel(task.status)}</span>
      <span>{nameOf(task.ownerId)}</span>
      <span>{formatDue(task, minute * 60_000)}</span>
      <span className="muted who-when">{what.verb} by {nameOf(what.actor)}, {formatStamp(what.at)}</span>
      <span className="row-actions">{actions?.(task)}</span>
    </li>
  );
});
