// Recurring tasks (issue 13): a template or a task carries an RFC 5545 RRULE, an IANA time zone
// and a time of day. Occurrences are computed by `rrule` on "floating" wall-clock times (the
// zone's local date and time written as if UTC) and each is turned into a real instant by
// @date-fns/tz, so "every weekday at 08:00" is 08:00 local on both sides of a DST change.
//
// Identity: an occurrence is named by its rule (template or task id) and its local date-time, and
// its task id, creation event id and creation stamp are derived from those alone. Two replicas
// that create the same occurrence offline write the same task id and the same creation event,
// so the fold sees one task after they merge (doc/recurrence-scheduler.ts, sync-server/room-rules.ts).
import { TZDate } from '@date-fns/tz';
import * as rrule from 'rrule';
import { formatStamp } from './clock';
import type { Instant, Stamp } from './types';

// Node loads rrule's CommonJS build (names under `default`); bundlers load its ES module build.
const RRule = rrule.RRule ?? (rrule as unknown as { default: typeof rrule }).default.RRule;

export interface Recurrence {
  /** RRULE body without the "RRULE:" prefix, e.g. "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR". */
  rrule: string;
  /** IANA zone the time of day is in, e.g. "Europe/Berlin". */
  timeZone: string;
  /** Local time of day, "HH:MM" (24 h). */
  time: string;
  /** When the rule was set or last edited: only occurrences after it are created. */
  since: Instant;
}

/**
 * The rule a task carries while it still makes occurrences: completing the task that holds the rule
 * does not end the series, canceling it does.
 */
export function activeRecurrence(task: { recurrence?: Recurrence | null; category: string }): Recurrence | null {
  return task.recurrence && task.category !== 'canceled' ? task.recurrence : null;
}

/** Which rule an occurrence belongs to: a template's or a task's. */
export interface RuleRef {
  kind: 'template' | 'task';
  id: string;
}

/** What an occurrence task records about where it came from. */
export interface OccurrenceOf {
  rule: string;
  /** Local date-time of the occurrence, "YYYYMMDDTHHMM" in the rule's zone. */
  local: string;
}

export interface Occurrence {
  rule: RuleRef;
  local: string;
  at: Instant;
  /**
   * When the occurrence's task is due: the rule's time of day in its zone on the occurrence's date
   * ("every weekday at 08:00", Europe/Paris: 08:00 Paris time that day). From the rule alone, so
   * every replica writes the same creation event.
   */
  dueAt: Instant;
  taskId: string;
  eventId: string;
  stamp: Stamp;
}

const ALLOWED_KEYS = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYSETPOS', 'WKST']);
const FREQS = new Set(['DAILY', 'WEEKLY', 'MONTHLY']);
const MAX_RULE_LENGTH = 200;
/** A replica that was asleep for weeks creates at most this many missed occurrences per rule. */
export const MAX_CATCH_UP = 7;
/** The node of every occurrence's creation stamp: the same on every replica. */
export const OCCURRENCE_NODE = 'recurrence';
const OCCURRENCE_PREFIX = 'rec-';

const isString = (value: unknown): value is string => typeof value === 'string';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0 && zone.length <= 64;
  } catch {
    return false;
  }
}

/** Null when the RRULE body is one Handoff schedules (daily, weekly on days, monthly by day), else why not. */
export function checkRruleText(text: string): string | null {
  if (text.length === 0 || text.length > MAX_RULE_LENGTH) return 'A repeat rule is 1 to 200 characters.';
  const parts = text.split(';');
  const keys = new Set<string>();
  for (const part of parts) {
    const [key = '', value = ''] = part.split('=');
    if (!ALLOWED_KEYS.has(key)) return `"${key}" is not part of a repeat rule here (FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYSETPOS).`;
    if (keys.has(key) || value === '') return `"${part}" is not a valid repeat rule part.`;
    keys.add(key);
    if (key === 'FREQ' && !FREQS.has(value)) return 'A task repeats DAILY, WEEKLY or MONTHLY.';
  }
  if (!keys.has('FREQ')) return 'A repeat rule needs FREQ.';
  try {
    RRule.parseString(text);
  } catch (error) {
    return `The repeat rule does not parse: ${(error as Error).message}.`;
  }
  return null;
}

/** Null when the value is a recurrence the fold and the relay accept, else what is wrong. */
export function checkRecurrence(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'A recurrence is an object.';
  const r = value as Record<string, unknown>;
  if (!isString(r.rrule)) return 'A recurrence needs a repeat rule.';
  const ruleError = checkRruleText(r.rrule);
  if (ruleError) return ruleError;
  if (!isString(r.timeZone) || !isTimeZone(r.timeZone)) return 'A recurrence needs an IANA time zone.';
  if (!isString(r.time) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(r.time)) return 'A recurrence time is HH:MM.';
  if (!isString(r.since) || Number.isNaN(Date.parse(r.since))) return 'A recurrence needs the instant it was set.';
  return null;
}

/** "Every weekday at 08:00" (the zone is named when it is not the reader's). */
export function describeRecurrence(recurrence: Recurrence, readerZone?: string): string {
  let text: string;
  try {
    text = new RRule(RRule.parseString(recurrence.rrule)).toText();
  } catch {
    text = recurrence.rrule;
  }
  const sentence = `${text.charAt(0).toUpperCase()}${text.slice(1)} at ${recurrence.time}`;
  return readerZone !== undefined && readerZone !== recurrence.timeZone ? `${sentence} (${recurrence.timeZone})` : sentence;
}

/** The wall-clock fields of an instant in a zone, as a "floating" UTC date (rrule's time base). */
function floating(ms: number, zone: string): Date {
  const local = new TZDate(ms, zone);
  return new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes(), local.getSeconds()));
}

/** The instant a floating date means in a zone. */
function instantOf(f: Date, zone: string): number {
  return new TZDate(f.getUTCFullYear(), f.getUTCMonth(), f.getUTCDate(), f.getUTCHours(), f.getUTCMinutes(), 0, zone).getTime();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const localKey = (f: Date) =>
  `${pad(f.getUTCFullYear(), 4)}${pad(f.getUTCMonth() + 1)}${pad(f.getUTCDate())}T${pad(f.getUTCHours())}${pad(f.getUTCMinutes())}`;

/** FNV-1a, for rule ids too long or too odd to put into a task id. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `h${hash.toString(16).padStart(8, '0')}`;
}

export function ruleKey(rule: RuleRef): string {
  return `${rule.kind === 'template' ? 't' : 'k'}-${/^[A-Za-z0-9_]{1,40}$/.test(rule.id) ? rule.id : shortHash(rule.id)}`;
}

/** The occurrence's task id: the same on every replica (at most 60 characters). */
export function occurrenceTaskId(rule: RuleRef, local: string): string {
  return `${OCCURRENCE_PREFIX}${ruleKey(rule)}-${local}`;
}

/** The occurrence's creation event id (at most 62 characters; the relay allows 64). */
export function occurrenceEventId(taskId: string): string {
  return `${taskId}.c`;
}

/** Whether a task id is one the scheduler derives (the relay lets two replicas create it). */
export function isOccurrenceTaskId(taskId: string): boolean {
  return /^rec-[tk]-[A-Za-z0-9_]{1,40}-\d{8}T\d{4}$/.test(taskId);
}

/**
 * Occurrences due by `now`: after the rule was set, at or before now, the latest MAX_CATCH_UP.
 * An invalid rule has none.
 */
export function dueOccurrences(rule: RuleRef, recurrence: Recurrence, now: number): Occurrence[] {
  if (checkRecurrence(recurrence) !== null) return [];
  const zone = recurrence.timeZone;
  const since = Date.parse(recurrence.since);
  if (!(since < now)) return [];
  const [hours = 0, minutes = 0] = recurrence.time.split(':').map(Number);
  const start = floating(since, zone);
  const dtstart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), hours, minutes));
  const schedule = new RRule({ ...RRule.parseString(recurrence.rrule), dtstart });
  const dates = schedule.between(start, floating(now, zone), true);
  const result: Occurrence[] = [];
  for (const date of dates) {
    const at = instantOf(date, zone);
    // Bounds in floating time are approximate around DST changes: the real instants decide.
    if (at <= since || at > now) continue;
    const local = localKey(date);
    const taskId = occurrenceTaskId(rule, local);
    const instant = new Date(at).toISOString();
    result.push({
      rule, local, at: instant, dueAt: instant, taskId,
      eventId: occurrenceEventId(taskId),
      stamp: formatStamp({ wall: at, counter: 0, node: OCCURRENCE_NODE }),
    });
  }
  return result.slice(-MAX_CATCH_UP);
}

/** The next occurrence after `now`, for people ("next: Mon 08:00"). */
export function nextOccurrence(recurrence: Recurrence, now: number): Instant | null {
  if (checkRecurrence(recurrence) !== null) return null;
  const zone = recurrence.timeZone;
  const [hours = 0, minutes = 0] = recurrence.time.split(':').map(Number);
  const start = floating(Math.max(now, Date.parse(recurrence.since)), zone);
  const dtstart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), hours, minutes));
  const next = new RRule({ ...RRule.parseString(recurrence.rrule), dtstart }).after(start, false);
  return next ? new Date(instantOf(next, zone)).toISOString() : null;
}

// --- the rules the UI offers ------------------------------------------------------------------

export type RepeatKind = 'daily' | 'weekdays' | 'weekly' | 'monthly';
export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

/** The RRULE body for one of the repeat choices the panel and the template editor offer. */
export function rruleFor(kind: RepeatKind, options: { days?: readonly WeekdayCode[]; monthDay?: number } = {}): string {
  switch (kind) {
    case 'daily':
      return 'FREQ=DAILY';
    case 'weekdays':
      return 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
    case 'weekly': {
      const days = WEEKDAY_CODES.filter((day) => options.days?.includes(day));
      return `FREQ=WEEKLY;BYDAY=${(days.length > 0 ? days : ['MO']).join(',')}`;
    }
    case 'monthly':
      return `FREQ=MONTHLY;BYMONTHDAY=${Math.min(31, Math.max(1, Math.trunc(options.monthDay ?? 1)))}`;
  }
}

/** The repeat choice an RRULE body came from, when it is one of them (else null: shown as text). */
export function repeatChoiceOf(rrule: string): { kind: RepeatKind; days: WeekdayCode[]; monthDay: number } | null {
  if (rrule === 'FREQ=DAILY') return { kind: 'daily', days: [], monthDay: 1 };
  if (rrule === 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR') return { kind: 'weekdays', days: [], monthDay: 1 };
  const weekly = /^FREQ=WEEKLY;BYDAY=([A-Z,]+)$/.exec(rrule);
  if (weekly) {
    const days = (weekly[1] ?? '').split(',').filter((d): d is WeekdayCode => (WEEKDAY_CODES as readonly string[]).includes(d));
    return { kind: 'weekly', days, monthDay: 1 };
  }
  const monthly = /^FREQ=MONTHLY;BYMONTHDAY=(\d{1,2})$/.exec(rrule);
  if (monthly) return { kind: 'monthly', days: [], monthDay: Number(monthly[1]) };
  return null;
}
