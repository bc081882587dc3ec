// Who may append what: the rules that depend on the author's role, not on the
// order events merged in. The fold runs them with the author's role as of the
// event's stamp (members.ts); the relay runs the very same functions with the
// author's role now, before it stores an update, so a client that skips them
// gets its update refused instead of its way.
//
// Kept apart from rules.ts on purpose: these never refuse honest concurrent
// work (two offline approvals of one task both pass here; the fold keeps the
// second as rejected), so the relay can enforce them without refusing anyone
// who played by the rules.
import { typeRequiresApproval } from './creation-defaults';
import type { TaskEvent } from './events';
import type { DomainError, Role, TaskState, UserId, WorkspaceSettings } from './types';

const refuse = (code: DomainError['code'], message: string): DomainError => ({ code, message });

export const isLeadRole = (role: Role | undefined): boolean => role === 'lead' || role === 'admin';

/** May this user decide on this task's approval (approve, reject, request changes)? */
export function isApprover(user: UserId, role: Role | undefined, task: TaskState, settings: WorkspaceSettings): boolean {
  if (isLeadRole(role)) return true;
  if (role === undefined || role === 'viewer') return false;
  return settings.approvers.includes(user) || task.approvers.includes(user);
}

/** Deciding on one's own submission, which the workspace forbids unless it allows self-approval (rules.ts refuses it). */
export function isOwnSubmission(user: UserId, task: TaskState, settings: WorkspaceSettings): boolean {
  return user === task.approval.submittedBy && !settings.allowSelfApproval;
}

/** Whether a decision by `user` would apply: an approver (role), deciding on someone else's submission (rules). */
export function canDecide(user: UserId, role: Role | undefined, task: TaskState, settings: WorkspaceSettings): boolean {
  return isApprover(user, role, task, settings) && !isOwnSubmission(user, task, settings);
}

const TRACKING_EVENTS: ReadonlySet<string> = new Set(['task.source_state_changed', 'task.source_archived', 'task.source_restored', 'task.source_deleted']);
const DECISIONS: ReadonlySet<string> = new Set(['task.approved', 'task.rejected', 'task.changes_requested']);

/**
 * Role checks for one task event. `state` is the task as folded before the event
 * (null for a creation); the approver list it names counts for decisions.
 * `approvalTypes` are the types requiring approval when the event was made: the
 * fold passes them as of the event's stamp (a later change of the setting does not
 * refuse tasks made before it), the relay the workspace's now.
 */
export function checkTaskAuthority(
  state: TaskState | null, event: TaskEvent, role: Role | undefined, settings: WorkspaceSettings,
  approvalTypes: readonly string[] = settings.approvalTypes,
): DomainError | null {
  if (role === undefined) return refuse('not_a_member', `${event.actor} is not a member of this workspace.`);
  if (role === 'viewer') return refuse('viewer_read_only', `${event.actor} can only view this workspace.`);
  const lead = isLeadRole(role);
  switch (event.type) {
    case 'task.created': {
      const p = event.payload as Partial<TaskEvent['payload']> & { approvers?: unknown; tracking?: unknown };
      if (Array.isArray(p.approvers) && p.approvers.length > 0 && !lead) {
        return refuse('not_permitted', 'Only leads and admins name a task\'s approvers.');
      }
      if (p.tracking && !(lead || role === 'integration')) {
        return refuse('not_permitted', 'Only integrations, leads and admins create tracked tasks.');
      }
      const created = event.payload as { type?: unknown; requiresApproval?: unknown };
      const type = typeof created.type === 'string' ? created.type : undefined;
      if (!lead && !p.tracking && created.requiresApproval !== true && typeRequiresApproval(type, approvalTypes)) {
        return refuse('approval_required', `Tasks of type ${type ?? 'follow_up'} require approval; only leads and admins create one without it.`);
      }
      return null;
    }
    case 'task.approver_added':
    case 'task.approver_removed':
      return lead ? null : refuse('not_permitted', 'Only leads and admins change who may approve a task.');
    case 'task.edited': {
      const fields = (event.payload as { fields?: { requiresApproval?: unknown } }).fields;
      if (fields?.requiresApproval === false && state?.requiresApproval && !lead) {
        return refuse('not_permitted', 'Only leads and admins lift a task\'s approval requirement.');
      }
      const type = (fields as { type?: unknown } | undefined)?.type;
      if (!lead && typeof type === 'string' && typeRequiresApproval(type, approvalTypes) && fields?.requiresApproval !== true &&
        state !== null && !state.requiresApproval && !state.tracking) {
        return refuse('approval_required', `Tasks of type ${type} require approval; set "requires approval" with the type.`);
      }
      return null;
    }
    case 'task.source_undeleted':
      return role === 'admin' ? null : refuse('not_permitted', 'Only admins undo a source deletion.');
    default:
      break;
  }
  if (TRACKING_EVENTS.has(event.type) && !(lead || role === 'integration')) {
    return refuse('not_permitted', 'Only integrations, leads and admins move a tracked source.');
  }
  if (DECISIONS.has(event.type) && state && !isApprover(event.actor, role, state, settings)) {
    return refuse('not_an_approver', `${event.actor} is not an approver for "${state.title}".`);
  }
  return null;
}

/** Role checks for one suggestion event (suggestions.ts). */
export function checkSuggestionAuthority(type: string, actor: UserId, role: Role | undefined): DomainError | null {
  if (role === undefined) return refuse('not_a_member', `${actor} is not a member of this workspace.`);
  if (role === 'viewer') return refuse('viewer_read_only', `${actor} can only view this workspace.`);
  if (type === 'suggestion.created' && !(role === 'integration' || role === 'admin')) {
    return refuse('not_permitted', 'Suggestions come from integrations (signals), not from people.');
  }
  return null;
}
