// The rules: may this event apply to this state? Each rule is a plain function of
// (state, event, context) with no I/O. A refusal carries a stable code and a
// sentence for people. Events come from other devices, so payloads are checked
// here too: a malformed event is refused, never thrown on.
import { checkTaskAuthority, isOwnSubmission } from './authority';
import { TASK_EVENT_TYPES, type TaskEvent, type TaskEventType } from './events';
import { checkPayload } from './payloads';
import { canTransition, findStatus, isClosedCategory, WORKABLE_CATEGORIES } from './statuses';
import type { DomainError, FoldContext, RejectionCode, TaskState } from './types';

const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set(TASK_EVENT_TYPES);

const refuse = (code: RejectionCode, message: string): DomainError => ({ code, message });

/** Closed tasks accept only these: a comment, a reopen, acknowledging a handoff, and their tracked source's moves. */
const ALLOWED_WHEN_CLOSED: ReadonlySet<TaskEventType> = new Set<TaskEventType>([
  'task.commented',
  'task.reopened',
  'task.handoff_acknowledged',
  'task.source_state_changed',
  'task.source_archived',
  'task.source_restored',
  'task.source_deleted',
  'task.source_undeleted',
]);

function checkDecision(task: TaskState, event: TaskEvent, context: FoldContext): DomainError | null {
  if (task.category !== 'approval') {
    return refuse('not_pending_approval', `"${task.title}" is not awaiting approval.`);
  }
  if (isOwnSubmission(event.actor, task, context.settings)) {
    return refuse('self_approval', `${event.actor} submitted "${task.title}" and cannot decide on their own submission.`);
  }
  return null;
}

function checkWorkable(task: TaskState, what: string): DomainError | null {
  if (WORKABLE_CATEGORIES.includes(task.category)) return null;
  return refuse('transition_not_allowed', `"${task.title}" is ${task.status}; it cannot be ${what} from there.`);
}

export function checkRules(state: TaskState | null, event: TaskEvent, context: FoldContext): DomainError | null {
  if (!KNOWN_EVENT_TYPES.has(event.type)) return refuse('unknown_event', `Unknown event type "${String(event.type)}".`);
  const payloadError = checkPayload(event);
  if (payloadError) return refuse('invalid_payload', payloadError);

  // Role rules first, with the author's role as of the event's stamp (the relay runs the same check).
  const approvalTypes = context.approvalTypesAt && (event.type === 'task.created' || event.type === 'task.edited')
    ? context.approvalTypesAt(event.at) : context.settings.approvalTypes;
  const authority = checkTaskAuthority(state, event, context.roleAt(event.actor, event.at), context.settings, approvalTypes);
  if (authority) return authority;

  if (event.type === 'task.created') {
    if (state) return refuse('duplicate_task', 'This task already exists.');
    const { status, tracking } = event.payload;
    if (tracking) return checkTrackedStatus(tracking.mapping, tracking.state, context);
    if (status !== undefined) {
      const definition = findStatus(context.settings, status);
      if (!definition) return refuse('unknown_status', `"${status}" is not a status of this workspace.`);
      if (!WORKABLE_CATEGORIES.includes(definition.category)) {
        return refuse('transition_not_allowed', `A new task cannot start as ${status}.`);
      }
    }
    return null;
  }

  if (!state) return refuse('unknown_task', 'This task does not exist (yet) on this device.');

  if (isClosedCategory(state.category) && !ALLOWED_WHEN_CLOSED.has(event.type)) {
    return refuse('task_closed', `"${state.title}" is ${state.status}; reopen it to change it.`);
  }

  switch (event.type) {
    case 'task.status_changed': {
      const target = findStatus(context.settings, event.payload.status);
      if (!target) return refuse('unknown_status', `"${event.payload.status}" is not a status of this workspace.`);
      if (target.category === 'approval') {
        return refuse('transition_not_allowed', `Submit "${state.title}" for approval instead of setting ${target.id}.`);
      }
      if (target.category === 'done' && state.requiresApproval) {
        return refuse('approval_required', `"${state.title}" needs approval before it can be completed.`);
      }
      if (!canTransition(state.category, target.category)) {
        return refuse('transition_not_allowed', `"${state.title}" cannot move from ${state.status} to ${target.id}.`);
      }
      return null;
    }
    case 'task.submitted':
      return checkWorkable(state, 'submitted for approval');
    case 'task.approved':
      return checkDecision(state, event, context);
    case 'task.rejected':
    case 'task.changes_requested':
      if (!event.payload.reason.trim()) return refuse('reason_required', 'Say why: a reason is required.');
      return checkDecision(state, event, context);
    case 'task.completed':
      if (state.requiresApproval) {
        return refuse('approval_required', `"${state.title}" needs approval before it can be completed.`);
      }
      return checkWorkable(state, 'completed');
    case 'task.dismissed':
      if (!event.payload.reason.trim()) return refuse('reason_required', 'Say why: a reason is required to dismiss.');
      return checkWorkable(state, 'dismissed');
    case 'task.reopened':
      if (!isClosedCategory(state.category)) return refuse('not_closed', `"${state.title}" is still open.`);
      return null;
    case 'task.snoozed':
      return null;
    case 'task.unsnoozed':
      if (!state.snoozeUntil) return refuse('not_snoozed', `"${state.title}" is not snoozed.`);
      return null;
    case 'task.handed_off': {
      const role = context.roleAt(event.actor, event.at);
      const mayHandOff = state.ownerId === event.actor || role === 'lead' || role === 'admin';
      if (!mayHandOff) {
        return refuse('not_owner', `${event.actor} no longer owns "${state.title}" and cannot hand it off.`);
      }
      return null;
    }
    case 'task.handoff_acknowledged':
      if (!state.handoff || state.handoff.id !== event.payload.handoffId) {
        return refuse('no_handoff', 'That handoff is not the current one for this task.');
      }
      if (state.handoff.to !== event.actor) {
        return refuse('not_owner', `Only ${state.handoff.to}, who received it, can acknowledge this handoff.`);
      }
      return null;
    case 'task.checklist_toggled':
    case 'task.checklist_removed':
      if (!state.checklist.some((item) => item.id === event.payload.itemId)) {
        return refuse('unknown_item', 'That checklist item is not on this task.');
      }
      return null;
    case 'task.prerequisite_added':
      if (event.payload.taskId === state.id) return refuse('self_dependency', 'A task cannot wait for itself.');
      return null;
    case 'task.parent_set':
      if (event.payload.parentId === state.id) return refuse('self_dependency', 'A task cannot be its own parent.');
      return null;
    case 'task.source_state_changed':
      if (!state.tracking) return refuse('not_tracked', `"${state.title}" does not follow a source.`);
      return checkTrackedStatus(state.tracking.mapping, event.payload.state, context);
    case 'task.source_archived':
    case 'task.source_restored':
    case 'task.source_deleted':
      if (!state.tracking) return refuse('not_tracked', `"${state.title}" does not follow a source.`);
      return checkTrackedStatus(state.tracking.mapping, state.tracking.state, context);
    case 'task.source_undeleted':
      return state.tracking?.deleted ? null : refuse('not_deleted', `"${state.title}" is not deleted.`);
    default:
      return null;
  }
}

function checkTrackedStatus(mappingName: string, sourceState: string, context: FoldContext): DomainError | null {
  const mapping = context.settings.statusMappings[mappingName];
  if (!mapping) return refuse('no_status_mapping', `No status mapping "${mappingName}" is configured.`);
  const status = mapping.states[sourceState];
  if (!status || !findStatus(context.settings, status)) {
    return refuse('no_status_mapping', `The "${mappingName}" mapping has no status for "${sourceState}".`);
  }
  if (!findStatus(context.settings, mapping.archived)) {
    return refuse('no_status_mapping', `The "${mappingName}" mapping's archived status is not a workspace status.`);
  }
  return null;
}
