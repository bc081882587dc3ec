import { describe, expect, test } from 'vitest';
import { checkTaskAuthority } from './authority';
import { setQueueOwner, withCreationDefaults } from './creation-defaults';
import type { TaskEvent } from './events';
import { DEFAULT_SETTINGS } from './statuses';
import { replica, syncPair, TEAM } from '../doc/test-support';

const roleOf = (user: string) => TEAM.find((m) => m.userId === user)?.role;

describe('a queue\'s default owner', () => {
  test('only members who work tasks: integrations, viewers and strangers are refused', () => {
    expect(setQueueOwner({}, 'dispatch', 'bob', roleOf)).toEqual({ ok: true, value: { dispatch: 'bob' } });
    expect(setQueueOwner({ dispatch: 'bob' }, 'dispatch', null, roleOf)).toEqual({ ok: true, value: {} });
    const feed = setQueueOwner({}, 'dispatch', 'feed', roleOf);
    expect(!feed.ok && feed.error.message).toMatch(/integration account/);
    expect(setQueueOwner({}, 'dispatch', 'victor', roleOf).ok).toBe(false);
    expect(setQueueOwner({}, 'dispatch', 'mallory', roleOf).ok).toBe(false);
  });

  test('a new task in the queue with no owner gets it; a named owner wins; a departed owner is not used', () => {
    const settings = { ...DEFAULT_SETTINGS, queueOwners: { dispatch: 'bob', finance: 'feed' } };
    expect(withCreationDefaults({ title: 'a', queue: 'dispatch' }, settings, roleOf).ownerId).toBe('bob');
    expect(withCreationDefaults({ title: 'a', queue: 'dispatch', ownerId: 'alice' }, settings, roleOf).ownerId).toBe('alice');
    expect(withCreationDefaults({ title: 'a', queue: 'finance' }, settings, roleOf).ownerId).toBeUndefined();
    expect(withCreationDefaults({ title: 'a' }, settings, roleOf).ownerId).toBeUndefined();
  });

  test('through the repository: quick create in queue:dispatch lands with the queue\'s owner', () => {
    const carol = replica('carol');
    expect(carol.updateSettings({ queueOwners: { dispatch: 'bob' } }).ok).toBe(true);
    const alice = replica('alice');
    syncPair(carol.doc, alice.doc);
    const created = alice.create({ title: 'Call the carrier', queue: 'dispatch' });
    expect(created.ok && created.value.ownerId).toBe('bob');
  });
});

describe('task types that require approval', () => {
  const created = (actor: string, payload: Record<string, unknown>): TaskEvent =>
    ({ id: 'e1', at: '2', actor, type: 'task.created', payload: { title: 't', ...payload } }) as TaskEvent;

  test('the authority rule: an operator cannot create one without approval; a lead can; other types are free', () => {
    const settings = { ...DEFAULT_SETTINGS, approvalTypes: ['qc'] };
    expect(checkTaskAuthority(null, created('alice', { type: 'qc' }), 'operator', settings)?.code).toBe('approval_required');
    expect(checkTaskAuthority(null, created('alice', { type: 'qc', requiresApproval: true }), 'operator', settings)).toBeNull();
    expect(checkTaskAuthority(null, created('carol', { type: 'qc', requiresApproval: false }), 'lead', settings)).toBeNull();
    expect(checkTaskAuthority(null, created('alice', { type: 'delivery' }), 'operator', settings)).toBeNull();
  });

  test('created through the repository with requiresApproval; completing it needs approval', () => {
    const carol = replica('carol');
    carol.updateSettings({ approvalTypes: ['qc'] });
    const alice = replica('alice');
    syncPair(carol.doc, alice.doc);
    const qc = alice.create({ title: 'Check lot 7', type: 'qc' });
    if (!qc.ok) throw new Error(qc.error.message);
    expect(qc.value.requiresApproval).toBe(true);
    expect(alice.complete(qc.value.id)).toMatchObject({ ok: false, error: { code: 'approval_required' } });
    expect(alice.create({ title: 'Sneaky', type: 'qc', requiresApproval: false })).toMatchObject({ ok: false, error: { code: 'approval_required' } });
    const plain = alice.create({ title: 'Plain', type: 'delivery' });
    expect(plain.ok && plain.value.requiresApproval).toBe(false);
    // Changing a task's type to one that requires approval must bring the requirement along.
    expect(plain.ok && alice.edit(plain.value.id, { type: 'qc' })).toMatchObject({ ok: false, error: { code: 'approval_required' } });
    expect(plain.ok && alice.edit(plain.value.id, { type: 'qc', requiresApproval: true }).ok).toBe(true);
  });

  test('a later change of the setting does not refuse tasks made before it (the fold reads it as of each event)', () => {
    const alice = replica('alice');
    const carol = replica('carol');
    const before = alice.create({ title: 'Made before the rule', type: 'qc' });
    if (!before.ok) throw new Error(before.error.message);
    syncPair(alice.doc, carol.doc);
    expect(carol.updateSettings({ approvalTypes: ['qc'] }).ok).toBe(true);
    syncPair(alice.doc, carol.doc);
    for (const r of [alice, carol]) {
      expect(r.view.get(before.value.id)?.requiresApproval).toBe(false);
      expect(r.view.events(before.value.id).every((e) => e.rejected === null)).toBe(true);
    }
    expect(alice.complete(before.value.id).ok).toBe(true);
  });
});
