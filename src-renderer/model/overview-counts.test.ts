// The Overview's promise: a chart's count is the list's row count for the filter
// its bar applies, for any workspace and any starting filter.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { replica } from '../../src-shared/doc/test-support';
import { buildOverview, DUE_THIS_WEEK_TERM, NO_DUE_TERM, OVERDUE_TERM, weekTerms, withTerm } from '../../src-shared/domain/overview';
import { parseQuery } from '../../src-shared/domain/query';
import { DEFAULT_STATUSES } from '../../src-shared/domain/statuses';
import { PRIORITIES } from '../../src-shared/domain/types';
import { filterTasks, visibleTasks } from './visible-tasks';

const NOW = Date.UTC(2026, 11, 2, 15, 0);
const spec = fc.record({
  priority: fc.nat(3),
  dueOffsetH: fc.option(fc.integer({ min: -400, max: 400 }), { nil: null }),
  owner: fc.constantFrom('alice', 'bob', null),
  type: fc.constantFrom('qc', 'delivery', 'follow_up'),
  status: fc.constantFrom('todo', 'in_progress', 'waiting_external', 'completed', 'cancelled'),
  snoozed: fc.boolean(),
  /** Made this many hours before now (0 to 9 weeks), for the weekly throughput. */
  ageH: fc.integer({ min: 0, max: 9 * 7 * 24 }),
});

describe('overview counts match the list', () => {
  it('for every bar of every chart, under any base filter and "show completed"', () => {
    fc.assert(fc.property(
      fc.array(spec, { maxLength: 30 }), fc.constantFrom('', 'priority:high', 'owner:me', 'type:qc'), fc.boolean(),
      (specs, base, showCompleted) => {
        let clock = NOW;
        const repository = replica('alice', undefined, () => clock);
        // Oldest first: the hybrid clock never runs backwards.
        for (const [index, s] of [...specs].sort((a, b) => b.ageH - a.ageH).entries()) {
          clock = NOW - s.ageH * 3_600_000;
          const made = repository.create({
            title: `t${index}`, priority: PRIORITIES[s.priority], ownerId: s.owner, type: s.type,
            dueAt: s.dueOffsetH === null ? null : new Date(NOW + s.dueOffsetH * 3_600_000).toISOString(),
          });
          if (!made.ok) throw new Error(made.error.message);
          const id = made.value.id;
          if (s.status === 'completed') repository.complete(id);
          else if (s.status === 'cancelled') repository.dismiss(id, 'not needed');
          else if (s.status !== 'todo') repository.transition(id, s.status);
          if (s.snoozed) repository.snooze(id, new Date(NOW + 3_600_000).toISOString());
        }
        clock = NOW;
        const tasks = repository.view.all();
        const options = (text: string) => {
          const parsed = parseQuery(text);
          if (!parsed.ok) throw new Error(parsed.error.message);
          return {
            query: text.trim() === '' ? null : parsed.value, sort: 'due' as const, showCompleted, hidden: new Set<string>(),
            me: 'alice', now: NOW, isBlocked: () => false,
          };
        };
        const listCount = (term: string) => visibleTasks(tasks, options(withTerm(base, term))).length;
        const overview = buildOverview(filterTasks(tasks, options(base), true), { now: NOW, statuses: DEFAULT_STATUSES });
        for (const bar of [...overview.byStatus, ...overview.byType, ...overview.workload]) expect(listCount(bar.term)).toBe(bar.count);
        for (const bar of overview.workload) expect(listCount(`${bar.term} ${OVERDUE_TERM}`)).toBe(bar.overdue);
        expect(listCount(OVERDUE_TERM)).toBe(overview.overdue.length);
        expect(listCount(DUE_THIS_WEEK_TERM)).toBe(overview.dueThisWeek.length);
        expect(listCount(NO_DUE_TERM)).toBe(overview.noDue.length);
        // Every throughput column filters the list to its week's tasks, created or closed.
        for (const week of overview.throughput) {
          expect(listCount(weekTerms(week.weekStart).created)).toBe(week.created);
          expect(listCount(weekTerms(week.weekStart).closed)).toBe(week.closed);
        }
      },
    ), { numRuns: 60 });
  });
});
