// The Overview's figures, as pure functions of folded tasks and the clock: counts
// by status and by type, the overdue action list, due this week, recently
// completed, weekly throughput and team workload. "Open", "overdue" and "this
// week" come from due.ts, never re-derived here. Every count that a chart lets
// an operator click carries the query-language term that selects the same
// tasks in the list, so the chart and the list cannot disagree.
//
// One pass over the tasks builds everything (10,000 tasks: a few milliseconds).
import { stampTime } from './clock';

export { stampTime } from './clock';
import { dueBounds, dueTime, isDueThisWeekAt, isOpen, isOverdueAt, localDayKey, startOfLocalWeek, type ZoneOption } from './due';
import { listLabel } from './list-labels';
import type { StatusCategory, StatusDefinition, TaskState, UserId } from './types';

export interface CountBar {
  key: string;
  label: string;
  count: number;
  /** The filter terms that list exactly these tasks (the list hides closed ones unless a term says otherwise). */
  term: string;
  category?: StatusCategory;
}

export interface WorkloadBar extends CountBar {
  overdue: number;
}

export interface ThroughputWeek {
  /** Monday 00:00 (local) of the week, ms since the epoch. */
  weekStart: number;
  created: number;
  closed: number;
}

export interface Overview {
  byStatus: CountBar[];
  byType: CountBar[];
  overdue: TaskState[];
  dueThisWeek: TaskState[];
  /** Open tasks without a due date (seed 000: people look for them). */
  noDue: TaskState[];
  recentlyCompleted: TaskState[];
  throughput: ThroughputWeek[];
  workload: WorkloadBar[];
  openCount: number;
}

export interface OverviewOptions extends ZoneOption {
  now: number;
  statuses: readonly StatusDefinition[];
  /** Weeks of throughput, the current one included (8 to 12 read well). */
  weeks?: number;
  recentLimit?: number;
  /** The workspace's type labels (settings.listLabels); the defaults when not given. */
  listLabels?: Readonly<Record<string, string>>;
}

const WEEK_MS = 7 * 86_400_000;


/** The label an owner id gets in the charts and the term that filters to it. */
export const ownerTerm = (ownerId: UserId | null): string => `owner:${ownerId === null ? 'none' : quote(ownerId)}`;

/** The filter terms for one throughput week: the tasks created, or closed, in it. */
export function weekTerms(weekStart: number, options?: ZoneOption): { created: string; closed: string } {
  const day = localDayKey(weekStart, options);
  return { created: `created:${day}`, closed: `closed:${day}` };
}

/** Terms for what the Overview's lists show: open tasks only, whatever "show completed" says. */
export const OVERDUE_TERM = 'due:overdue';
export const DUE_THIS_WEEK_TERM = 'due:week is:open';
export const NO_DUE_TERM = 'due:none is:open';

function quote(value: string): string {
  return /^[^\s",]+$/.test(value) ? value : `"${value.replace(/"/g, '')}"`;
}

function weekIndex(weekStarts: readonly number[], at: number): number {
  // weekStarts ascending; the last one is this week's Monday.
  for (let i = weekStarts.length - 1; i >= 0; i -= 1) if (at >= (weekStarts[i] as number)) return i;
  return -1;
}

export function buildOverview(tasks: readonly TaskState[], options: OverviewOptions): Overview {
  const { now, statuses, listLabels } = options;
  const zone: ZoneOption = options.timeZone ? { timeZone: options.timeZone } : {};
  const weeks = options.weeks ?? 10;
  const thisWeek = startOfLocalWeek(now, zone);
  const bounds = dueBounds(now, zone);
  // Monday of each week; stepping back by 7 days and snapping keeps DST weeks right.
  const weekStarts: number[] = [thisWeek];
  for (let i = 1; i < weeks; i += 1) weekStarts.unshift(startOfLocalWeek((weekStarts[0] as number) - WEEK_MS / 2, zone));
  const throughput = weekStarts.map((weekStart) => ({ weekStart, created: 0, closed: 0 }));

  const statusCounts = new Map<string, number>(statuses.map((status) => [status.id, 0]));
  const typeCounts = new Map<string, number>();
  const owners = new Map<string, { open: number; overdue: number; ownerId: UserId | null }>();
  const overdue: { task: TaskState; due: number }[] = [];
  const dueThisWeek: { task: TaskState; due: number }[] = [];
  const noDue: TaskState[] = [];
  const completed: { task: TaskState; at: number }[] = [];
  let openCount = 0;

  for (const task of tasks) {
    statusCounts.set(task.status, (statusCounts.get(task.status) ?? 0) + 1);
    const created = weekIndex(weekStarts, stampTime(task.createdAt));
    if (created >= 0) (throughput[created] as ThroughputWeek).created += 1;
    if (!isOpen(task)) {
      const closedAt = stampTime(task.updatedAt);
      const closed = weekIndex(weekStarts, closedAt);
      if (closed >= 0) (throughput[closed] as ThroughputWeek).closed += 1;
      if (task.category === 'done') completed.push({ task, at: closedAt });
      continue;
    }
    openCount += 1;
    typeCounts.set(task.type, (typeCounts.get(task.type) ?? 0) + 1);
    const ownerKey = task.ownerId ?? '';
    const owner = owners.get(ownerKey) ?? { open: 0, overdue: 0, ownerId: task.ownerId };
    owner.open += 1;
    const due = dueTime(task);
    if (isOverdueAt(due, task, now)) {
      owner.overdue += 1;
      overdue.push({ task, due: due as number });
    }
    if (isDueThisWeekAt(due, bounds)) dueThisWeek.push({ task, due: due as number });
    if (task.dueAt === null) noDue.push(task);
    owners.set(ownerKey, owner);
  }

  const byDue = (a: { task: TaskState; due: number }, b: { task: TaskState; due: number }) =>
    a.due - b.due || (a.task.id < b.task.id ? -1 : 1);
  overdue.sort(byDue);
  dueThisWeek.sort(byDue);
  completed.sort((a, b) => b.at - a.at || (a.task.id < b.task.id ? -1 : 1));

  const known = new Set(statuses.map((status) => status.id));
  const byStatus: CountBar[] = [
    ...statuses.map((status) => ({
      key: status.id, label: status.label, count: statusCounts.get(status.id) ?? 0,
      term: `status:${quote(status.id)}`, category: status.category,
    })),
    // A status removed from the settings still shows where its tasks are.
    ...[...statusCounts].filter(([id]) => !known.has(id)).map(([id, count]) => ({ key: id, label: id, count, term: `status:${quote(id)}` })),
  ];
  const byType = [...typeCounts]
    .map(([type, count]) => ({ key: type, label: listLabel(type, listLabels), count, term: `type:${quote(type)} is:open` }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const workload = [...owners.values()]
    .map(({ ownerId, open, overdue: late }) => ({
      key: ownerId ?? '', label: ownerId ?? 'Unassigned', count: open, overdue: late, term: `${ownerTerm(ownerId)} is:open`,
    }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));

  return {
    byStatus, byType, noDue, throughput,
    overdue: overdue.map((entry) => entry.task),
    dueThisWeek: dueThisWeek.map((entry) => entry.task), workload, openCount,
    recentlyCompleted: completed.slice(0, options.recentLimit ?? 10).map((entry) => entry.task),
  };
}

/** Add a term to a filter unless it is already there (a chart click narrows the current filter). */
export function withTerm(filter: string, term: string): string {
  const split = (text: string) => text.trim().split(/\s+/).filter((t) => t !== '');
  const terms = split(filter);
  for (const added of split(term)) if (!terms.includes(added)) terms.push(added);
  return terms.join(' ');
}

/** "3 d overdue", "5 h overdue", "12 min overdue": how late an overdue task is, coarsely. */
export function lateness(task: TaskState, now: number): string {
  const due = dueTime(task);
  if (due === null || due >= now) return '';
  const minutes = Math.floor((now - due) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}
