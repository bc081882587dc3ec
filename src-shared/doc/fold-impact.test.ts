// A settings change refolds only the tasks it can reach, and the result is the same
// as folding every task again from scratch (a fresh replica of the same document).
import { expect, test } from 'vitest';
import { createRepository, type TaskRepository } from './repository';
import { replica, syncPair } from './test-support';
import { DEFAULT_STATUSES } from '../domain/statuses';
import type { WorkspaceSettings } from '../domain/types';

function workspace() {
  const carol = replica('carol');
  const alice = replica('alice');
  const ids: string[] = [];
  const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  for (let i = 0; i < 10; i += 1) ids.push(must(alice.create({ title: `plain ${i}`, type: 'delivery' })).id);
  const held = must(alice.create({ title: 'held', status: 'waiting_external' }));
  const done = must(alice.create({ title: 'done' }));
  alice.complete(done.id);
  const qc = must(alice.create({ title: 'qc', type: 'qc' }));
  const submitted = must(alice.create({ title: 'submitted' }));
  alice.submit(submitted.id);
  syncPair(alice.doc, carol.doc);
  carol.approve(submitted.id);
  const tracked = must(carol.create({ title: 'tracked', tracking: { mapping: 'advance', source: 'm', sourceId: 'q1', state: 'not_started' } }));
  syncPair(alice.doc, carol.doc);
  return { carol, alice, plain: ids, held: held.id, done: done.id, qc: qc.id, submitted: submitted.id, tracked: tracked.id };
}

/** Apply a change as carol, count what alice's view refolded, and compare with a fresh fold. */
function apply(w: ReturnType<typeof workspace>, patch: Partial<WorkspaceSettings>): Set<string> {
  const refolded = new Set<string>();
  const stop = w.alice.view.subscribe((change) => change.changed.forEach((id) => refolded.add(id)));
  const result = w.carol.updateSettings(patch);
  if (!result.ok) throw new Error(result.error.message);
  syncPair(w.carol.doc, w.alice.doc);
  stop();
  const fresh: TaskRepository = createRepository(w.alice.doc, { actor: 'alice' });
  const byId = (r: TaskRepository) => Object.fromEntries(r.view.all().map((t) => [t.id, t]));
  expect(byId(w.alice)).toEqual(byId(fresh));
  fresh.destroy();
  return refolded;
}

test('a key the fold does not read refolds nothing', () => {
  const w = workspace();
  expect(apply(w, { entityKinds: [{ id: 'order', label: 'PO', urlPattern: 'https://erp/orders/{id}' }] }).size).toBe(0);
  expect(apply(w, { timeZone: 'Europe/Paris', queueOwners: { dispatch: 'bob' }, shiftEnds: ['07:00'] }).size).toBe(0);
});

test('a status\'s label, colour or "hidden" refolds nothing; a category change refolds the tasks that use it', () => {
  const w = workspace();
  const recoloured = DEFAULT_STATUSES.map((s) => (s.id === 'waiting_external' ? { ...s, label: 'On hold', color: '#aa5500', hidden: true } : s));
  expect(apply(w, { statuses: recoloured }).size).toBe(0);
  const withBlocked = [...recoloured, { id: 'blocked', label: 'Blocked', category: 'waiting' as const }];
  expect(apply(w, { statuses: withBlocked }).size).toBe(0);
  const moved = withBlocked.map((s) => (s.id === 'waiting_external' ? { ...s, category: 'started' as const } : s));
  const refolded = apply(w, { statuses: moved });
  expect(refolded.has(w.held)).toBe(true);
  expect(refolded.has(w.plain[0] as string)).toBe(false);
  expect(w.alice.view.get(w.held)?.category).toBe('started');
});

test('a new first status of a category refolds only the tasks that landed on it', () => {
  const w = workspace();
  const statuses = [{ id: 'shipped', label: 'Shipped', category: 'done' as const }, ...DEFAULT_STATUSES];
  const refolded = apply(w, { statuses });
  expect([...refolded].sort()).toEqual([w.done, w.submitted].sort());
  expect(w.alice.view.get(w.done)?.status).toBe('shipped');
});

test('mappings, approvers and approval types reach only their tasks', () => {
  const w = workspace();
  const mapping = { advance: { states: { not_started: 'in_progress', needs_review: 'pending_approval', done: 'completed' }, archived: 'cancelled' } };
  expect([...apply(w, { statusMappings: mapping })]).toEqual([w.tracked]);
  expect(w.alice.view.get(w.tracked)?.status).toBe('in_progress');
  expect([...apply(w, { approvalTypes: ['qc'] })]).toEqual([]); // stamped after every qc task: none folds differently
  expect(w.alice.view.get(w.qc)?.requiresApproval).toBe(false);
});

test('retiring a status in use: its open tasks move and it is hidden, in one transaction; folds stay intact', () => {
  const carol = replica('carol');
  const statuses = [...DEFAULT_STATUSES, { id: 'on_hold', label: 'On hold', category: 'waiting' as const }];
  expect(carol.updateSettings({ statuses }).ok).toBe(true);
  const made = [carol.create({ title: 'a', status: 'on_hold' }), carol.create({ title: 'b', status: 'on_hold' })];
  const ids = made.map((r) => (r.ok ? r.value.id : ''));
  expect(carol.statusInHistory('on_hold')).toBe(true);
  let transactions = 0;
  carol.doc.on('afterTransaction', () => { transactions += 1; });
  expect(carol.moveTasksAndHideStatus('on_hold', 'completed')).toMatchObject({ ok: false, error: { code: 'transition_not_allowed' } });
  expect(carol.moveTasksAndHideStatus('on_hold', 'in_progress')).toEqual({ ok: true, value: { moved: 2 } });
  expect(transactions).toBe(1);
  expect(ids.map((id) => carol.view.get(id)?.status)).toEqual(['in_progress', 'in_progress']);
  expect(carol.settings().statuses.find((s) => s.id === 'on_hold')?.hidden).toBe(true);
  // Still defined, so the tasks created in it still exist after any refold.
  const fresh = createRepository(carol.doc, { actor: 'carol' });
  expect(ids.map((id) => fresh.view.get(id)?.status)).toEqual(['in_progress', 'in_progress']);
});
