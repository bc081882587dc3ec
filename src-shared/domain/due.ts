// The one definition of "open", "overdue", "due today", "due tomorrow" and "due
// this week". The query language, My Day, the list's due column, the Overview,
// the Calendar and main's SQL (tested against this) all use these, so a task is
// never overdue in one place and not in another.
//
//   open            its status category is not done or canceled
//   overdue         open, has a due time, and that time is before `now`
//                   (snooze is an overlay: a snoozed task stays overdue, views hide it)
//   due today       due in [start of today, start of tomorrow) in the operator's zone
//   due this week   due in [start of today, next Monday 00:00) in the operator's zone
//
// Day boundaries are the operator's local zone by default; pass `timeZone` (an IANA
// name) to compute them for another zone (tests, and a workspace's shift zone later).
// The clock is always passed in.
import { addDays, format, startOfDay, startOfWeek } from 'date-fns';
import { tz } from '@date-fns/tz';
import { isClosedCategory } from './statuses';
import type { StatusCategory } from './types';

export interface DueTask {
  category: StatusCategory;
  dueAt: string | null;
}

export interface ZoneOption {
  /** IANA zone name; omitted means the runtime's local zone. */
  timeZone?: string;
}

const context = (options?: ZoneOption) => (options?.timeZone ? { in: tz(options.timeZone) } : {});

export const isOpen = (task: { category: StatusCategory }): boolean => !isClosedCategory(task.category);

/** Due time in ms since the epoch, or null (no due date or an unreadable one). */
export function dueTime(task: { dueAt: string | null }): number | null {
  if (task.dueAt === null) return null;
  const time = Date.parse(task.dueAt);
  return Number.isNaN(time) ? null : time;
}

export function isOverdue(task: DueTask, now: number): boolean {
  return isOverdueAt(dueTime(task), task, now);
}

/** isOverdue with the due time already parsed (a pass over 10,000 tasks parses each once). */
export function isOverdueAt(due: number | null, task: { category: StatusCategory }, now: number): boolean {
  return due !== null && due < now && isOpen(task);
}

/** Start of the local day `addDays` days after the one containing `at`. */
export function startOfLocalDay(at: number, add = 0, options?: ZoneOption): number {
  const start = startOfDay(at, context(options));
  return (add === 0 ? start : startOfDay(addDays(start, add, context(options)), context(options))).getTime();
}

/** Monday 00:00 of the week after the one containing `at` (ISO weeks start on Monday). */
export function startOfNextLocalWeek(at: number, options?: ZoneOption): number {
  const monday = startOfWeek(at, { weekStartsOn: 1, ...context(options) });
  return startOfDay(addDays(monday, 7, context(options)), context(options)).getTime();
}

/** Monday 00:00 of the week containing `at`. */
export function startOfLocalWeek(at: number, options?: ZoneOption): number {
  return startOfWeek(at, { weekStartsOn: 1, ...context(options) }).getTime();
}

/** The local calendar day of an instant, as `yyyy-MM-dd` (the Calendar's bucket key). */
export function localDayKey(at: number, options?: ZoneOption): string {
  return format(at, 'yyyy-MM-dd', context(options));
}

function dueWithin(task: DueTask, from: number, to: number): boolean {
  return withinAt(dueTime(task), from, to);
}

const withinAt = (due: number | null, from: number, to: number) => due !== null && due >= from && due < to;

/** "Due this week" with the due time already parsed. */
export const isDueThisWeekAt = (due: number | null, bounds: DueBounds): boolean => withinAt(due, bounds.today, bounds.nextWeek);

/** The day boundaries the "due" predicates need, computed once for a pass over many tasks. */
export interface DueBounds {
  now: number;
  today: number;
  tomorrow: number;
  dayAfter: number;
  nextWeek: number;
}

export function dueBounds(now: number, options?: ZoneOption): DueBounds {
  return {
    now,
    today: startOfLocalDay(now, 0, options),
    tomorrow: startOfLocalDay(now, 1, options),
    dayAfter: startOfLocalDay(now, 2, options),
    nextWeek: startOfNextLocalWeek(now, options),
  };
}

/** Same answers as isDueToday / isDueTomorrow / isDueThisWeek, from precomputed bounds. */
export const dueIn = {
  today: (task: DueTask, bounds: DueBounds) => dueWithin(task, bounds.today, bounds.tomorrow),
  tomorrow: (task: DueTask, bounds: DueBounds) => dueWithin(task, bounds.tomorrow, bounds.dayAfter),
  week: (task: DueTask, bounds: DueBounds) => dueWithin(task, bounds.today, bounds.nextWeek),
};

export function isDueToday(task: DueTask, now: number, options?: ZoneOption): boolean {
  return dueIn.today(task, dueBounds(now, options));
}

export function isDueTomorrow(task: DueTask, now: number, options?: ZoneOption): boolean {
  return dueIn.tomorrow(task, dueBounds(now, options));
}

export function isDueThisWeek(task: DueTask, now: number, options?: ZoneOption): boolean {
  return dueIn.week(task, dueBounds(now, options));
}
