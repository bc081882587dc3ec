// The Gantt's screen geometry, apart from React: rows (group headers and tasks),
// the time range a workspace's bars need, the x of an instant at a zoom, and the
// axis ticks for the visible stretch only (so a year at day zoom costs what a
// screenful does).
import { startOfLocalDay, startOfLocalWeek } from '../../src-shared/domain/due';
import { groupByLink, taskSpan, type Span } from '../../src-shared/domain/gantt';
import type { TaskState } from '../../src-shared/domain/types';
import { memoLast } from '../model/memo';

export const DAY_MS = 86_400_000;
export type Zoom = 'day' | 'week' | 'month';
/** Pixels per day at each zoom. */
export const ZOOM_PX: Record<Zoom, number> = { day: 96, week: 24, month: 10 };
export const ZOOMS: readonly { zoom: Zoom; label: string }[] = [
  { zoom: 'day', label: 'Day' }, { zoom: 'week', label: 'Week' }, { zoom: 'month', label: 'Month' },
];

export type GanttRow =
  | { kind: 'group'; label: string; count: number }
  | { kind: 'task'; task: TaskState; span: Span | null; group: string };

export interface GanttLayout {
  rows: GanttRow[];
  /** Row index of each task. */
  rowOf: Map<string, number>;
  start: number;
  end: number;
}

/** Past this far from today the chart stops (a bar beyond it is clipped at the edge). */
const MAX_BEFORE = 90 * DAY_MS;
const MAX_AFTER = 180 * DAY_MS;

export function layoutGantt(tasks: readonly TaskState[], now: number): GanttLayout {
  const rows: GanttRow[] = [];
  const rowOf = new Map<string, number>();
  let min = now - 14 * DAY_MS;
  let max = now + 45 * DAY_MS;
  for (const group of groupByLink(tasks)) {
    rows.push({ kind: 'group', label: group.label, count: group.tasks.length });
    for (const task of group.tasks) {
      const span = taskSpan(task);
      if (span) {
        if (span.start < min) min = span.start;
        if (span.end > max) max = span.end;
      }
      rowOf.set(task.id, rows.length);
      rows.push({ kind: 'task', task, span, group: group.label });
    }
  }
  return {
    rows, rowOf,
    start: startOfLocalDay(Math.max(min, now - MAX_BEFORE), -1),
    end: startOfLocalDay(Math.min(max, now + MAX_AFTER), 2),
  };
}

export interface Tick {
  at: number;
  label: string;
  major: boolean;
  weekend: boolean;
}

const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric' });
const weekLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const monthLabel = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });

/** Day boundaries in [from, to): at day zoom every day is labelled; at week zoom Mondays; at month zoom the 1st. */
// The axis and the chart ask for the same stretch, and j/k re-render with it unchanged.
export const ticks = memoLast(computeTicks);

function computeTicks(from: number, to: number, zoom: Zoom): Tick[] {
  const result: Tick[] = [];
  let at = startOfLocalWeek(from);
  for (let i = 0; at < to && i < 400; i += 1) {
    const date = new Date(at);
    const weekday = date.getDay();
    const monday = weekday === 1;
    const first = date.getDate() === 1;
    if (at >= from - DAY_MS) {
      const major = zoom === 'day' ? monday : zoom === 'week' ? monday : first;
      const label = zoom === 'day' ? dayLabel.format(date) : zoom === 'week' ? (monday ? weekLabel.format(date) : '')
        : first ? monthLabel.format(date) : '';
      if (zoom !== 'month' || monday || first) result.push({ at, label, major, weekend: weekday === 0 || weekday === 6 });
    }
    at = startOfLocalDay(at, 1);
  }
  return result;
}
