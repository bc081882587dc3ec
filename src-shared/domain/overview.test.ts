import { describe, expect, test } from 'vitest';
import { replica } from '../doc/test-support';
import { buildOverview, lateness, withTerm } from './overview';
import { DEFAULT_STATUSES } from './statuses';

const DAY = 86_400_000;
// Wednesday 2 Dec 2026, 15:00 UTC; the tests run the week maths in UTC.
const NOW = Date.UTC(2026, 11, 2, 15, 0);
const UTC = { timeZone: 'UTC' };

function workspace() {
  let clock = NOW - 20 * DAY;
  const repo = replica('alice', undefined, () => clock);
  const make = (title: string, fields: Record<string, unknown> = {}) => {
    const made = repo.create({ title, ...fields });
    if (!made.ok) throw new Error(made.error.message);
    return made.value.id;
  };
  const old = make('Chase POD', { ownerId: 'alice', type: 'qc', dueAt: new Date(NOW - 5 * DAY).toISOString() });
  clock = NOW - 8 * DAY;
  const late = make('Book crane', { ownerId: 'bob', type: 'delivery', dueAt: new Date(NOW - 3_600_000).toISOString() });
  const soon = make('Count bay 4', { ownerId: 'bob', type: 'qc', dueAt: new Date(NOW + 2 * DAY).toISOString() });
  const closed = make('Reply to supplier', { type: 'qc', dueAt: new Date(NOW - 6 * DAY).toISOString() });
  clock = NOW - DAY;
  repo.complete(closed);
  make('No date', {});
  clock = NOW;
  return { repo, old, late, soon, closed };
}

describe('overview', () => {
  test('counts, the overdue action list most overdue first, due this week, workload and recently completed', () => {
    const { repo, old, late, soon, closed } = workspace();
    const overview = buildOverview(repo.view.all(), { now: NOW, statuses: DEFAULT_STATUSES, ...UTC });
    expect(overview.byStatus.map((bar) => [bar.key, bar.count])).toEqual([
      ['todo', 4], ['in_progress', 0], ['waiting_external', 0], ['pending_approval', 0], ['completed', 1], ['cancelled', 0],
    ]);
    expect(overview.byType.map((bar) => [bar.key, bar.count, bar.term])).toEqual([
      ['follow_up', 1, 'type:follow_up is:open'], ['qc', 2, 'type:qc is:open'], ['delivery', 1, 'type:delivery is:open'],
    ].sort((a, b) => (b[1] as number) - (a[1] as number) || String(a[0]).localeCompare(String(b[0]))));
    expect(overview.overdue.map((t) => t.id)).toEqual([old, late]);
    expect(overview.dueThisWeek.map((t) => t.id)).toEqual([late, soon]);
    expect(overview.workload.map((bar) => [bar.label, bar.count, bar.overdue])).toEqual([['bob', 2, 1], ['alice', 1, 1], ['Unassigned', 1, 0]]);
    expect(overview.recentlyCompleted.map((t) => t.id)).toEqual([closed]);
    expect(overview.openCount).toBe(4);
  });

  test('weekly throughput: created and closed per Monday-to-Sunday week, the current week last', () => {
    const { repo } = workspace();
    const { throughput } = buildOverview(repo.view.all(), { now: NOW, statuses: DEFAULT_STATUSES, weeks: 4, ...UTC });
    expect(throughput.map((week) => new Date(week.weekStart).toISOString().slice(0, 10))).toEqual(['2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    expect(throughput.map((week) => [week.created, week.closed])).toEqual([[1, 0], [0, 0], [3, 0], [1, 1]]);
  });

  test('withTerm narrows a filter once; lateness is coarse', () => {
    expect(withTerm('', 'status:todo')).toBe('status:todo');
    expect(withTerm('owner:me status:todo', 'status:todo')).toBe('owner:me status:todo');
    expect(withTerm('owner:me', 'type:qc is:open')).toBe('owner:me type:qc is:open');
    const task = { dueAt: new Date(NOW - 3 * DAY - 5_000).toISOString() } as never;
    expect(lateness(task, NOW)).toBe('3 d');
  });
});
