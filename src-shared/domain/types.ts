// The task model. A task's state is never stored: it is the fold of the task's
// append-only event log (see reducer.ts). Every replica folds the same merged log
// the same way, so every replica agrees on the state and the rules hold after any
// merge. Events that are invalid at their place in the merged order stay in the
// log and are reported as rejected, with a code and a sentence for people.
import type { EntityKind } from './entity-kinds';

import type { OccurrenceOf, Recurrence } from './recurrence';

export type UserId = string;
export type TaskId = string;
export type EventId = string;
/** Hybrid logical clock stamp, see clock.ts. Sorts as a string. */
export type Stamp = string;
/** ISO-8601 instant, e.g. 2026-11-21T08:00:00.000Z. */
export type Instant = string;

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const STATUS_CATEGORIES = ['unstarted', 'started', 'waiting', 'approval', 'done', 'canceled'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

export const ORIGINS = ['manual', 'template', 'signal', 'suggestion', 'tracking'] as const;
export type Origin = (typeof ORIGINS)[number];

export const ROLES = ['viewer', 'operator', 'lead', 'admin', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a completion records (seed 003): passed, failed, skipped (found unnecessary once claimed) or plain
 * completed. The one list the fold's payload check, the relay, the archive and the outcome picker share.
 */
export const COMPLETION_OUTCOMES = ['passed', 'failed', 'skipped', 'completed'] as const;
export type CompletionOutcome = (typeof COMPLETION_OUTCOMES)[number];

export const RESOLUTIONS = [...COMPLETION_OUTCOMES, 'cancelled', 'dismissed', 'rejected'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export interface EntityLink {
  /** order, shipment, lot, invoice, customer, project, trip, ... */
  kind: string;
  id: string;
  label: string;
  url?: string;
}

export interface ChecklistItem {
  id: string;
  text: string;
  done: boolean;
}

export interface Comment {
  id: string;
  author: UserId;
  at: Stamp;
  body: string;
}

export interface Handoff {
  id: string;
  from: UserId;
  to: UserId;
  note: string;
  at: Stamp;
  acknowledged: boolean;
}

export interface Approval {
  /** Who submitted the current (or last) approval round. */
  submittedBy: UserId | null;
  submittedAt: Stamp | null;
  decidedBy: UserId | null;
  decision: 'approved' | 'rejected' | 'changes_requested' | null;
  reason: string | null;
}

export interface Tracking {
  /** Which of the workspace's status mappings (settings.statusMappings) applies. */
  mapping: string;
  /** The external source (seed 001: an advance module, a feed); archived and restored as a whole. */
  source: string;
  sourceId: string;
  /** The source object's latest state (e.g. not_started, needs_review, done). */
  state: string;
  archived: boolean;
  /** The source was deleted: the task is hidden from every list until an admin undeletes it. */
  deleted?: boolean;
}

/** The folded state of one task. */
export interface TaskState {
  id: TaskId;
  title: string;
  description: string;
  status: string;
  category: StatusCategory;
  priority: Priority;
  type: string;
  queue: string | null;
  ownerId: UserId | null;
  watchers: UserId[];
  /** Users named on this task who may approve it, besides leads and admins. */
  approvers: UserId[];
  requiresApproval: boolean;
  dueAt: Instant | null;
  startAt: Instant | null;
  snoozeUntil: Instant | null;
  tags: string[];
  links: EntityLink[];
  parentId: TaskId | null;
  checklist: ChecklistItem[];
  blockedBy: TaskId[];
  private: boolean;
  comments: Comment[];
  origin: Origin;
  rationale: string | null;
  evidence: string[];
  confidenceScore: number | null;
  resolution: Resolution | null;
  dismissalReason: string | null;
  reopenCount: number;
  lastReopenedAt: Stamp | null;
  approval: Approval;
  handoff: Handoff | null;
  tracking: Tracking | null;
  templateId: string | null;
  /** The rule this task repeats by (recurrence.ts); absent on states built before recurrences. */
  recurrence?: Recurrence | null;
  /** The rule and local date-time this task is an occurrence of, when the scheduler created it. */
  occurrence?: OccurrenceOf | null;
  createdAt: Stamp;
  createdBy: UserId;
  updatedAt: Stamp;
  updatedBy: UserId;
}

/** A status a workspace defines; the rules speak only in its category. */
export interface StatusDefinition {
  id: string;
  label: string;
  category: StatusCategory;
  /** #rrggbb for Board columns and badges; absent: the category's colour. */
  color?: string;
  /** Retired from pickers: tasks already in it keep it, no one picks it anew. */
  hidden?: boolean;
}

/** Seed 001: an external source's states mapped to workspace statuses. */
export interface StatusMapping {
  /** external state -> workspace status id */
  states: Record<string, string>;
  /** status a tracked task takes while its source is archived */
  archived: string;
}

export interface WorkspaceSettings {
  statuses: StatusDefinition[];
  taskTypes: string[];
  queues: string[];
  /** May a submitter approve their own submission? */
  allowSelfApproval: boolean;
  /** Users who may approve any task, besides leads and admins. */
  approvers: UserId[];
  statusMappings: Record<string, StatusMapping>;
  /** Suggestions of this type at or above this confidence are approved automatically. */
  autoApproveThresholds: Record<string, number>;
  /** Hours after which an untouched suggestion expires. */
  suggestionExpiryHours: number;
  /** Local time-of-day (HH:MM) at which a shift ends; snooze "end of shift" uses it. */
  shiftEnds: string[];
  /** Days a closed task stays in the live document before it moves to the archive (DESIGN "A bounded live document"). */
  retentionDays: number;
  /** The kinds of entity tasks link to, with labels and URL patterns (entity-kinds.ts). */
  entityKinds: EntityKind[];
  /** IANA zone shift ends are in (e.g. Europe/Paris); null: each device's own zone. */
  timeZone: string | null;
  /** queue -> the member a new task in that queue goes to when it names no owner (queues.ts). */
  queueOwners: Record<string, UserId>;
  /** Task types whose tasks are created requiring approval (approval-types.ts). */
  approvalTypes: string[];
  /** task type or queue id -> what people read ("qc" -> "QC"); ids not in it are humanised (list-labels.ts). */
  listLabels: Record<string, string>;
}

/** What the fold needs besides the log. It must be identical on every replica: both come from the document. */
export interface FoldContext {
  settings: WorkspaceSettings;
  /** The author's role as of a stamp, from the relay-written members log (members.ts). */
  roleAt: (user: UserId, at: Stamp) => Role | undefined;
  /** settings.approvalTypes as of a stamp, from the config log (absent: the current value). */
  approvalTypesAt?: (at: Stamp) => readonly string[];
}

export interface DomainError {
  /** Machine-readable, stable: tests and the UI switch on it. */
  code: RejectionCode;
  /** One sentence for people. */
  message: string;
}

export type RejectionCode =
  | 'unknown_task'
  | 'unknown_template'
  | 'unknown_source'
  | 'not_deleted'
  | 'duplicate_task'
  | 'invalid_payload'
  | 'task_closed'
  | 'transition_not_allowed'
  | 'unknown_status'
  | 'not_an_approver'
  | 'self_approval'
  | 'not_pending_approval'
  | 'reason_required'
  | 'approval_required'
  | 'not_owner'
  | 'not_closed'
  | 'already_snoozed'
  | 'not_snoozed'
  | 'no_handoff'
  | 'not_tracked'
  | 'no_status_mapping'
  | 'viewer_read_only'
  | 'not_a_member'
  | 'not_permitted'
  | 'unknown_item'
  | 'self_dependency'
  | 'unknown_event'
  | 'unknown_suggestion'
  | 'already_decided'
  | 'expired'
  | 'muted';

export type Result<T, E = DomainError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = (code: RejectionCode, message: string): Result<never> => ({ ok: false, error: { code, message } });
