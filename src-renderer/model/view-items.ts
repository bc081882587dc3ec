// What each view shows, in the order it shows it: one pure function per view,
// used both by the view's component (to render) and by the store (so j/k walk
// exactly those rows and a/d/x/p act on the highlighted one, never on a task
// the view does not show). A view without an entry here (a chart, say) has no
// selection and the task keys do nothing in it; a new view plugs in by adding
// its function to VIEW_ITEMS.
import { SuggestionQueue } from '../../src-shared/doc/suggestion-queue';
import { isClosedCategory } from '../../src-shared/domain/statuses';
import type { Query } from '../../src-shared/domain/query';
import type { StatusDefinition, TaskId, TaskState, UserId } from '../../src-shared/domain/types';
import type { RepositoryPort } from './repository-port';
import type { ViewName } from './views';
import { myDay, visibleTasks, type SortKey } from './visible-tasks';

export interface ViewInput {
  tasks: readonly TaskState[];
  /** The List's rows (filter, sort and show-completed applied). */
  visible: readonly TaskState[];
  query: Query | null;
  sort: SortKey;
  me: UserId;
  now: number;
  hidden: ReadonlySet<TaskId>;
  repository: RepositoryPort;
}

/** Rows are tasks in most views, suggestions in the review queue. */
export interface ViewItems {
  kind: 'task' | 'suggestion';
  ids: readonly string[];
}

export const approvalTasks = (input: Pick<ViewInput, 'tasks' | 'hidden'>): TaskState[] =>
  input.tasks.filter((task) => task.category === 'approval' && !input.hidden.has(task.id));

export const handoffTasks = (input: Pick<ViewInput, 'tasks' | 'hidden' | 'me'>): TaskState[] =>
  input.tasks.filter((task) => task.ownerId === input.me && !isClosedCategory(task.category) && !input.hidden.has(task.id));

export const myDayTasks = (input: Pick<ViewInput, 'tasks' | 'hidden' | 'me' | 'now'>) =>
  myDay(input.tasks, input.me, input.now, input.hidden);

/**
 * Board columns: every status of the workspace, closed ones included (their
 * columns would otherwise always read 0); the filter applies as in the List.
 */
export function boardColumns(input: ViewInput, statuses: readonly StatusDefinition[]): Map<string, TaskState[]> {
  // Every key on the board asks for its rows: one pass per snapshot and filter, not per key.
  const hiddenKey = [...input.hidden].join(',');
  const cached = boardCache.get(input.tasks);
  if (cached && cached.query === input.query && cached.sort === input.sort && cached.me === input.me
    && cached.hiddenKey === hiddenKey && cached.statuses === statuses) return cached.columns;
  const columns = computeBoardColumns(input, statuses);
  boardCache.set(input.tasks, { query: input.query, sort: input.sort, me: input.me, hiddenKey, statuses, columns });
  return columns;
}

interface BoardCacheEntry {
  query: Query | null;
  sort: SortKey;
  me: UserId;
  hiddenKey: string;
  statuses: readonly StatusDefinition[];
  columns: Map<string, TaskState[]>;
}
const boardCache = new WeakMap<readonly TaskState[], BoardCacheEntry>();

function computeBoardColumns(input: ViewInput, statuses: readonly StatusDefinition[]): Map<string, TaskState[]> {
  const columns = new Map<string, TaskState[]>(statuses.map((status) => [status.id, []]));
  const tasks = visibleTasks(input.tasks, {
    query: input.query, sort: input.sort, showCompleted: true, hidden: input.hidden, me: input.me, now: input.now,
    isBlocked: (task) => input.repository.view.isBlocked(task),
  });
  for (const task of tasks) columns.get(task.status)?.push(task);
  return columns;
}

const taskIds = (tasks: readonly TaskState[]): ViewItems => ({ kind: 'task', ids: tasks.map((task) => task.id) });

export const VIEW_ITEMS: Partial<Record<ViewName, (input: ViewInput) => ViewItems>> = {
  list: (input) => taskIds(input.visible),
  // Column by column, top to bottom: the reading order of the board.
  board: (input) => taskIds([...boardColumns(input, input.repository.settings().statuses).values()].flat()),
  'my-day': (input) => {
    const sections = myDayTasks(input);
    return taskIds([...sections.overdue, ...sections.today, ...sections.noDue, ...sections.watching]);
  },
  approvals: (input) => taskIds(approvalTasks(input)),
  handoff: (input) => taskIds(handoffTasks(input)),
  review: (input) => ({ kind: 'suggestion', ids: new SuggestionQueue(input.repository).pending().map((suggestion) => suggestion.id) }),
};

export function viewItems(view: ViewName, input: ViewInput): ViewItems {
  return VIEW_ITEMS[view]?.(input) ?? { kind: 'task', ids: [] };
}

/** The highlighted row of a view: the one chosen there if it is still shown, else the first. */
export function resolveSelection(items: ViewItems, chosen: string | null | undefined): string | null {
  if (chosen != null && items.ids.includes(chosen)) return chosen;
  return items.ids[0] ?? null;
}
