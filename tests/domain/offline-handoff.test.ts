// The offline handoff story (issue 2): operator A goes offline, completes one task
// and hands the rest to B; meanwhile lead C, online, approves one of A's tasks and
// reassigns another. After sync every replica shows the same outcome, and what
// could not apply is visible as rejected with its reason.
import { expect, test } from 'vitest';
import { replica, syncPair, TEAM } from '../../src-shared/doc/test-support';

test('offline handoff merges to one outcome on every replica', () => {
  let clock = Date.parse('2026-11-21T21:00:00.000Z');
  const now = () => clock;
  const a = replica('alice', undefined, now);
  const b = replica('bob', undefined, now);
  const c = replica('carol', undefined, now);

  const ids = ['Reefer alarm PO-17', 'Customs docs SH-4', 'Approve rework lot 9', 'Call guest 212'].map((title) => {
    const created = a.create({ title, ownerId: 'alice' });
    if (!created.ok) throw new Error(created.error.message);
    return created.value.id;
  });
  const [reefer, customs, rework, guest] = ids as [string, string, string, string];
  expect(a.submit(rework).ok).toBe(true);
  syncPair(a.doc, b.doc);
  syncPair(a.doc, c.doc);

  // Alice goes offline. Ten minutes pass.
  clock += 10 * 60_000;
  // Online, lead Carol approves the rework and gives the guest call to Bob directly.
  expect(c.approve(rework).ok).toBe(true);
  expect(c.assign(guest, 'bob').ok).toBe(true);
  syncPair(c.doc, b.doc);

  clock += 5 * 60_000;
  // Offline, Alice completes the reefer task and hands "the rest" (as she sees it) to Bob.
  expect(a.complete(reefer).ok).toBe(true);
  const handoff = a.handOff([customs, rework, guest], 'bob', 'Customs broker calls back 06:30');
  expect(handoff.ok && handoff.value.handed).toEqual([customs, rework, guest]);

  // Alice reconnects.
  clock += 60_000;
  syncPair(a.doc, c.doc);
  syncPair(c.doc, b.doc);
  syncPair(a.doc, b.doc);

  for (const id of ids) {
    const states = [a, b, c].map((r) => r.view.get(id));
    expect(states[1]).toEqual(states[0]);
    expect(states[2]).toEqual(states[0]);
  }
  expect(b.view.get(reefer)).toMatchObject({ status: 'completed', resolution: 'completed' });
  expect(b.view.get(customs)).toMatchObject({ ownerId: 'bob', handoff: { from: 'alice', note: 'Customs broker calls back 06:30' } });
  // The approval came first in merged time: the task was closed when Alice's handoff reached it.
  expect(b.view.get(rework)).toMatchObject({ status: 'completed', ownerId: 'alice' });
  const reworkLog = b.view.events(rework);
  const rejectedHandoff = reworkLog.find((e) => e.event.type === 'task.handed_off');
  expect(rejectedHandoff?.rejected?.code).toBe('task_closed');
  expect(rejectedHandoff?.rejected?.message).toMatch(/reopen/);
  // Carol had already given the guest call to Bob: Alice no longer owned it.
  const guestLog = b.view.events(guest);
  expect(guestLog.find((e) => e.event.type === 'task.handed_off')?.rejected?.code).toBe('not_owner');
  expect(b.view.get(guest)?.ownerId).toBe('bob');
  // Nothing was lost from any log: every event is there, applied or not.
  for (const id of ids) expect(a.view.events(id).length).toBe(c.view.events(id).length);
});

test('a conflicting approval made offline shows as rejected with its reason', () => {
  const a = replica('alice');
  const c = replica('carol');
  const d = replica('dave', [...TEAM, { userId: 'dave', role: 'lead' }]);
  const created = a.create({ title: 'Sign off budget overrun', ownerId: 'alice' });
  if (!created.ok) throw new Error('create');
  const { id } = created.value;
  a.submit(id);
  syncPair(a.doc, c.doc);
  syncPair(a.doc, d.doc);
  // Both leads decide while partitioned from each other.
  expect(c.approve(id).ok).toBe(true);
  expect(d.reject(id, 'Client ceiling is firm').ok).toBe(true);
  syncPair(c.doc, d.doc);
  const decisions = d.view.events(id).filter((e) => e.event.type === 'task.approved' || e.event.type === 'task.rejected');
  expect(decisions.filter((e) => e.rejected === null)).toHaveLength(1);
  const loser = decisions.find((e) => e.rejected !== null);
  expect(loser?.rejected?.code).toBe('task_closed');
  expect(c.view.get(id)).toEqual(d.view.get(id));
});
