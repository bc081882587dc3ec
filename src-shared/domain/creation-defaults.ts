// What a new task gets from the workspace's settings when its creator did not say:
//   - a task in a queue with a default owner (settings.queueOwners) and no owner goes
//     to that owner, if they are still a member who works tasks (not an integration
//     account, not a viewer): a stale setting never hands work to someone who left;
//   - a task of a type that requires approval (settings.approvalTypes) is created
//     requiring approval. checkTaskAuthority (authority.ts) holds the other side: a
//     creation of such a type without it is refused unless a lead or admin made it,
//     in the fold and on the relay.
// Every creation path (quick create, templates, suggestions) goes through
// repository.create, which applies these.
import type { TaskCreatedPayload } from './events';
import type { Result, Role, UserId, WorkspaceSettings } from './types';

/** Roles that own and work tasks. */
export const canOwnTasks = (role: Role | undefined): boolean => role === 'operator' || role === 'lead' || role === 'admin';

export function queueDefaultOwner(
  queue: string | null | undefined, settings: Pick<WorkspaceSettings, 'queueOwners'>, roleOf: (user: UserId) => Role | undefined,
): UserId | null {
  if (!queue) return null;
  const owner = settings.queueOwners[queue];
  return owner !== undefined && canOwnTasks(roleOf(owner)) ? owner : null;
}

export function typeRequiresApproval(type: string | undefined, approvalTypes: readonly string[]): boolean {
  return approvalTypes.includes(type ?? 'follow_up');
}

/** The payload with the settings' defaults filled in; what the creator said always wins. */
export function withCreationDefaults(
  payload: TaskCreatedPayload, settings: Pick<WorkspaceSettings, 'queueOwners' | 'approvalTypes'>, roleOf: (user: UserId) => Role | undefined,
): TaskCreatedPayload {
  let next = payload;
  if (!payload.ownerId) {
    const owner = queueDefaultOwner(payload.queue, settings, roleOf);
    if (owner) next = { ...next, ownerId: owner };
  }
  // A tracked task follows its source's review, not the workspace's approval flow.
  if (!payload.tracking && payload.requiresApproval === undefined && typeRequiresApproval(payload.type, settings.approvalTypes)) {
    next = { ...next, requiresApproval: true };
  }
  return next;
}

/** The queue owners with one queue's default owner set (a member who works tasks) or cleared (null). */
export function setQueueOwner(
  owners: Readonly<Record<string, UserId>>, queue: string, owner: UserId | null, roleOf: (user: UserId) => Role | undefined,
): Result<Record<string, UserId>> {
  const next = { ...owners };
  if (owner === null) {
    delete next[queue];
    return { ok: true, value: next };
  }
  const role = roleOf(owner);
  if (!canOwnTasks(role)) {
    const why = role === 'integration' ? 'an integration account' : role === 'viewer' ? 'a viewer' : 'not a member of this workspace';
    return { ok: false, error: { code: 'invalid_payload', message: `${owner} is ${why}; a queue's default owner is a member who works tasks.` } };
  }
  next[queue] = owner;
  return { ok: true, value: next };
}
