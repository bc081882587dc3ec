// Which tasks a list shows and in what order: a pure function of the folded
// tasks and the view's options, so it is tested without a DOM.
//
// Order: src-shared/domain/sorting.ts (handoffs to me first, then the chosen
// sort, then creation, then id).
import { matchesQuery, mentionsClosure, type Query } from '../../src-shared/domain/query';
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
  const { query, showCompleted, hidden, now } = options;
  const includeClosed = showCompleted || (query !== null && mentionsClosure(query));
  const includeSnoozed = asksForSnoozed(query);
  const context = { me: options.me, now, isBlocked: options.isBlocked };
  const result: TaskState[] = [];
  for (const task of tasks) {
    if (hidden.has(task.id)) continue;
    if (!includeClosed && isClosedCategory(task.category)) continue;
    if (!includeSnoozed && isSnoozed(task, now)) continue;
    if (query !== null && !matchesQuery(query, task, context)) continue;
    result.push(task);
  }
  return sortTasks(result, options.sort, options.me);
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
}

/** My Day: my open, unsnoozed tasks that are overdue, due today (local time) or have no due date. */
export function myDay(tasks: readonly TaskState[], me: UserId, now: number, hidden: ReadonlySet<TaskId>): MyDaySections {
  const endOfToday = new Date(now);
  endOfToday.setHours(23, 59, 59, 999);
  const sections: MyDaySections = { overdue: [], today: [], noDue: [] };
  for (const task of tasks) {
    if (task.ownerId !== me || hidden.has(task.id) || isClosedCategory(task.category) || isSnoozed(task, now)) continue;
    if (task.dueAt === null) sections.noDue.push(task);
    else if (Date.parse(task.dueAt) < now) sections.overdue.push(task);
    else if (Date.parse(task.dueAt) <= endOfToday.getTime()) sections.today.push(task);
  }
  const order = compareTasks('due', me);
  sections.overdue.sort(order);
  sections.today.sort(order);
  sections.noDue.sort(compareTasks('priority', me));
  return sections;
}
