import { expect, test } from 'vitest';
import { nextShiftEnd, shiftEndNotice, snoozeOptions } from './snooze';
import { compareTasks } from './sorting';
import { replica } from '../doc/test-support';

test('snooze choices: 2 hours, the next shift end, tomorrow 08:00 (local time)', () => {
  const now = new Date(2026, 10, 21, 15, 30).getTime();
  const [twoHours, endOfShift, tomorrow] = snoozeOptions(now, ['06:00', '14:00', '22:00']);
  expect(Date.parse(twoHours?.until ?? '')).toBe(now + 2 * 3_600_000);
  expect(Date.parse(endOfShift?.until ?? '')).toBe(new Date(2026, 10, 21, 22, 0).getTime());
  expect(Date.parse(tomorrow?.until ?? '')).toBe(new Date(2026, 10, 22, 8, 0).getTime());
  expect(nextShiftEnd(new Date(2026, 10, 21, 23, 0).getTime(), ['06:00', '22:00'])).toBe(new Date(2026, 10, 22, 6, 0).getTime());
});

test('snooze choices come in time order: a shift ending within two hours comes first', () => {
  const now = new Date(2026, 10, 21, 13, 0).getTime();
  const options = snoozeOptions(now, ['06:00', '14:00', '22:00']);
  expect(options.map((option) => option.id)).toEqual(['end_of_shift', 'two_hours', 'tomorrow_morning']);
  expect(Date.parse(options[0]?.until ?? '')).toBe(new Date(2026, 10, 21, 14, 0).getTime());
});

test('sorting by due puts undated last and breaks ties by priority', () => {
  const alice = replica('alice');
  const make = (title: string, dueAt: string | null, priority: 'high' | 'low') => {
    const r = alice.create({ title, dueAt, priority });
    if (!r.ok) throw new Error('create');
    return r.value;
  };
  const tasks = [make('none', null, 'high'), make('late-low', '2026-11-22T10:00:00Z', 'low'), make('late-high', '2026-11-22T10:00:00Z', 'high'), make('early', '2026-11-21T10:00:00Z', 'low')];
  expect([...tasks].sort(compareTasks('due')).map((t) => t.title)).toEqual(['early', 'late-high', 'late-low', 'none']);
  expect([...tasks].sort(compareTasks('priority')).map((t) => t.title)).toEqual(['late-high', 'none', 'early', 'late-low']);
});

test('end of shift in the workspace zone across a DST change (Europe/Paris, 2026-10-25: 03:00 CEST -> 02:00 CET)', () => {
  // 2026-10-24 23:00 CEST is 21:00 UTC; the 06:00 shift end the next morning is CET (UTC+1): 05:00 UTC.
  const before = Date.parse('2026-10-24T21:00:00Z');
  expect(new Date(nextShiftEnd(before, ['06:00', '22:00'], 'Europe/Paris')).toISOString()).toBe('2026-10-25T05:00:00.000Z');
  // The same evening's 22:00 end is still CEST (UTC+2).
  expect(new Date(nextShiftEnd(Date.parse('2026-10-24T12:00:00Z'), ['22:00'], 'Europe/Paris')).toISOString()).toBe('2026-10-24T20:00:00.000Z');
  // Spring forward in New York (2026-03-08, 02:00 EST -> 03:00 EDT): 06:00 is EDT (UTC-4).
  const night = Date.parse('2026-03-08T04:00:00Z'); // 23:00 EST on the 7th
  expect(new Date(nextShiftEnd(night, ['06:00'], 'America/New_York')).toISOString()).toBe('2026-03-08T10:00:00.000Z');
  const [, , tomorrow] = snoozeOptions(night, ['06:00'], 'America/New_York');
  expect(tomorrow?.until).toBe('2026-03-08T12:00:00.000Z'); // the 8th, 08:00 EDT
});

test('the zone decides which day "today" is: 23:30 UTC is already tomorrow in Tokyo', () => {
  const now = Date.parse('2026-11-21T23:30:00Z'); // 08:30 on the 22nd in Tokyo
  expect(new Date(nextShiftEnd(now, ['06:00', '14:00'], 'Asia/Tokyo')).toISOString()).toBe('2026-11-22T05:00:00.000Z');
  expect(new Date(nextShiftEnd(now, ['06:00', '14:00'], 'UTC')).toISOString()).toBe('2026-11-22T06:00:00.000Z');
});

test('the handoff view\'s notice writes the next shift end in the workspace zone', () => {
  const now = Date.parse('2026-11-21T12:30:00Z');
  expect(shiftEndNotice(now, ['14:00', '22:00'], 'Europe/Paris')).toEqual({ at: Date.parse('2026-11-21T13:00:00Z'), label: '14:00 Europe/Paris' });
  expect(shiftEndNotice(now, [], 'Europe/Paris')).toBeNull();
});
