// When a task closed, as retention counts it, and that the retention fold is the reducer's fold.
import { describe, expect, test } from 'vitest';
import { replica } from '../doc/test-support';
import type { TaskEvent } from './events';
import { foldTask } from './reducer';
import { foldForRetention, isPastRetention } from './retention';

const DAY = 86_400_000;

function clocked(start: number) {
  let now = start;
  const repo = replica('alice', undefined, () => now);
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
