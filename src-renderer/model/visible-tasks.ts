// Which tasks a list shows and in what order: a pure function of the folded
// tasks and the view's options, so it is tested without a DOM.
//
// Order: handoffs to me that I have not acknowledged first (the receiver must
// see them until they do), then by the chosen sort, then by creation, then id,
// so the order is total and stable across replicas.
import { matchesQuery, mentionsClosure, type Query } from '../../src-shared/domain/query';
import { isClosedCategory } from '../../src-shared/domain/statuses';
import { PRIORITIES, type TaskId, type TaskState, type UserId } from '../../src-shared/domain/types';

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

const PRIORITY_RANK = new Map(PRIORITIES.map((priority, index) => [priority, index]));

export const isSnoozed = (task: TaskState, now: number): boolean =>
  task.snoozeUntil !== null && Date.parse(task.snoozeUntil) > now;

export const isPendingHandoffFor = (task: TaskState, me: UserId): boolean =>
  task.handoff !== null && task.handoff.to === me && !task.handoff.acknowledged && !isClosedCategory(task.category);

function asksForSnoozed(query: Query | null): boolean {
  return query?.terms.some((term) => term.key === 'is' && !term.negated && term.values.includes('snoozed')) ?? false;
}

function dueValue(task: TaskState): number {
  return task.dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(task.dueAt);
}

export function compareTasks(sort: SortKey, me: UserId) {
  return (a: TaskState, b: TaskState): number => {
    const handoff = Number(isPendingHandoffFor(b, me)) - Number(isPendingHandoffFor(a, me));
    if (handoff !== 0) return handoff;
    const byPriority = (PRIORITY_RANK.get(a.priority) ?? 9) - (PRIORITY_RANK.get(b.priority) ?? 9);
    const byDue = dueValue(a) - dueValue(b);
    const first = sort === 'due' ? byDue : byPriority;
    if (first !== 0 && !Number.isNaN(first)) return first;
    const second = sort === 'due' ? byPriority : byDue;
    if (second !== 0 && !Number.isNaN(second)) return second;
    if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
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
  return result.sort(compareTasks(options.sort, options.me));
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
