// When a task closed, as retention counts it, and that the retention fold is the reducer's fold.
import { describe, expect, test } from 'vitest';
import { replica } from '../doc/test-support';
import type { TaskEvent } from './events';
import { foldTask } from './reducer';
import { foldForRetention, isPastRetention, taskLeavesLive } from './retention';

const DAY = 86_400_000;

function clocked(start: number, actor = 'alice') {
  let now = start;
  const repo = replica(actor, undefined, () => now);
  return { repo, advance: (ms: number) => (now += ms) };
}

function log(repo: ReturnType<typeof replica>, id: string): TaskEvent[] {
  return repo.maps.tasks.get(id)!.toArray();
}

describe('foldForRetention', () => {
  test('closedAt is the closing event; comments after it do not move it', () => {
    const { repo, advance } = clocked(Date.UTC(2026, 0, 1));
    const created = repo.create({ title: 'Chase POD' });
    if (!created.ok) throw new Error(created.error.message);
    advance(DAY);
    repo.complete(created.value.id);
    const closing = log(repo, created.value.id).at(-1)!;
    advance(DAY);
    repo.comment(created.value.id, 'late note');
    const folded = foldForRetention(created.value.id, log(repo, created.value.id), repo.context());
    expect(folded.closedAt).toBe(closing.at);
    expect(folded.state).toEqual(foldTask(created.value.id, log(repo, created.value.id), repo.context()).state);
  });

  test('a reopen clears it and the second close counts; an open task has none', () => {
    const { repo, advance } = clocked(Date.UTC(2026, 0, 1));
    const a = repo.create({ title: 'a' });
    const b = repo.create({ title: 'b' });
    if (!a.ok || !b.ok) throw new Error('create');
    repo.complete(a.value.id);
    advance(DAY);
    repo.reopen(a.value.id, 'not done');
    expect(foldForRetention(a.value.id, log(repo, a.value.id), repo.context()).closedAt).toBeNull();
    advance(DAY);
    repo.dismiss(a.value.id, 'duplicate');
    const second = log(repo, a.value.id).at(-1)!;
    expect(foldForRetention(a.value.id, log(repo, a.value.id), repo.context()).closedAt).toBe(second.at);
    expect(foldForRetention(b.value.id, log(repo, b.value.id), repo.context())).toMatchObject({ closedAt: null, state: { category: 'unstarted' } });
  });

  test('isPastRetention counts whole days from the closing stamp', () => {
    const { repo } = clocked(Date.UTC(2026, 0, 1));
    const stamp = repo.stamp();
    expect(isPastRetention(stamp, 14, Date.UTC(2026, 0, 14))).toBe(false);
    expect(isPastRetention(stamp, 14, Date.UTC(2026, 0, 16))).toBe(true);
  });
});

describe('taskLeavesLive', () => {
  test('closed past the window leaves, tracked or not; open or recent stays', () => {
    const { repo, advance } = clocked(Date.UTC(2026, 0, 1), 'carol');
    const plain = repo.create({ title: 'plain' });
    const tracked = repo.create({ title: 'tracked', tracking: { mapping: 'advance', source: 'advance', sourceId: 's1', state: 'not_started' } });
    const open = repo.create({ title: 'open' });
    if (!plain.ok || !tracked.ok || !open.ok) throw new Error(`create: ${[plain, tracked, open].map((r) => (r.ok ? 'ok' : r.error.message)).join(', ')}`);
    repo.complete(plain.value.id);
    repo.complete(tracked.value.id);
    advance(DAY);
    const later = Date.UTC(2026, 1, 1);
    const leaves = (id: string, now: number) => taskLeavesLive(foldForRetention(id, log(repo, id), repo.context()), 14, now);
    expect(leaves(plain.value.id, later)).toBe(true);
    expect(leaves(plain.value.id, Date.UTC(2026, 0, 5))).toBe(false);
    // The tracking intake brings a tracked task back from the archive before writing to it.
    expect(leaves(tracked.value.id, later)).toBe(true);
    expect(leaves(open.value.id, later)).toBe(false);
  });

  test('a completed task whose repeat rule goes on stays; a canceled one leaves', () => {
    const { repo, advance } = clocked(Date.UTC(2026, 0, 1), 'carol');
    const recurrence = { rrule: 'FREQ=DAILY', timeZone: 'Europe/Berlin', time: '08:00', since: '2026-01-01T00:00:00.000Z' };
    const done = repo.create({ title: 'daily check (done)' });
    const canceled = repo.create({ title: 'daily check (canceled)' });
    if (!done.ok || !canceled.ok) throw new Error('create');
    for (const id of [done.value.id, canceled.value.id]) expect(repo.edit(id, { recurrence }).ok).toBe(true);
    repo.complete(done.value.id);
    repo.dismiss(canceled.value.id, 'not needed');
    advance(DAY);
    const leaves = (id: string) => taskLeavesLive(foldForRetention(id, log(repo, id), repo.context()), 14, Date.UTC(2026, 1, 1));
    expect(leaves(done.value.id)).toBe(false);
    expect(leaves(canceled.value.id)).toBe(true);
  });
});
