import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { bucketByDueDay, daysBetweenKeys, monthGrid, monthStart, moveToDay, shiftByDays } from './calendar';
import { localDayKey } from './due';

const NY = { timeZone: 'America/New_York' };

describe('calendar', () => {
  test('a month grid is six Monday-first weeks covering the month', () => {
    const grid = monthGrid(Date.parse('2026-12-15T12:00:00Z'), NY);
    expect(grid).toHaveLength(42);
    expect(grid[0]?.key).toBe('2026-11-30'); // Monday before 1 Dec 2026 (a Tuesday)
    expect(grid.filter((day) => day.inMonth).map((day) => day.dayOfMonth)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(localDayKey(monthStart(Date.parse('2026-12-15T12:00:00Z'), 1, NY), NY)).toBe('2027-01-01');
    // Across the November DST change every cell is still one local midnight.
    for (const day of monthGrid(Date.parse('2026-11-10T12:00:00Z'), NY)) expect(localDayKey(day.start, NY)).toBe(day.key);
  });

  test('a due time near midnight is bucketed on its local day; no due date is apart', () => {
    const tasks = [
      { id: 'a', dueAt: '2026-12-02T04:30:00.000Z' }, // 23:30 on 1 Dec in New York
      { id: 'b', dueAt: '2026-12-02T05:00:00.000Z' }, // 00:00 on 2 Dec
      { id: 'c', dueAt: null },
    ];
    const grid = monthGrid(Date.parse('2026-12-10T12:00:00Z'), NY);
    const { byDay, noDue } = bucketByDueDay([...tasks, { id: 'far', dueAt: '2027-03-01T00:00:00.000Z' }], grid, NY);
    expect(byDay.get('2026-12-01')?.map((t) => t.id)).toEqual(['a']);
    expect(byDay.get('2026-12-02')?.map((t) => t.id)).toEqual(['b']);
    expect(noDue.map((t) => t.id)).toEqual(['c']);
    expect([...byDay.values()].flat()).toHaveLength(2);
    // Bucketing agrees with each due time's own local day.
    for (const [key, list] of byDay) for (const t of list) expect(localDayKey(Date.parse(t.dueAt as string), NY)).toBe(key);
  });

  test('moving to another day keeps the local time of day, across DST', () => {
    // 23:30 on Saturday 31 Oct (EDT) to Monday 2 Nov (EST): still 23:30 local.
    const moved = moveToDay('2026-11-01T03:30:00.000Z', '2026-11-02', NY);
    expect(moved).toBe('2026-11-03T04:30:00.000Z');
    expect(localDayKey(Date.parse(moved), NY)).toBe('2026-11-02');
    expect(daysBetweenKeys('2026-12-30', '2027-01-02')).toBe(3);
  });

  test('property: moveToDay lands on the target day; shifting there and back is the identity', () => {
    const instant = fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2035-01-01') }).map((t) => new Date(t).toISOString());
    fc.assert(fc.property(instant, fc.integer({ min: -60, max: 60 }), fc.constantFrom('America/New_York', 'Europe/Berlin', 'Asia/Kolkata'), (due, days, timeZone) => {
      const zone = { timeZone };
      const target = localDayKey(Date.parse(shiftByDays(due, days, zone)), zone);
      const moved = moveToDay(due, target, zone);
      expect(localDayKey(Date.parse(moved), zone)).toBe(target);
      // Times that a DST gap skips cannot come back exactly; everything else does.
      const back = shiftByDays(moved, -days, zone);
      expect(Math.abs(Date.parse(back) - Date.parse(due))).toBeLessThanOrEqual(3_600_000);
    }), { numRuns: 300 });
  });
});
