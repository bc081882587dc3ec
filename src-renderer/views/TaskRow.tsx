import { memo } from 'react';
import type { TaskState } from '../../src-shared/domain/types';
import { SafeLink } from '../chrome/SafeLink';
import { formatDue, outcomeLabel, priorityLabel, rowLabel } from './format';
import { ReadinessBadge } from './ReadinessBadge';
import { RecurrenceBadge } from './RecurrenceBadge';

export const ROW_HEIGHT = 34;

export const rowDomId = (taskId: string) => `task-row-${taskId}`;

interface Props {
  task: TaskState;
  /** The workspace's label for the task's status ("Waiting", not waiting_external). */
  statusLabel: string;
  /** The status's colour (settings), for its badge. */
  statusColor?: string;
  /** The owner's display name ("Unassigned" for none). */
  ownerName: string;
  /** blocked / ready for a task with prerequisites (src-shared/domain/prerequisites.ts). */
  readiness: 'blocked' | 'ready' | null;
  /** The first link as people read it ("Shipment SH-4471"), '' for none. */
  linkText: string;
  index: number;
  selected: boolean;
  inBatch: boolean;
  now: number;
  onSelect(id: string): void;
  onOpen(id: string): void;
  onToggleBatch(id: string): void;
}

export const TaskRow = memo(function TaskRow({ task, statusLabel, statusColor, ownerName, readiness, linkText, index, selected, inBatch, now, onSelect, onOpen, onToggleBatch }: Props) {
  const link = task.links[0];
  return (
    <div role="row" id={rowDomId(task.id)} aria-rowindex={index + 2} aria-selected={selected} aria-label={rowLabel(task, statusLabel, ownerName, readiness)}
      className={`task-row${selected ? ' selected' : ''}${inBatch ? ' in-batch' : ''}`}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
      onClick={() => onSelect(task.id)} onDoubleClick={() => onOpen(task.id)}>
      <span role="gridcell" className="cell-check">
        <input type="checkbox" aria-label={`Select ${task.title} for batch`} checked={inBatch}
          onChange={() => onToggleBatch(task.id)} onClick={(event) => event.stopPropagation()} tabIndex={-1} />
      </span>
      <span role="gridcell" className={`cell-priority priority-${task.priority}`}>{priorityLabel[task.priority]}</span>
      <span role="gridcell" className="cell-title">
        <button type="button" className="title-button" tabIndex={-1} onClick={(event) => { event.stopPropagation(); onOpen(task.id); }}>{task.title}</button>
        {task.handoff && !task.handoff.acknowledged && <span className="badge badge-handoff">handoff</span>}
        <ReadinessBadge readiness={readiness} />
        {task.recurrence && <RecurrenceBadge recurrence={task.recurrence} />}
      </span>
      <span role="gridcell" className="cell-status">{statusColor && <span className="status-swatch" aria-hidden="true" style={{ backgroundColor: statusColor }} />}{statusLabel}{outcomeLabel(task) && <span className="outcome"> · {outcomeLabel(task)}</span>}</span>
      <span role="gridcell" className="cell-owner">{ownerName}</span>
      <span role="gridcell" className="cell-due">{formatDue(task, now)}</span>
      <span role="gridcell" className="cell-link">{link ? <SafeLink href={link.url}>{linkText}</SafeLink> : ''}</span>
      <span role="gridcell" className="cell-origin"><span className={`badge origin-${task.origin}`}>{task.origin}</span></span>
    </div>
  );
});
