import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  isDueThisWeek, isDueToday, isDueTomorrow, isOpen, isOverdue, localDayKey, startOfLocalDay, startOfNextLocalWeek,
} from './due';
import { STATUS_CATEGORIES, type StatusCategory } from './types';

const task = (dueAt: string | null, category: StatusCategory = 'unstarted') => ({ dueAt, category });
const NY = { timeZone: 'America/New_York' };
const TOKYO = { timeZone: 'Asia/Tokyo' };

describe('due: one definition', () => {
  test('overdue: open, due before now; closed tasks and tasks without a due date never are', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(isOverdue(task('2026-12-01T11:59:59.999Z'), now)).toBe(true);
    expect(isOverdue(task('2026-12-01T12:00:00.000Z'), now)).toBe(false);
    expect(isOverdue(task('2026-11-01T00:00:00Z', 'done'), now)).toBe(false);
    expect(isOverdue(task('2026-11-01T00:00:00Z', 'canceled'), now)).toBe(false);
    expect(isOverdue(task('2026-11-01T00:00:00Z', 'approval'), now)).toBe(true);
    expect(isOverdue(task(null), now)).toBe(false);
    expect(isOverdue(task('not a date'), now)).toBe(false);
  });

  test('a due time near midnight lands on the right local day', () => {
    // 04:30 UTC on 2 Dec is 23:30 on 1 Dec in New York and 13:30 on 2 Dec in Tokyo.
    const due = Date.parse('2026-12-02T04:30:00Z');
    expect(localDayKey(due, NY)).toBe('2026-12-01');
    expect(localDayKey(due, TOKYO)).toBe('2026-12-02');
    const noonNy = Date.parse('2026-12-01T17:00:00Z');
    expect(isDueToday(task('2026-12-02T04:30:00Z'), noonNy, NY)).toBe(true);
    expect(isDueToday(task('2026-12-02T05:00:00Z'), noonNy, NY)).toBe(false);
    expect(isDueTomorrow(task('2026-12-02T05:00:00Z'), noonNy, NY)).toBe(true);
  });

  test('this week runs from the start of today to next Monday 00:00, across a DST change', () => {
    // Friday 30 Oct 2026 in New York; DST ends on Sunday 1 Nov.
    const friday = Date.parse('2026-10-30T16:00:00Z');
    const monday = startOfNextLocalWeek(friday, NY);
    expect(new Date(monday).toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(isDueThisWeek(task('2026-11-02T04:59:00Z'), friday, NY)).toBe(true);
    expect(isDueThisWeek(task('2026-11-02T05:00:00Z'), friday, NY)).toBe(false);
    expect(isDueThisWeek(task('2026-10-30T03:59:00Z'), friday, NY)).toBe(false); // yesterday, New York time
  });

  test('properties: day boundaries bracket the instant; overdue is exactly open and past due', () => {
    const instant = fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2040-01-01') });
    const zone = fc.constantFrom(undefined, 'America/New_York', 'Asia/Tokyo', 'Europe/Berlin', 'Pacific/Chatham', 'UTC');
    fc.assert(fc.property(instant, zone, (at, timeZone) => {
      const options = timeZone ? { timeZone } : undefined;
      const start = startOfLocalDay(at, 0, options);
      const next = startOfLocalDay(at, 1, options);
      expect(start).toBeLessThanOrEqual(at);
      expect(next).toBeGreaterThan(at);
      expect(next - start).toBeGreaterThanOrEqual(23 * 3_600_000);
      expect(next - start).toBeLessThanOrEqual(25 * 3_600_000);
      expect(localDayKey(start, options)).toBe(localDayKey(at, options));
      expect(localDayKey(next - 1, options)).toBe(localDayKey(at, options));
      expect(startOfNextLocalWeek(at, options)).toBeGreaterThan(at);
    }), { numRuns: 300 });
    fc.assert(fc.property(instant, instant, fc.constantFrom(...STATUS_CATEGORIES), (due, now, category) => {
      const t = task(new Date(due).toISOString(), category);
      expect(isOverdue(t, now)).toBe(isOpen(t) && due < now);
      if (isDueToday(t, now)) expect(isDueThisWeek(t, now)).toBe(true);
    }), { numRuns: 300 });
  });
});
