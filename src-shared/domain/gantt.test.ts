import { describe, expect, test } from 'vitest';
import { groupByLink, NO_LINK, SHORT_BAR_MS, shiftSchedule, taskSpan } from './gantt';

const UTC = { timeZone: 'UTC' };
const t = (id: string, startAt: string | null, dueAt: string | null, kind?: string) =>
  ({ id, startAt, dueAt, links: kind ? [{ kind, id: `${kind}-1`, label: `${kind} 1` }] : [] });

describe('gantt', () => {
  test('spans: start to due; one date gives a short bar; no dates, no bar', () => {
    expect(taskSpan(t('a', '2026-12-01T08:00:00Z', '2026-12-03T17:00:00Z'))).toEqual({
      start: Date.parse('2026-12-01T08:00:00Z'), end: Date.parse('2026-12-03T17:00:00Z'), hasStart: true, hasDue: true,
    });
    const dueOnly = taskSpan(t('b', null, '2026-12-03T17:00:00Z'));
    expect(dueOnly?.end).toBe(Date.parse('2026-12-03T17:00:00Z'));
    expect(dueOnly && dueOnly.end - dueOnly.start).toBe(SHORT_BAR_MS);
    expect(taskSpan(t('c', '2026-12-03T17:00:00Z', null))?.start).toBe(Date.parse('2026-12-03T17:00:00Z'));
    expect(taskSpan(t('d', null, null))).toBeNull();
  });

  test('groups by link kind alphabetically, "No link" last; undated tasks last in their group', () => {
    const groups = groupByLink([
      t('1', null, null), t('2', null, '2026-12-05T00:00:00Z', 'shipment'), t('3', null, null, 'shipment'),
      t('4', null, '2026-12-04T00:00:00Z', 'shipment'), t('5', null, '2026-12-01T00:00:00Z', 'order'), t('6', null, '2026-12-01T00:00:00Z'),
    ]);
    expect(groups.map((g) => [g.label, g.tasks.map((task) => task.id)])).toEqual([
      ['Order', ['5']], ['Shipment', ['4', '2', '3']], [NO_LINK, ['6', '1']],
    ]);
  });

  test('dragging an end moves that date by whole days; the start never passes the due', () => {
    const task = t('a', '2026-12-01T08:00:00.000Z', '2026-12-03T17:00:00.000Z');
    expect(shiftSchedule(task, 'due', 2, UTC)).toEqual({ dueAt: '2026-12-05T17:00:00.000Z' });
    expect(shiftSchedule(task, 'start', -1, UTC)).toEqual({ startAt: '2026-11-30T08:00:00.000Z' });
    expect(shiftSchedule(task, 'both', 1, UTC)).toEqual({ startAt: '2026-12-02T08:00:00.000Z', dueAt: '2026-12-04T17:00:00.000Z' });
    expect(shiftSchedule(task, 'start', 3, UTC)).toBeNull();
    // A due-only task: moving its due keeps it due-only.
    expect(shiftSchedule(t('b', null, '2026-12-03T17:00:00.000Z'), 'due', 1, UTC)).toEqual({ dueAt: '2026-12-04T17:00:00.000Z' });
    expect(shiftSchedule(t('b', null, '2026-12-03T17:00:00.000Z'), 'start', -2, UTC)).toEqual({ startAt: '2026-11-30T17:00:00.000Z' });
    expect(shiftSchedule(t('c', null, null), 'due', 1, UTC)).toBeNull();
  });
});
