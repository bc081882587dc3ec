import * as Y from 'yjs';
import { expect, test } from 'vitest';
import { recover, unsentEvents } from './refusal-recovery';
import { createRepository } from './repository';
import { replica, syncPair, TEAM, writeMembers } from './test-support';

test('a lead demoted while offline: what is still allowed is re-appended once, the rest is kept with its reason', () => {
  const team = [...TEAM, { userId: 'dave', role: 'lead' as const }];
  const alice = replica('alice', team);
  const task = alice.create({ title: 'Sign off overtime', ownerId: 'alice' });
  const other = alice.create({ title: 'Count pallets', ownerId: 'alice' });
  if (!task.ok || !other.ok) throw new Error('create');
  alice.submit(task.value.id);
  // Dave syncs, then works offline: an approval and a comment.
  const dave = createRepository(new Y.Doc(), { actor: 'dave' });
  syncPair(alice.doc, dave.doc);
  expect(dave.approve(task.value.id).ok).toBe(true);
  expect(dave.comment(other.value.id, 'Counted 14').ok).toBe(true);
  expect(dave.updateSettings({ taskTypes: ['follow_up', 'count'] }).ok).toBe(true);
  // Meanwhile the relay demoted him: its state (a fresh document) does not have his offline work.
  const relayState = new Y.Doc();
  Y.applyUpdate(relayState, Y.encodeStateAsUpdate(alice.doc));
  writeMembers(relayState, [...TEAM, { userId: 'dave', role: 'operator' }], () => Date.now() + 1);
  expect(unsentEvents(dave.doc, relayState, 'dave').map((e) => e.event.type)).toEqual(['task.approved', 'task.commented', 'settings.changed']);

  const fresh = createRepository(relayState, { actor: 'dave' });
  const result = recover(dave.doc, fresh);
  expect(result.reappended).toBe(1);
  expect(result.refused.map((r) => [r.event.type, r.reason])).toEqual([
    ['task.approved', expect.stringMatching(/not an approver/)],
    ['settings.changed', expect.stringMatching(/leads and admins/)],
  ]);
  expect(fresh.view.get(other.value.id)?.comments.map((c) => c.body)).toEqual(['Counted 14']);
  expect(fresh.view.get(task.value.id)?.status).toBe('pending_approval');
  // Porting again is a no-op: the comment is there under the same id.
  expect(recover(dave.doc, fresh).reappended).toBe(0);
  expect(fresh.view.eventCount(other.value.id)).toBe(2);
});
