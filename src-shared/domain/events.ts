// The events of a task's log. An event is immutable once appended; the log is the
// activity stream, the audit trail and the undo history. `actor` stays a plain
// field on every event so the relay can later verify it against the connection.
import type { OccurrenceOf, Recurrence } from './recurrence';
import type {
  CompletionOutcome, EntityLink, EventId, Instant, Origin, Priority, Resolution, Stamp, TaskId, UserId,
} from './types';

/** Fields a task can be created with. Only `title` is required. */
export interface TaskCreatedPayload {
  title: string;
  description?: string;
  ownerId?: UserId | null;
  status?: string;
  priority?: Priority;
  type?: string;
  queue?: string | null;
  watchers?: UserId[];
  approvers?: UserId[];
  requiresApproval?: boolean;
  dueAt?: Instant | null;
  startAt?: Instant | null;
  tags?: string[];
  links?: EntityLink[];
  parentId?: TaskId | null;
  blockedBy?: TaskId[];
  checklist?: { id: string; text: string }[];
  private?: boolean;
  origin?: Origin;
  rationale?: string | null;
  evidence?: string[];
  confidenceScore?: number | null;
  templateId?: string | null;
  tracking?: { mapping: string; source: string; sourceId: string; state: string } | null;
  recurrence?: Recurrence | null;
  occurrence?: OccurrenceOf | null;
}

/** Plain fields an edit may change. Ownership, status and the rest have their own events. */
export interface EditableFields {
  title?: string;
  description?: string;
  priority?: Priority;
  type?: string;
  queue?: string | null;
  private?: boolean;
  rationale?: string | null;
  evidence?: string[];
  requiresApproval?: boolean;
  /** Set, change or clear (null) the task's repeat rule; occurrences already created stay. */
  recurrence?: Recurrence | null;
}

export interface TaskEventPayloads {
  'task.created': TaskCreatedPayload;
  'task.edited': { fields: EditableFields };
  'task.assigned': { ownerId: UserId | null };
  'task.watcher_added': { userId: UserId };
  'task.watcher_removed': { userId: UserId };
  'task.approver_added': { userId: UserId };
  'task.approver_removed': { userId: UserId };
  'task.scheduled': { dueAt?: Instant | null; startAt?: Instant | null };
  'task.tagged': { add?: string[]; remove?: string[] };
  'task.link_added': { link: EntityLink };
  'task.link_removed': { kind: string; id: string };
  'task.checklist_added': { itemId: string; text: string };
  'task.checklist_toggled': { itemId: string; done: boolean };
  'task.checklist_removed': { itemId: string };
  'task.parent_set': { parentId: TaskId | null };
  'task.prerequisite_added': { taskId: TaskId };
  'task.prerequisite_removed': { taskId: TaskId };
  'task.commented': { commentId: string; body: string };
  'task.status_changed': { status: string };
  'task.submitted': { note?: string };
  'task.approved': { note?: string };
  'task.rejected': { reason: string };
  'task.changes_requested': { reason: string };
  'task.completed': { resolution?: CompletionOutcome };
  'task.dismissed': { reason: string };
  'task.reopened': { reason?: string };
  'task.snoozed': { until: Instant };
  'task.unsnoozed': Record<string, never>;
  'task.handed_off': { handoffId: string; toUserId: UserId; note: string };
  'task.handoff_acknowledged': { handoffId: string };
  'task.source_state_changed': { state: string };
  'task.source_archived': Record<string, never>;
  'task.source_restored': Record<string, never>;
  /** The source was deleted: its tasks leave every list (archived status, `tracking.deleted`). */
  'task.source_deleted': Record<string, never>;
  /** An admin undoes a source deletion: the task is listed again (still archived). */
  'task.source_undeleted': Record<string, never>;
}

export type TaskEventType = keyof TaskEventPayloads;

export interface EventEnvelope {
  id: EventId;
  actor: UserId;
  at: Stamp;
}

export type TaskEventOf<K extends TaskEventType> = EventEnvelope & { type: K; payload: TaskEventPayloads[K] };
export type TaskEvent = { [K in TaskEventType]: TaskEventOf<K> }[TaskEventType];

/** What a caller supplies for a new event; the repository adds id, actor and stamp. */
export type TaskCommand = { [K in TaskEventType]: { type: K; payload: TaskEventPayloads[K] } }[TaskEventType];

export const TASK_EVENT_TYPES: readonly TaskEventType[] = [
  'task.created', 'task.edited', 'task.assigned', 'task.watcher_added', 'task.watcher_removed',
  'task.approver_added', 'task.approver_removed', 'task.scheduled', 'task.tagged', 'task.link_added',
  'task.link_removed', 'task.checklist_added', 'task.checklist_toggled', 'task.checklist_removed',
  'task.parent_set', 'task.prerequisite_added', 'task.prerequisite_removed', 'task.commented',
  'task.status_changed', 'task.submitted', 'task.approved', 'task.rejected', 'task.changes_requested',
  'task.completed', 'task.dismissed', 'task.reopened', 'task.snoozed', 'task.unsnoozed',
  'task.handed_off', 'task.handoff_acknowledged', 'task.source_state_changed', 'task.source_archived',
  'task.source_restored', 'task.source_deleted', 'task.source_undeleted',
];

/** A folded event: applied, or kept in the log but not applied, with the reason. */
export interface FoldedEvent {
  event: TaskEvent;
  rejected: { code: string; message: string } | null;
}

export type { Resolution };
