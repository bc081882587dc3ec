// How each event changes a task, once the rules (rules.ts) have let it apply.
// Status changes go through enterStatus, the one place that keeps category,
// resolution and approval fields consistent with each other.
import type { TaskCreatedPayload, TaskEvent } from './events';
import { findStatus, firstStatusOf, isClosedCategory } from './statuses';
import type { Approval, FoldContext, Resolution, StatusCategory, TaskState } from './types';

const NO_APPROVAL: Approval = { submittedBy: null, submittedAt: null, decidedBy: null, decision: null, reason: null };

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

function statusOfCategory(context: FoldContext, category: StatusCategory): string {
  return firstStatusOf(context.settings, category).id;
}

/** Move to a status; derive the category, clear or set what depends on it. Mutates the draft. */
function enterStatus(task: TaskState, statusId: string, context: FoldContext, resolution: Resolution | null): void {
  const category = findStatus(context.settings, statusId)?.category ?? 'unstarted';
  const closed = isClosedCategory(category);
  const leavingDecision = !closed && (task.approval.decision === 'approved' || task.approval.decision === 'rejected');
  task.status = statusId;
  task.category = category;
  task.resolution = closed ? resolution ?? (category === 'done' ? 'completed' : 'cancelled') : null;
  if (!closed) task.dismissalReason = null;
  if (closed) task.snoozeUntil = null;
  if (leavingDecision) task.approval = NO_APPROVAL;
}

export function createdState(taskId: string, event: TaskEvent & { type: 'task.created' }, context: FoldContext): TaskState {
  const p: TaskCreatedPayload = event.payload;
  const tracking = p.tracking ? { ...p.tracking, archived: false } : null;
  const mapped = tracking ? context.settings.statusMappings[tracking.mapping]?.states[tracking.state] : undefined;
  const status = mapped ?? p.status ?? statusOfCategory(context, 'unstarted');
  const base: TaskState = {
    id: taskId,
    title: p.title.trim(),
    description: p.description ?? '',
    status,
    category: 'unstarted',
    priority: p.priority ?? 'normal',
    type: p.type ?? 'follow_up',
    queue: p.queue ?? null,
    ownerId: p.ownerId ?? null,
    watchers: unique(p.watchers ?? []),
    approvers: unique(p.approvers ?? []),
    requiresApproval: p.requiresApproval ?? false,
    dueAt: p.dueAt ?? null,
    startAt: p.startAt ?? null,
    snoozeUntil: null,
    tags: unique(p.tags ?? []),
    links: p.links ?? [],
    parentId: p.parentId ?? null,
    checklist: (p.checklist ?? []).map((item) => ({ id: item.id, text: item.text, done: false })),
    blockedBy: unique(p.blockedBy ?? []),
    private: p.private ?? false,
    comments: [],
    origin: p.origin ?? (tracking ? 'tracking' : p.templateId ? 'template' : 'manual'),
    rationale: p.rationale ?? null,
    evidence: (p.evidence ?? []).slice(0, 2),
    confidenceScore: p.confidenceScore ?? null,
    resolution: null,
    dismissalReason: null,
    reopenCount: 0,
    lastReopenedAt: null,
    approval: NO_APPROVAL,
    handoff: null,
    tracking,
    templateId: p.templateId ?? null,
    recurrence: p.recurrence ?? null,
    occurrence: p.occurrence ?? null,
    createdAt: event.at,
    createdBy: event.actor,
    updatedAt: event.at,
    updatedBy: event.actor,
  };
  enterStatus(base, status, context, null);
  if (base.category === 'approval') base.approval = { ...NO_APPROVAL, submittedBy: event.actor, submittedAt: event.at };
  return base;
}

/** A tracked task follows its source: the mapping decides the status. */
function followSource(task: TaskState, event: TaskEvent, context: FoldContext, state: string, archived: boolean): void {
  const tracking = task.tracking;
  if (!tracking) return;
  const mapping = context.settings.statusMappings[tracking.mapping];
  const statusId = (archived ? mapping?.archived : mapping?.states[state]) ?? task.status;
  const wasInApproval = task.category === 'approval';
  enterStatus(task, statusId, context, null);
  task.tracking = { ...tracking, state, archived };
  if (task.category === 'approval' && !wasInApproval) {
    task.approval = { ...NO_APPROVAL, submittedBy: event.actor, submittedAt: event.at };
  } else if (task.category !== 'approval' && wasInApproval && task.approval.decision === null) {
    task.approval = NO_APPROVAL;
  }
}

/**
 * Apply an event the rules have accepted, mutating `draft` (a private copy the
 * fold owns, never a state anyone else holds) and returning it. Arrays and
 * nested objects are replaced, never changed in place: earlier states share them.
 */
export function applyChange(taskId: string, draft: TaskState | null, event: TaskEvent, context: FoldContext): TaskState {
  if (event.type === 'task.created') return createdState(taskId, event, context);
  if (!draft) throw new Error('applyChange needs a state for every event but task.created');
  const task = draft;
  task.updatedAt = event.at;
  task.updatedBy = event.actor;
  switch (event.type) {
    case 'task.edited': {
      const fields = event.payload.fields;
      Object.assign(task, fields);
      if (fields.title !== undefined) task.title = fields.title.trim();
      if (fields.evidence !== undefined) task.evidence = fields.evidence.slice(0, 2);
      break;
    }
    case 'task.assigned':
      task.ownerId = event.payload.ownerId;
      break;
    case 'task.watcher_added':
      task.watchers = unique([...task.watchers, event.payload.userId]);
      break;
    case 'task.watcher_removed':
      task.watchers = task.watchers.filter((user) => user !== event.payload.userId);
      break;
    case 'task.approver_added':
      task.approvers = unique([...task.approvers, event.payload.userId]);
      break;
    case 'task.approver_removed':
      task.approvers = task.approvers.filter((user) => user !== event.payload.userId);
      break;
    case 'task.scheduled':
      if (event.payload.dueAt !== undefined) task.dueAt = event.payload.dueAt;
      if (event.payload.startAt !== undefined) task.startAt = event.payload.startAt;
      break;
    case 'task.tagged': {
      const removed = new Set(event.payload.remove ?? []);
      task.tags = unique([...task.tags, ...(event.payload.add ?? [])]).filter((tag) => !removed.has(tag));
      break;
    }
    case 'task.link_added': {
      const { link } = event.payload;
      task.links = [...task.links.filter((l) => !(l.kind === link.kind && l.id === link.id)), link];
      break;
    }
    case 'task.link_removed':
      task.links = task.links.filter((l) => !(l.kind === event.payload.kind && l.id === event.payload.id));
      break;
    case 'task.checklist_added':
      if (!task.checklist.some((item) => item.id === event.payload.itemId)) {
        task.checklist = [...task.checklist, { id: event.payload.itemId, text: event.payload.text, done: false }];
      }
      break;
    case 'task.checklist_toggled':
      task.checklist = task.checklist.map((item) => (item.id === event.payload.itemId ? { ...item, done: event.payload.done } : item));
      break;
    case 'task.checklist_removed':
      task.checklist = task.checklist.filter((item) => item.id !== event.payload.itemId);
      break;
    case 'task.parent_set':
      task.parentId = event.payload.parentId;
      break;
    case 'task.prerequisite_added':
      task.blockedBy = unique([...task.blockedBy, event.payload.taskId]);
      break;
    case 'task.prerequisite_removed':
      task.blockedBy = task.blockedBy.filter((id) => id !== event.payload.taskId);
      break;
    case 'task.commented':
      task.comments = [...task.comments, { id: event.payload.commentId, author: event.actor, at: event.at, body: event.payload.body }];
      break;
    case 'task.status_changed':
      enterStatus(task, event.payload.status, context, null);
      break;
    case 'task.submitted':
      enterStatus(task, statusOfCategory(context, 'approval'), context, null);
      task.approval = { ...NO_APPROVAL, submittedBy: event.actor, submittedAt: event.at };
      break;
    case 'task.approved':
      enterStatus(task, statusOfCategory(context, 'done'), context, 'completed');
      task.approval = { ...task.approval, decidedBy: event.actor, decision: 'approved', reason: event.payload.note ?? null };
      break;
    case 'task.rejected':
      enterStatus(task, statusOfCategory(context, 'canceled'), context, 'rejected');
      task.approval = { ...task.approval, decidedBy: event.actor, decision: 'rejected', reason: event.payload.reason };
      break;
    case 'task.changes_requested':
      enterStatus(task, statusOfCategory(context, 'started'), context, null);
      task.approval = { ...task.approval, decidedBy: event.actor, decision: 'changes_requested', reason: event.payload.reason };
      break;
    case 'task.completed':
      enterStatus(task, statusOfCategory(context, 'done'), context, event.payload.resolution ?? 'completed');
      break;
    case 'task.dismissed':
      enterStatus(task, statusOfCategory(context, 'canceled'), context, 'dismissed');
      task.dismissalReason = event.payload.reason;
      break;
    case 'task.reopened':
      enterStatus(task, statusOfCategory(context, 'unstarted'), context, null);
      task.approval = NO_APPROVAL;
      task.reopenCount += 1;
      task.lastReopenedAt = event.at;
      break;
    case 'task.snoozed':
      task.snoozeUntil = event.payload.until;
      break;
    case 'task.unsnoozed':
      task.snoozeUntil = null;
      break;
    case 'task.handed_off':
      task.ownerId = event.payload.toUserId;
      task.handoff = {
        id: event.payload.handoffId, from: event.actor, to: event.payload.toUserId,
        note: event.payload.note, at: event.at, acknowledged: false,
      };
      break;
    case 'task.handoff_acknowledged':
      if (task.handoff) task.handoff = { ...task.handoff, acknowledged: true };
      break;
    case 'task.source_state_changed':
      followSource(task, event, context, event.payload.state, task.tracking?.archived ?? false);
      break;
    case 'task.source_archived':
      followSource(task, event, context, task.tracking?.state ?? '', true);
      break;
    case 'task.source_restored':
      followSource(task, event, context, task.tracking?.state ?? '', false);
      break;
    case 'task.source_deleted':
      followSource(task, event, context, task.tracking?.state ?? '', true);
      if (task.tracking) task.tracking = { ...task.tracking, deleted: true };
      break;
    case 'task.source_undeleted':
      if (task.tracking) task.tracking = { ...task.tracking, deleted: false };
      break;
  }
  return task;
}
