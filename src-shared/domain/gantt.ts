// The Gantt's model: each task's span (start to due; a task with only a due
// date gets a short bar ending there, one with only a start a short bar from
// it), rows grouped by the kind of entity the task links to (order, shipment,
// lot, ...; "No link" last), and the dates a dragged end or a key gives.
import { shiftByDays } from './calendar';
import { dueTime, type ZoneOption } from './due';
import type { Instant, TaskState } from './types';

/** A bar for a task with only one date: one day, ending at the due time (or starting at the start). */
export const SHORT_BAR_MS = 86_400_000;

export interface Span {
  start: number;
  end: number;
  /** Which ends the task really has (the others are the short-bar default). */
  hasStart: boolean;
  hasDue: boolean;
}

export function taskSpan(task: Pick<TaskState, 'startAt' | 'dueAt'>): Span | null {
  const due = dueTime(task);
  const start = dueTime({ dueAt: task.startAt });
  if (due === null && start === null) return null;
  if (due === null) return { start: start as number, end: (start as number) + SHORT_BAR_MS, hasStart: true, hasDue: false };
  if (start === null || start >= due) return { start: due - SHORT_BAR_MS, end: due, hasStart: start !== null, hasDue: true };
  return { start, end: due, hasStart: true, hasDue: true };
}

export const NO_LINK = 'No link';

export interface GanttGroup<T> {
  /** The link kind ("order", "shipment"), or NO_LINK. */
  kind: string;
  label: string;
  tasks: T[];
}

const titleCase = (kind: string) => kind.charAt(0).toUpperCase() + kind.slice(1).replace(/_/g, ' ');

/**
 * Groups by the first link's kind, alphabetically, "No link" last; inside a group
 * by start, then due, then id, with tasks without dates at the end of their group.
 */
export function groupByLink<T extends Pick<TaskState, 'id' | 'links' | 'startAt' | 'dueAt'>>(tasks: readonly T[]): GanttGroup<T>[] {
  const groups = new Map<string, { task: T; span: Span | null }[]>();
  for (const task of tasks) {
    const kind = task.links[0]?.kind ?? NO_LINK;
    const entries = groups.get(kind);
    const entry = { task, span: taskSpan(task) };
    if (entries) entries.push(entry);
    else groups.set(kind, [entry]);
  }
  const kinds = [...groups.keys()].filter((kind) => kind !== NO_LINK).sort();
  if (groups.has(NO_LINK)) kinds.push(NO_LINK);
  return kinds.map((kind) => {
    const entries = groups.get(kind) as { task: T; span: Span | null }[];
    entries.sort((a, b) => {
      if (a.span === null || b.span === null) return a.span === b.span ? (a.task.id < b.task.id ? -1 : 1) : a.span === null ? 1 : -1;
      return a.span.start - b.span.start || a.span.end - b.span.end || (a.task.id < b.task.id ? -1 : 1);
    });
    return { kind, label: kind === NO_LINK ? NO_LINK : titleCase(kind), tasks: entries.map((entry) => entry.task) };
  });
}

export type BarEdge = 'start' | 'due' | 'both';

/**
 * The schedule command's dates after moving one end of a bar (or the whole bar) by
 * whole days, keeping the local time of day. The end that was only a default
 * (a due-only task's start) is written only when it is the one moved; a move
 * that would put the start after the due is refused (null).
 */
export function shiftSchedule(
  task: Pick<TaskState, 'startAt' | 'dueAt'>, edge: BarEdge, days: number, options?: ZoneOption,
): { startAt?: Instant; dueAt?: Instant } | null {
  const span = taskSpan(task);
  if (span === null || days === 0) return null;
  const startAt = task.startAt ?? new Date(span.start).toISOString();
  const dueAt = task.dueAt ?? new Date(span.end).toISOString();
  const next: { startAt?: Instant; dueAt?: Instant } = {};
  if (edge !== 'due') next.startAt = shiftByDays(startAt, days, options);
  if (edge !== 'start') next.dueAt = shiftByDays(dueAt, days, options);
  const start = Date.parse(next.startAt ?? startAt);
  const due = Date.parse(next.dueAt ?? dueAt);
  if ((task.startAt !== null || next.startAt !== undefined) && (task.dueAt !== null || next.dueAt !== undefined) && start > due) return null;
  return next;
}
