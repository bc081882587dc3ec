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

/** Move to a status; derive the category, clear or set what depends on it. */
function enterStatus(task: TaskState, statusId: string, context: FoldContext, resolution: Resolution | null): TaskState {
  const category = findStatus(context.settings, statusId)?.category ?? 'unstarted';
  const closed = isClosedCategory(category);
  const leavingDecision = !closed && (task.approval.decision === 'approved' || task.approval.decision === 'rejected');
  return {
    ...task,
    status: statusId,
    category,
    resolution: closed ? resolution ?? (category === 'done' ? 'completed' : 'cancelled') : null,
    dismissalReason: closed ? task.dismissalReason : null,
    snoozeUntil: closed ? null : task.snoozeUntil,
    approval: leavingDecision ? NO_APPROVAL : task.approval,
  };
}

export function createdState(event: TaskEvent & { type: 'task.created' }, context: FoldContext): TaskState {
  const p: TaskCreatedPayload = event.payload;
  const tracking = p.tracking ? { ...p.tracking, archived: false } : null;
  const mapped = tracking ? context.settings.statusMappings[tracking.mapping]?.states[tracking.state] : undefined;
  const status = mapped ?? p.status ?? statusOfCategory(context, 'unstarted');
  const base: TaskState = {
    id: '',
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
    createdAt: event.at,
    createdBy: event.actor,
    updatedAt: event.at,
    updatedBy: event.actor,
  };
  const entered = enterStatus(base, status, context, null);
  return entered.category === 'approval'
    ? { ...entered, approval: { ...NO_APPROVAL, submittedBy: event.actor, submittedAt: event.at } }
    : entered;
}

/** A tracked task follows its source: the mapping decides the status. */
function followSource(task: TaskState, event: TaskEvent, context: FoldContext, state: string, archived: boolean): TaskState {
  const tracking = task.tracking;
  if (!tracking) return task;
  const mapping = context.settings.statusMappings[tracking.mapping];
  const statusId = (archived ? mapping?.archived : mapping?.states[state]) ?? task.status;
  const moved = { ...enterStatus(task, statusId, context, null), tracking: { ...tracking, state, archived } };
  if (moved.category === 'approval' && task.category !== 'approval') {
    return { ...moved, approval: { ...NO_APPROVAL, submittedBy: event.actor, submittedAt: event.at } };
  }
  if (moved.category !== 'approval' && task.category === 'approval' && moved.approval.decision === null) {
    return { ...moved, approval: NO_APPROVAL };
  }
  return moved;
}

/** The state after an event the rules have accepted. */
export function applyChange(taskId: string, state: TaskState | null, event: TaskEvent, context: FoldContext): TaskState {
  if (event.type === 'task.created') {
    return { ...createdState(event, context), id: taskId };
  }
  if (!state) throw new Error('applyChange needs a state for every event but task.created');
  const task: TaskState = { ...state, updatedAt: event.at, updatedBy: event.actor };
  switch (event.type) {
    case 'task.edited': {
      const fields = event.payload.fields;
      return {
        ...task,
        ...fields,
        title: fields.title !== undefined ? fields.title.trim() : task.title,
        evidence: fields.evidence !== undefined ? fields.evidence.slice(0, 2) : task.evidence,
      };
    }
    case 'task.assigned':
      return { ...task, ownerId: event.payload.ownerId };
    case 'task.watcher_added':
      return { ...task, watchers: unique([...task.watchers, event.payload.userId]) };
    case 'task.watcher_removed':
      return { ...task, watchers: task.watchers.filter((user) => user !== event.payload.userId) };
    case 'task.approver_added':
      return { ...task, approvers: unique([...task.approvers, event.payload.userId]) };
    case 'task.approver_removed':
      return { ...task, approvers: task.approvers.filter((user) => user !== event.payload.userId) };
    case 'task.scheduled':
      return {
        ...task,
        dueAt: event.payload.dueAt === undefined ? task.dueAt : event.payload.dueAt,
        startAt: event.payload.startAt === undefined ? task.startAt : event.payload.startAt,
      };
    case 'task.tagged': {
      const removed = new Set(event.payload.remove ?? []);
      return { ...task, tags: unique([...task.tags, ...(event.payload.add ?? [])]).filter((tag) => !removed.has(tag)) };
    }
    case 'task.link_added': {
      const { link } = event.payload;
      const others = task.links.filter((l) => !(l.kind === link.kind && l.id === link.id));
      return { ...task, links: [...others, link] };
    }
    case 'task.link_removed':
      return { ...task, links: task.links.filter((l) => !(l.kind === event.payload.kind && l.id === event.payload.id)) };
    case 'task.checklist_added':
      if (task.checklist.some((item) => item.id === event.payload.itemId)) return task;
      return { ...task, checklist: [...task.checklist, { id: event.payload.itemId, text: event.payload.text, done: false }] };
    case 'task.checklist_toggled':
      return {
        ...task,
        checklist: task.checklist.map((item) => (item.id === event.payload.itemId ? { ...item, done: event.payload.done } : item)),
      };
    case 'task.checklist_removed':
      return { ...task, checklist: task.checklist.filter((item) => item.id !== event.payload.itemId) };
    case 'task.parent_set':
      return { ...task, parentId: event.payload.parentId };
    case 'task.prerequisite_added':
      return { ...task, blockedBy: unique([...task.blockedBy, event.payload.taskId]) };
    case 'task.prerequisite_removed':
      return { ...task, blockedBy: task.blockedBy.filter((id) => id !== event.payload.taskId) };
    case 'task.commented':
      return {
        ...task,
        comments: [...task.comments, { id: event.payload.commentId, author: event.actor, at: event.at, body: event.payload.body }],
      };
    case 'task.status_changed':
      return enterStatus(task, event.payload.status, context, null);
    case 'task.submitted':
      return {
        ...enterStatus(task, statusOfCategory(context, 'approval'), context, null),
        approval: { ...NO_APPROVAL, submittedBy: event.actor, submittedAt: event.at },
      };
    case 'task.approved':
      return {
        ...enterStatus(task, statusOfCategory(context, 'done'), context, 'completed'),
        approval: { ...task.approval, decidedBy: event.actor, decision: 'approved', reason: event.payload.note ?? null },
      };
    case 'task.rejected':
      return {
        ...enterStatus(task, statusOfCategory(context, 'canceled'), context, 'rejected'),
        approval: { ...task.approval, decidedBy: event.actor, decision: 'rejected', reason: event.payload.reason },
      };
    case 'task.changes_requested':
      return {
        ...enterStatus(task, statusOfCategory(context, 'started'), context, null),
        approval: { ...task.approval, decidedBy: event.actor, decision: 'changes_requested', reason: event.payload.reason },
      };
    case 'task.completed':
      return enterStatus(task, statusOfCategory(context, 'done'), context, event.payload.resolution ?? 'completed');
    case 'task.dismissed':
      return {
        ...enterStatus(task, statusOfCategory(context, 'canceled'), context, 'dismissed'),
        dismissalReason: event.payload.reason,
      };
    case 'task.reopened':
      return {
        ...enterStatus(task, statusOfCategory(context, 'unstarted'), context, null),
        approval: NO_APPROVAL,
        reopenCount: task.reopenCount + 1,
        lastReopenedAt: event.at,
      };
    case 'task.snoozed':
      return { ...task, snoozeUntil: event.payload.until };
    case 'task.unsnoozed':
      return { ...task, snoozeUntil: null };
    case 'task.handed_off':
      return {
        ...task,
        ownerId: event.payload.toUserId,
        handoff: {
          id: event.payload.handoffId,
          from: event.actor,
          to: event.payload.toUserId,
          note: event.payload.note,
          at: event.at,
          acknowledged: false,
        },
      };
    case 'task.handoff_acknowledged':
      return task.handoff ? { ...task, handoff: { ...task.handoff, acknowledged: true } } : task;
    case 'task.source_state_changed':
      return followSource(task, event, context, event.payload.state, task.tracking?.archived ?? false);
    case 'task.source_archived':
      return followSource(task, event, context, task.tracking?.state ?? '', true);
    case 'task.source_restored':
      return followSource(task, event, context, task.tracking?.state ?? '', false);
  }
}
