import { describe, expect, it } from 'vitest';
import {
  checkRecurrence, describeRecurrence, dueOccurrences, isOccurrenceTaskId, MAX_CATCH_UP, nextOccurrence,
  occurrenceEventId, repeatChoiceOf, rruleFor, type Recurrence, type RuleRef,
} from './recurrence';

const rule: RuleRef = { kind: 'template', id: '01JTEMPLATE' };
const at = (iso: string) => Date.parse(iso);
const weekdays = (since: string, zone = 'Europe/Berlin', time = '08:00'): Recurrence =>
  ({ rrule: rruleFor('weekdays'), timeZone: zone, time, since });

describe('recurrence rules', () => {
  it('accepts daily, weekday, weekly-on-days and monthly-by-day rules and refuses the rest with a reason', () => {
    const base = { timeZone: 'Europe/Berlin', time: '08:00', since: '2026-01-01T00:00:00.000Z' };
    for (const rrule of ['FREQ=DAILY', 'FREQ=WEEKLY;BYDAY=MO,WE', 'FREQ=MONTHLY;BYMONTHDAY=15', 'FREQ=MONTHLY;BYDAY=1MO', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR']) {
      expect(checkRecurrence({ ...base, rrule })).toBeNull();
    }
    expect(checkRecurrence({ ...base, rrule: 'FREQ=HOURLY' })).toMatch(/DAILY, WEEKLY or MONTHLY/);
    expect(checkRecurrence({ ...base, rrule: 'FREQ=DAILY;COUNT=3' })).toMatch(/COUNT/);
    expect(checkRecurrence({ ...base, rrule: 'BYDAY=MO' })).toMatch(/needs FREQ/);
    expect(checkRecurrence({ ...base, rrule: 'FREQ=DAILY', timeZone: 'Mars/Olympus' })).toMatch(/time zone/);
    expect(checkRecurrence({ ...base, rrule: 'FREQ=DAILY', time: '25:00' })).toMatch(/HH:MM/);
    expect(checkRecurrence('FREQ=DAILY')).toMatch(/object/);
  });

  it('describes a rule for people', () => {
    expect(describeRecurrence(weekdays('2026-01-01T00:00:00Z'))).toBe('Every weekday at 08:00');
    expect(describeRecurrence({ ...weekdays('2026-01-01T00:00:00Z'), rrule: 'FREQ=DAILY' })).toBe('Every day at 08:00');
    expect(describeRecurrence({ ...weekdays('2026-01-01T00:00:00Z'), rrule: rruleFor('weekly', { days: ['WE', 'MO'] }) })).toBe('Every week on Monday, Wednesday at 08:00');
    expect(describeRecurrence({ ...weekdays('2026-01-01T00:00:00Z'), rrule: rruleFor('monthly', { monthDay: 15 }) })).toBe('Every month on the 15th at 08:00');
    expect(describeRecurrence(weekdays('2026-01-01T00:00:00Z'), 'America/New_York')).toBe('Every weekday at 08:00 (Europe/Berlin)');
  });

  it('maps the UI choices to RRULE bodies and back', () => {
    for (const kind of ['daily', 'weekdays'] as const) expect(repeatChoiceOf(rruleFor(kind))?.kind).toBe(kind);
    expect(repeatChoiceOf(rruleFor('weekly', { days: ['FR', 'TU'] }))).toEqual({ kind: 'weekly', days: ['TU', 'FR'], monthDay: 1 });
    expect(repeatChoiceOf(rruleFor('monthly', { monthDay: 31 }))).toEqual({ kind: 'monthly', days: [], monthDay: 31 });
    expect(repeatChoiceOf('FREQ=MONTHLY;BYDAY=1MO')).toBeNull();
  });
});

describe('occurrences due by now', () => {
  it('weekdays: Friday, then Monday, never the weekend, and nothing before the rule was set', () => {
    // Friday 2026-12-04 07:30 Berlin: set; Monday 2026-12-07 09:00 Berlin: now.
    const due = dueOccurrences(rule, weekdays('2026-12-04T06:30:00.000Z'), at('2026-12-07T08:00:00.000Z'));
    expect(due.map((o) => o.at)).toEqual(['2026-12-04T07:00:00.000Z', '2026-12-07T07:00:00.000Z']);
    expect(due.map((o) => o.local)).toEqual(['20261204T0800', '20261207T0800']);
    // Set after 08:00 on Friday: Friday's occurrence is not created.
    expect(dueOccurrences(rule, weekdays('2026-12-04T07:30:00.000Z'), at('2026-12-07T06:59:00.000Z'))).toEqual([]);
  });

  it('each occurrence is due at the rule\'s time in its zone that day (Europe/Paris, across the spring change)', () => {
    const paris = weekdays('2026-03-26T12:00:00.000Z', 'Europe/Paris');
    // Friday 27 March (UTC+1), Monday 30 March (UTC+2, after the change on Sunday 29).
    const due = dueOccurrences(rule, paris, at('2026-03-30T12:00:00.000Z'));
    expect(due.map((o) => [o.local, o.dueAt])).toEqual([
      ['20260327T0800', '2026-03-27T07:00:00.000Z'],
      ['20260330T0800', '2026-03-30T06:00:00.000Z'],
    ]);
    // The same on every replica, whenever it looks: asked a day later (or edited-since earlier), the same instants.
    const later = dueOccurrences(rule, { ...paris, since: '2026-03-20T00:00:00.000Z' }, at('2026-03-31T05:00:00.000Z'));
    expect(later.filter((o) => due.some((d) => d.taskId === o.taskId)).map((o) => o.dueAt)).toEqual(due.map((o) => o.dueAt));
  });

  it('keeps 08:00 local across both DST changes (Europe/Berlin)', () => {
    const daily: Recurrence = { ...weekdays('2026-03-27T00:00:00.000Z'), rrule: 'FREQ=DAILY' };
    const spring = dueOccurrences(rule, daily, at('2026-03-30T12:00:00.000Z')).map((o) => o.at);
    expect(spring).toEqual(['2026-03-27T07:00:00.000Z', '2026-03-28T07:00:00.000Z', '2026-03-29T06:00:00.000Z', '2026-03-30T06:00:00.000Z']);
    const autumn = dueOccurrences(rule, { ...daily, since: '2026-10-24T00:00:00.000Z' }, at('2026-10-26T12:00:00.000Z')).map((o) => o.at);
    expect(autumn).toEqual(['2026-10-24T06:00:00.000Z', '2026-10-25T07:00:00.000Z', '2026-10-26T07:00:00.000Z']);
  });

  it('a time inside the spring-forward gap still happens once that day', () => {
    const daily: Recurrence = { rrule: 'FREQ=DAILY', timeZone: 'America/New_York', time: '02:30', since: '2026-03-07T12:00:00.000Z' };
    const due = dueOccurrences(rule, daily, at('2026-03-09T12:00:00.000Z'));
    expect(due.map((o) => o.local)).toEqual(['20260308T0230', '20260309T0230']);
    expect(due[1]?.at).toBe('2026-03-09T06:30:00.000Z');
  });

  it('monthly by day: the 31st skips the months without one', () => {
    const monthly: Recurrence = { rrule: rruleFor('monthly', { monthDay: 31 }), timeZone: 'UTC', time: '09:00', since: '2026-01-01T00:00:00.000Z' };
    expect(dueOccurrences(rule, monthly, at('2026-06-01T00:00:00.000Z')).map((o) => o.local)).toEqual(['20260131T0900', '20260331T0900', '20260531T0900']);
  });

  it('weekly on days, in a zone far from UTC (the local day decides, not the UTC day)', () => {
    const weekly: Recurrence = { rrule: rruleFor('weekly', { days: ['MO'] }), timeZone: 'Pacific/Auckland', time: '07:00', since: '2026-11-29T00:00:00.000Z' };
    // Monday 07:00 in Auckland (UTC+13) is Sunday 18:00 UTC.
    expect(dueOccurrences(rule, weekly, at('2026-12-01T00:00:00.000Z')).map((o) => o.at)).toEqual(['2026-11-29T18:00:00.000Z']);
  });

  it('derives the same ids and creation stamp on every call, and caps the catch-up', () => {
    const daily: Recurrence = { ...weekdays('2026-01-01T00:00:00.000Z'), rrule: 'FREQ=DAILY' };
    const first = dueOccurrences(rule, daily, at('2026-02-01T00:00:00.000Z'));
    expect(first).toHaveLength(MAX_CATCH_UP);
    expect(dueOccurrences(rule, daily, at('2026-02-01T00:00:00.000Z'))).toEqual(first);
    const last = first[first.length - 1];
    expect(last?.taskId).toBe('rec-t-01JTEMPLATE-20260131T0800');
    expect(isOccurrenceTaskId(last?.taskId ?? '')).toBe(true);
    expect(occurrenceEventId(last?.taskId ?? '')).toBe('rec-t-01JTEMPLATE-20260131T0800.c');
    expect(last?.stamp).toBe(`${String(Date.parse('2026-01-31T07:00:00.000Z')).padStart(15, '0')}-000000-recurrence`);
    // A rule id that does not fit is hashed, so ids stay within the relay's bounds.
    const long = dueOccurrences({ kind: 'task', id: 'x'.repeat(100) }, daily, at('2026-01-02T12:00:00.000Z'))[0];
    expect(long?.eventId.length).toBeLessThanOrEqual(64);
    expect(isOccurrenceTaskId(long?.taskId ?? '')).toBe(true);
  });

  it('names the next occurrence', () => {
    expect(nextOccurrence(weekdays('2026-12-01T00:00:00.000Z'), at('2026-12-04T08:00:00.000Z'))).toBe('2026-12-07T07:00:00.000Z');
  });
});
