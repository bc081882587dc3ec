import * as Y from 'yjs';
import { expect, test } from 'vitest';
import { workspaceMaps } from './schema';
import { createRepository } from './repository';
import { replica, syncPair, TEAM, writeMembers } from './test-support';

function seeded(count: number) {
  const alice = replica('alice');
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const created = alice.create({ title: `Task ${i}` });
    if (created.ok) ids.push(created.value.id);
  }
  return { alice, ids };
}

test('a change to one task refolds only that task', () => {
  const { alice, ids } = seeded(50);
  const before = new Map(ids.map((id) => [id, alice.view.get(id)]));
  const changes: ReadonlySet<string>[] = [];
  alice.view.subscribe((change) => changes.push(change.changed));
  alice.assign(ids[7] as string, 'bob');
  expect(changes).toHaveLength(1);
  expect([...(changes[0] ?? [])]).toEqual([ids[7]]);
  for (const id of ids) {
    if (id === ids[7]) expect(alice.view.get(id)).not.toBe(before.get(id));
    else expect(alice.view.get(id)).toBe(before.get(id)); // same object: not refolded
  }
});

test('changesSince reports what changed after a version', () => {
  const { alice, ids } = seeded(3);
  const version = alice.view.version;
  alice.comment(ids[0] as string, 'a');
  alice.comment(ids[2] as string, 'b');
  expect(new Set(alice.view.changesSince(version))).toEqual(new Set([ids[0], ids[2]]));
  expect(alice.view.changesSince(alice.view.version)).toEqual([]);
});

test('remote events that arrive out of order are refolded in stamp order', () => {
  const a = replica('alice');
  const b = replica('bob');
  const created = a.create({ title: 'Shared', ownerId: 'alice' });
  if (!created.ok) throw new Error('create');
  syncPair(a.doc, b.doc);
  b.comment(created.value.id, 'from bob');
  a.comment(created.value.id, 'from alice');
  syncPair(a.doc, b.doc);
  expect(a.view.get(created.value.id)).toEqual(b.view.get(created.value.id));
  expect(a.view.get(created.value.id)?.comments).toHaveLength(2);
});

test('malformed events from another device are kept, refused and never thrown on', () => {
  const alice = replica('alice');
  const created = alice.create({ title: 'Target' });
  if (!created.ok) throw new Error('create');
  const hostile = new Y.Doc();
  Y.applyUpdate(hostile, Y.encodeStateAsUpdate(alice.doc));
  const log = workspaceMaps(hostile).tasks.get(created.value.id);
  log?.push([
    null as never, 42 as never, { id: 'e1' } as never,
    { id: 'e2', at: '999', actor: 'mallory', type: 'task.assigned', payload: { ownerId: 7 } } as never,
    { id: 'e3', at: '999', actor: 'mallory', type: 'task.rm_rf', payload: {} } as never,
  ]);
  Y.applyUpdate(alice.doc, Y.encodeStateAsUpdate(hostile));
  const events = alice.view.events(created.value.id);
  expect(events).toHaveLength(6);
  expect(events.filter((e) => e.rejected).map((e) => e.rejected?.code).sort()).toEqual(
    ['invalid_payload', 'unknown_event', 'unknown_event', 'unknown_event', 'unknown_event'].sort(),
  );
  expect(alice.view.get(created.value.id)?.ownerId).toBeNull();
  // A task log holding only garbage folds to nothing rather than throwing.
  workspaceMaps(hostile).tasks.set('junk', new Y.Array() as never);
  (workspaceMaps(hostile).tasks.get('junk') as unknown as Y.Array<unknown>).push(['x']);
  Y.applyUpdate(alice.doc, Y.encodeStateAsUpdate(hostile));
  expect(alice.view.get('junk')).toBeUndefined();
  expect(alice.view.all()).toHaveLength(1);
});

test('roles come from the members log as of each stamp: a demotion does not rewrite the past', () => {
  const alice = replica('alice');
  writeMembers(alice.doc, [...TEAM, { userId: 'dave', role: 'lead' }]);
  const first = alice.create({ title: 'x', ownerId: 'alice' });
  const second = alice.create({ title: 'y', ownerId: 'alice' });
  if (!first.ok || !second.ok) throw new Error('create');
  alice.submit(first.value.id);
  alice.submit(second.value.id);
  const dave = createRepository(new Y.Doc(), { actor: 'dave' });
  syncPair(alice.doc, dave.doc);
  expect(dave.roleOf('dave')).toBe('lead');
  expect(dave.approve(first.value.id).ok).toBe(true);
  syncPair(alice.doc, dave.doc);
  expect(alice.view.get(first.value.id)?.status).toBe('completed');
  // The relay demotes Dave later: his approval stays, his next one is refused.
  writeMembers(alice.doc, [...TEAM, { userId: 'dave', role: 'operator' }], () => Date.now() + 1000);
  syncPair(alice.doc, dave.doc);
  expect(alice.view.get(first.value.id)?.status).toBe('completed');
  expect(dave.approve(second.value.id).ok).toBe(false);
});

test('a settings change refolds tasks only when it changes how tasks fold', () => {
  const carol = replica('carol');
  const created = carol.create({ title: 'Check seals' });
  if (!created.ok) throw new Error('create');
  const before = carol.view.get(created.value.id);
  const version = carol.view.version;
  expect(carol.updateSettings({ taskTypes: ['follow_up', 'qc', 'seal_check'], suggestionExpiryHours: 12 }).ok).toBe(true);
  expect(carol.settings().taskTypes).toContain('seal_check');
  // Types, queues, expiry and the like do not touch the fold: same objects, same version.
  expect(carol.view.version).toBe(version);
  expect(carol.view.get(created.value.id)).toBe(before);
  // A new status no task uses folds nothing again either (fold-impact.ts) ...
  expect(carol.updateSettings({ statuses: [...carol.settings().statuses, { id: 'on_hold', label: 'On hold', category: 'waiting' }] }).ok).toBe(true);
  expect(carol.view.get(created.value.id)).toBe(before);
  // ... a new first "unstarted" status does: the task was created into that category's first status.
  expect(carol.updateSettings({ statuses: [{ id: 'new', label: 'New', category: 'unstarted' }, ...carol.settings().statuses] }).ok).toBe(true);
  expect(carol.view.version).toBeGreaterThan(version);
  expect(carol.view.get(created.value.id)).toMatchObject({ status: 'new' });
});
