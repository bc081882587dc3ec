import { expect, test } from 'vitest';
import { nextShiftEnd, snoozeOptions } from './snooze';
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
