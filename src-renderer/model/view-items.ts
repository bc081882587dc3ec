// What each view shows, in the order it shows it: one pure function per view,
// used both by the view's component (to render) and by the store (so j/k walk
// exactly those rows and a/d/x/p act on the highlighted one, never on a task
// the view does not show). A view without an entry here (a chart, say) has no
// selection and the task keys do nothing in it; a new view plugs in by adding
// its function to VIEW_ITEMS. Every key asks for the current view's rows, so each
// view's rows are memoized on what they depend on (the minute for time), and the
// component that draws them calls the same memo.
import { dueTime, localDayKey, startOfLocalDay } from '../../src-shared/domain/due';
import { isClosedCategory } from '../../src-shared/domain/statuses';
import type { Query } from '../../src-shared/domain/query';
import type { StatusDefinition, TaskId, TaskState, UserId } from '../../src-shared/domain/types';
import type { RepositoryPort } from './repository-port';
import type { ViewName } from './views';
import type { ReviewFilter } from '../../src-shared/domain/review-filter';
import type { SuggestionState } from '../../src-shared/domain/suggestions';
import { layoutGantt, type GanttLayout } from '../views/gantt-layout';
import { memoLast } from './memo';
import { reviewRows } from './review-items';
import { myDay, visibleTasks, type MyDaySections, type SortKey } from './visible-tasks';

export interface ViewInput {
  tasks: readonly TaskState[];
  /** The List's rows (filter, sort and show-completed applied). */
  visible: readonly TaskState[];
  query: Query | null;
  sort: SortKey;
  me: UserId;
  now: number;
  /** Tasks a pending dismissal hides: one set per change (store/pending-dismissals.ts `hiddenIds`). */
  hidden: ReadonlySet<TaskId>;
  repository: RepositoryPort;
  /** The Review queue's filter. */
  reviewFilter: ReviewFilter;
  /** The day the Calendar lists (local yyyy-MM-dd); null: today. */
  calendarDay?: string | null;
}

/** Rows are tasks in most views, suggestions in the review queue. */
export interface ViewItems {
  kind: 'task' | 'suggestion';
  ids: readonly string[];
}

/** Time enters a view's rows by the minute (overdue, due today, snoozes, expiry): the memos key on it. */
const minuteOf = (now: number) => Math.floor(now / 60_000);

export const approvalTasks = memoLast((tasks: readonly TaskState[], hidden: ReadonlySet<TaskId>): TaskState[] =>
  tasks.filter((task) => task.category === 'approval' && !hidden.has(task.id)));

export const handoffTasks = memoLast((tasks: readonly TaskState[], me: UserId, hidden: ReadonlySet<TaskId>): TaskState[] =>
  tasks.filter((task) => task.ownerId === me && !isClosedCategory(task.category) && !hidden.has(task.id)));

const myDayOf = memoLast((tasks: readonly TaskState[], me: UserId, minute: number, hidden: ReadonlySet<TaskId>) =>
  myDay(tasks, me, minute * 60_000, hidden));

/** My Day's sections, recomputed when the tasks, the hidden set or the minute change. */
export const myDayTasks = (input: Pick<ViewInput, 'tasks' | 'hidden' | 'me' | 'now'>) =>
  myDayOf(input.tasks, input.me, minuteOf(input.now), input.hidden);

const boardOf = memoLast((tasks: readonly TaskState[], query: Query | null, sort: SortKey, me: UserId, hidden: ReadonlySet<TaskId>,
  minute: number, statuses: readonly StatusDefinition[], repository: RepositoryPort): Map<string, TaskState[]> => {
  const columns = new Map<string, TaskState[]>(statuses.map((status) => [status.id, []]));
  const shown = visibleTasks(tasks, {
    query, sort, showCompleted: true, hidden, me, now: minute * 60_000,
    isBlocked: (task) => repository.view.isBlocked(task),
  });
  for (const task of shown) columns.get(task.status)?.push(task);
  return columns;
});

/**
 * Board columns: every status of the workspace, closed ones included (their
 * columns would otherwise always read 0); the filter applies as in the List.
 * Every key on the board asks for its rows: one pass per snapshot, filter and minute, not per key.
 */
export function boardColumns(input: ViewInput, statuses: readonly StatusDefinition[]): Map<string, TaskState[]> {
  return boardOf(input.tasks, input.query, input.sort, input.me, input.hidden, minuteOf(input.now), statuses, input.repository);
}

/** The Gantt's rows (the List's tasks grouped by link kind), shared by the chart and its keys. */
export const ganttLayout = memoLast(layoutGantt);
export const ganttLayoutAt = (visible: readonly TaskState[], now: number) => ganttLayout(visible, minuteOf(now) * 60_000);

/** The tasks due on a local day (yyyy-MM-dd), in the List's order: the Calendar's day list and its keys. */
export const calendarDayTasks = memoLast((visible: readonly TaskState[], day: string): TaskState[] => {
  const start = startOfLocalDay(Date.parse(`${day}T12:00:00`));
  const end = startOfLocalDay(start, 1);
  return visible.filter((task) => {
    const due = dueTime(task);
    return due !== null && due >= start && due < end;
  });
});

const idsOf = new WeakMap<object, ViewItems>();
/** One ids list per rows object, so j/k over an unchanged view allocates nothing. */
function itemsOf<T extends { id: string }>(rows: readonly T[] | object, kind: ViewItems['kind'], list: () => readonly T[]): ViewItems {
  let items = idsOf.get(rows);
  if (items === undefined) {
    items = { kind, ids: list().map((row) => row.id) };
    idsOf.set(rows, items);
  }
  return items;
}
export const taskIds = (tasks: readonly TaskState[]): ViewItems => itemsOf(tasks, 'task', () => tasks);

export const suggestionItems = (rows: readonly SuggestionState[]): ViewItems => itemsOf(rows, 'suggestion', () => rows);
export const boardItems = (columns: Map<string, TaskState[]>) => itemsOf(columns, 'task', () => [...columns.values()].flat());
export const myDayItems = (sections: MyDaySections) => itemsOf(sections, 'task', () => [...sections.overdue, ...sections.today, ...sections.noDue, ...sections.watching]);
export const ganttItems = (layout: GanttLayout) => itemsOf(layout, 'task', () =>
  layout.rows.flatMap((row) => (row.kind === 'task' ? [row.task] : [])));

export const VIEW_ITEMS: Partial<Record<ViewName, (input: ViewInput) => ViewItems>> = {
  list: (input) => taskIds(input.visible),
  // Column by column, top to bottom: the reading order of the board.
  board: (input) => boardItems(boardColumns(input, input.repository.settings().statuses)),
  'my-day': (input) => myDayItems(myDayTasks(input)),
  approvals: (input) => taskIds(approvalTasks(input.tasks, input.hidden)),
  handoff: (input) => taskIds(handoffTasks(input.tasks, input.me, input.hidden)),
  review: (input) => suggestionItems(reviewRows(input.repository, input.reviewFilter, input.now)),
  // The listed day's tasks: j/k walk the day list beside the grid, and d, x, e… act on it.
  calendar: (input) => taskIds(calendarDayTasks(input.visible, input.calendarDay ?? localDayKey(input.now))),
  // Group by group, as the chart draws them.
  gantt: (input) => ganttItems(ganttLayoutAt(input.visible, input.now)),
};

export function viewItems(view: ViewName, input: ViewInput): ViewItems {
  return VIEW_ITEMS[view]?.(input) ?? { kind: 'task', ids: [] };
}
