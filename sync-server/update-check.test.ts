// The write check on yjs's own encodings, without sockets: what an honest replica produces passes
// (including a large offline batch, quickly), and each kind of forbidden change is named.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createRepository } from '../src-shared/doc/repository';
import { workspaceMaps } from '../src-shared/doc/schema';
import { TEAM, withMembers } from '../src-shared/doc/test-support';
import { RoomRules } from './room-rules';

function relayAndReplica(actor: string) {
  const relayDoc = withMembers(new Y.Doc(), TEAM);
  const rules = new RoomRules(relayDoc);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(relayDoc));
  const repo = createRepository(doc, { actor });
  const principal = { tokenId: 't', workspace: 'w', userId: actor, role: repo.roleOf(actor) ?? 'viewer' } as const;
  const pending = () => Y.encodeStateAsUpdate(doc, Y.encodeStateVector(relayDoc));
  return { relayDoc, rules, doc, repo, principal, pending };
}

describe('update check', () => {
  it('passes a large offline batch from an honest replica, fast', () => {
    const { rules, repo, principal, pending } = relayAndReplica('alice');
    for (let i = 0; i < 1_000; i += 1) {
      const created = repo.create({ title: `Offline task ${i}`, ownerId: 'alice' });
      if (created.ok && i % 2 === 0) repo.comment(created.value.id, 'counted');
    }
    const update = pending();
    const started = performance.now();
    expect(rules.check(update, principal)).toBeNull();
    const ms = performance.now() - started;
    // 1,500 events: well under the time yjs takes to apply them.
    expect(ms).toBeLessThan(1_000);
  });

  it('names the rule for a forged author, a deletion and an unknown root', () => {
    const forged = relayAndReplica('alice');
    const created = forged.repo.create({ title: 'x' });
    if (!created.ok) throw new Error('create');
    Y.applyUpdate(forged.relayDoc, forged.pending());
    const log = workspaceMaps(forged.doc).tasks.get(created.value.id) as unknown as Y.Array<Record<string, unknown>>;
    log.push([{ ...(log.get(0) as object), id: 'forged', actor: 'carol', at: `${'9'.repeat(15)}-000000-x`, type: 'task.commented', payload: { commentId: 'c', body: 'b' } }]);
    expect(forged.rules.check(forged.pending(), forged.principal)?.rule).toBe('author');

    const deleting = relayAndReplica('alice');
    const made = deleting.repo.create({ title: 'y' });
    if (!made.ok) throw new Error('create');
    Y.applyUpdate(deleting.relayDoc, deleting.pending());
    (workspaceMaps(deleting.doc).tasks.get(made.value.id) as unknown as Y.Array<unknown>).delete(0, 1);
    expect(deleting.rules.check(Y.encodeStateAsUpdate(deleting.doc, Y.encodeStateVector(deleting.relayDoc)), deleting.principal)?.rule).toBe('append_only');

    const stray = relayAndReplica('alice');
    stray.doc.getMap('notes').set('k', 'v');
    expect(stray.rules.check(stray.pending(), stray.principal)?.rule).toBe('schema');
  });

  it('folds the task only where the role rule reads it: lifting an approval requirement is a lead\'s decision', () => {
    const { relayDoc, rules, repo, principal, pending } = relayAndReplica('alice');
    const lead = createRepository(relayDoc, { actor: 'carol' });
    const task = lead.create({ title: 'Sign-off', ownerId: 'alice', requiresApproval: true });
    if (!task.ok) throw new Error('create');
    Y.applyUpdate(repo.doc, Y.encodeStateAsUpdate(relayDoc));
    // A plain edit passes; the dishonest lift (the repository would refuse it) does not.
    expect(repo.edit(task.value.id, { title: 'Sign-off, crane 4' }).ok).toBe(true);
    expect(rules.check(pending(), principal)).toBeNull();
    Y.applyUpdate(relayDoc, pending());
    const log = workspaceMaps(repo.doc).tasks.get(task.value.id) as unknown as Y.Array<Record<string, unknown>>;
    log.push([{ id: 'lift', actor: 'alice', at: repo.stamp(log as unknown as Y.Array<unknown>), type: 'task.edited', payload: { fields: { requiresApproval: false } } }]);
    expect(rules.check(pending(), principal)?.rule).toBe('role');
  });
});

describe('update check: derived task ids', () => {
  it('refuses a client-created log under a tracked task\'s id (only tracking intake creates those)', () => {
    const { rules, repo, principal, pending } = relayAndReplica('carol');
    expect(repo.create({ title: 'squatting a tracked id' }, 'trk-0123456789abcdef0123456789abcdef').ok).toBe(true);
    const refusal = rules.check(pending(), principal);
    expect(refusal?.rule).toBe('role');
    expect(refusal?.detail).toMatch(/tracked task/);
  });

  it('lets a second log of an occurrence in only when both start with its derived creation event', () => {
    const occurrence = 'rec-t-tpl1-20261130T0800';
    const first = relayAndReplica('alice');
    // Replicas that synced with the relay before going offline.
    const offline = () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(first.relayDoc));
      return createRepository(doc, { actor: 'bob' });
    };
    const second = offline();
    const forger = offline();
    const at = `${String(Date.parse('2026-11-30T07:00:00Z')).padStart(15, '0')}-000000-recurrence`;
    expect(first.repo.createDerived(occurrence, { title: 'Gate check' }, `${occurrence}.c`, at).ok).toBe(true);
    Y.applyUpdate(first.relayDoc, first.pending());
    const bob = { ...first.principal, userId: 'bob', role: 'operator' } as const;
    const from = (repo: ReturnType<typeof offline>) => Y.encodeStateAsUpdate(repo.doc, Y.encodeStateVector(first.relayDoc));

    // An honest second replica: same id, same creation event id.
    expect(second.createDerived(occurrence, { title: 'Gate check' }, `${occurrence}.c`, at).ok).toBe(true);
    expect(first.rules.check(from(second), bob)).toBeNull();
    // A log under the same key that does not start with the creation event would replace it: refused.
    expect(forger.create({ title: 'Wiped' }, occurrence).ok).toBe(true);
    expect(first.rules.check(from(forger), bob)?.rule).toBe('append_only');
    // Any other existing key stays refused.
    const twin = offline();
    const made = first.repo.create({ title: 'x' });
    if (!made.ok) throw new Error('create');
    Y.applyUpdate(first.relayDoc, first.pending());
    expect(twin.create({ title: 'x again' }, made.value.id).ok).toBe(true);
    expect(first.rules.check(from(twin), bob)?.rule).toBe('append_only');
  });
});
