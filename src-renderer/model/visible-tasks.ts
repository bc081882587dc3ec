// Which tasks a list shows and in what order: a pure function of the folded
// tasks and the view's options, so it is tested without a DOM.
//
// Order: src-shared/domain/sorting.ts (handoffs to me first, then the chosen
// sort, then creation, then id).
import { matchesQuery, mentionsClosure, type Query } from '../../src-shared/domain/query';
import { dueBounds, dueIn, isOpen, isOverdue } from '../../src-shared/domain/due';
import { isClosedCategory } from '../../src-shared/domain/statuses';
import { compareTasks, sortTasks } from '../../src-shared/domain/sorting';
import type { TaskId, TaskState, UserId } from '../../src-shared/domain/types';

/** The sorts the List offers (src-shared/domain/sorting.ts has the orders). */
export type SortKey = 'due' | 'priority';

export interface ListOptions {
  query: Query | null;
  sort: SortKey;
  showCompleted: boolean;
  /** Tasks hidden locally (a dismissal waiting out its undo window). */
  hidden: ReadonlySet<TaskId>;
  me: UserId;
  now: number;
  isBlocked: (task: TaskState) => boolean;
}

export const isSnoozed = (task: TaskState, now: number): boolean =>
  task.snoozeUntil !== null && Date.parse(task.snoozeUntil) > now;

function asksForSnoozed(query: Query | null): boolean {
  return query?.terms.some((term) => term.key === 'is' && !term.negated && term.values.includes('snoozed')) ?? false;
}

export function visibleTasks(tasks: readonly TaskState[], options: ListOptions): TaskState[] {
  const includeClosed = options.showCompleted || (options.query !== null && mentionsClosure(options.query));
  return sortTasks(filterTasks(tasks, options, includeClosed), options.sort, options.me);
}

/**
 * The list's selection without its order: the filter, locally hidden and snoozed
 * tasks left out as the list does; closed tasks only with `includeClosed`. The
 * Overview counts over this (closed included) so a chart's count is the list's
 * row count for the chart's filter term.
 */
export function filterTasks(tasks: readonly TaskState[], options: Omit<ListOptions, 'sort' | 'showCompleted'>, includeClosed: boolean): TaskState[] {
  const { query, hidden, now } = options;
  const includeSnoozed = asksForSnoozed(query);
  const context = { me: options.me, now, isBlocked: options.isBlocked, bounds: dueBounds(now) };
  const result: TaskState[] = [];
  for (const task of tasks) {
    if (hidden.has(task.id)) continue;
    if (!includeClosed && isClosedCategory(task.category)) continue;
    if (!includeSnoozed && isSnoozed(task, now)) continue;
    if (query !== null && !matchesQuery(query, task, context)) continue;
    result.push(task);
  }
  return result;
}

/**
 * The visible list after `changed` tasks changed, without a full pass: drop
 * them, then insert the ones that still pass the filter at their sorted place
 * (binary search with the same order as sortTasks). O(k log n + n) for the
 * splice, instead of filtering and sorting every task.
 */
export function patchVisible(
  previous: readonly TaskState[], changed: ReadonlySet<TaskId>, lookup: (id: TaskId) => TaskState | undefined, options: ListOptions,
): TaskState[] {
  const next = previous.filter((task) => !changed.has(task.id));
  const candidates: TaskState[] = [];
  for (const id of changed) {
    const task = lookup(id);
    if (task) candidates.push(task);
  }
  const compare = compareTasks(options.sort, options.me);
  for (const task of visibleTasks(candidates, options)) {
    let low = 0;
    let high = next.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(next[middle] as TaskState, task) <= 0) low = middle + 1;
      else high = middle;
    }
    next.splice(low, 0, task);
  }
  return next;
}

export interface MyDaySections {
  overdue: TaskState[];
  today: TaskState[];
  noDue: TaskState[];
  /** Open tasks of others that I watch, by due. */
  watching: TaskState[];
}

/** My Day: my open, unsnoozed tasks that are overdue, due today (local time) or have no due date; and the ones I watch. */
export function myDay(tasks: readonly TaskState[], me: UserId, now: number, hidden: ReadonlySet<TaskId>): MyDaySections {
  const sections: MyDaySections = { overdue: [], today: [], noDue: [], watching: [] };
  const bounds = dueBounds(now);
  for (const task of tasks) {
    // Someone else's task I watch (seed 002: "they see the task on their personal list").
    if (task.ownerId !== me && task.watchers.includes(me) && !hidden.has(task.id) && isOpen(task) && !isSnoozed(task, now)) {
      sections.watching.push(task);
      continue;
    }
    if (task.ownerId !== me || hidden.has(task.id) || !isOpen(task) || isSnoozed(task, now)) continue;
    if (task.dueAt === null) sections.noDue.push(task);
    else if (isOverdue(task, now)) sections.overdue.push(task);
    else if (dueIn.today(task, bounds)) sections.today.push(task);
  }
  const order = compareTasks('due', me);
  sections.overdue.sort(order);
  sections.today.sort(order);
  sections.noDue.sort(compareTasks('priority', me));
  sections.watching.sort(order);
  return sections;
}

/** Why a list shows fewer rows than there are tasks: hidden by the filter, and closed ones hidden (show completed is off). */
export interface HiddenCounts {
  byFilter: number;
  completed: number;
}

export function hiddenCounts(tasks: readonly TaskState[], options: ListOptions, shown: number): HiddenCounts {
  const includeClosed = options.showCompleted || (options.query !== null && mentionsClosure(options.query));
  const byFilter = options.query === null ? 0 : filterTasks(tasks, { ...options, query: null }, includeClosed).length - shown;
  const completed = includeClosed ? 0 : filterTasks(tasks, options, true).length - shown;
  return { byFilter: Math.max(0, byFilter), completed: Math.max(0, completed) };
}

/** The empty list's sentence: says why it is empty, or how to fill it. */
export function emptyMessage({ byFilter, completed }: HiddenCounts): string {
  const reasons = [
    ...(byFilter > 0 ? [`${byFilter} ${byFilter === 1 ? 'task' : 'tasks'} hidden by the filter`] : []),
    ...(completed > 0 ? [`${completed} completed hidden`] : []),
  ];
  return reasons.length === 0 ? 'No tasks here.' : `No tasks shown: ${reasons.join(', ')}.`;
}
