// The UI's state in one zustand store (vanilla, so tests drive it without React).
// Tasks are never copied into the store by hand: the store holds the
// repository view's snapshot (`view.all()`) and recomputes the visible list when
// the snapshot, the filter, the sort or the locally hidden set change. Moving
// the selection touches only `selectedId`, which keeps j/k O(1).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { parseQuery, type Query } from '../../src-shared/domain/query';
import type { Result, TaskId, TaskState, UserId } from '../../src-shared/domain/types';
import type { Member } from '../../src-shared/domain/members';
import type { WorkspaceConfig } from '../../src-shared/domain/config';
import type { RepositoryPort } from '../model/repository-port';
import { withDefaults } from '../../src-shared/util/with-defaults';
import { patchVisible, visibleTasks, type SortKey } from '../model/visible-tasks';

/** Up to this many changed tasks are patched into the list; more trigger a full pass. */
const INCREMENTAL_LIMIT = 64;
import { createActions, type AppActions } from './actions';
import { LazyRowIndex, rowOf } from './row-index';
import { DEFAULT_UNDO_MS, hiddenIds, type PendingDismissal, type PendingDismissalStorage } from './pending-dismissals';
import { NO_REVIEW_FILTER, type ReviewFilter } from '../../src-shared/domain/review-filter';
import { createReviewActions, type ReviewActions, type ReviewDialog } from './review-actions';

import type { ViewName } from '../model/views';
import { HighlightTrail, replacementFor } from '../model/highlight-trail';

export type { ViewName };

export type Dialog =
  | { kind: 'create' }
  | { kind: 'assign'; taskIds: TaskId[] }
  | { kind: 'snooze'; taskIds: TaskId[] }
  | { kind: 'palette' }
  | { kind: 'set-status'; taskIds: TaskId[] }
  | { kind: 'outcome'; taskIds: TaskId[] }
  | { kind: 'dismiss-reason'; taskId: TaskId }
  | { kind: 'help' }
  | { kind: 'confirm-batch-close'; taskIds: TaskId[] }
  | { kind: 'reason'; action: 'reject' | 'request-changes'; taskId: TaskId }
  | { kind: 'handoff'; taskIds: TaskId[] }
  | { kind: 'export' }
  | { kind: 'import' }
  | ReviewDialog;

export interface Toast {
  id: number;
  kind: 'undo' | 'error' | 'info';
  message: string;
  taskId?: TaskId;
}

export interface AppDeps {
  repository: RepositoryPort;
  me: UserId;
  now?: () => number;
  undoMs?: number;
  pendingStorage: PendingDismissalStorage;
  shiftEnds?: readonly string[];
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface AppData {
  me: UserId;
  members: Member[];
  /** The workspace's folded configuration (settings, templates, mutes, history); replaced on every change. */
  config: WorkspaceConfig;
  tasks: readonly TaskState[];
  view: ViewName;
  filterText: string;
  query: Query | null;
  filterError: string | null;
  sort: SortKey;
  showCompleted: boolean;
  visible: TaskState[];
  visibleIndex: ReadonlyMap<TaskId, number>;
  /** The List's selected row (kept in place across filter changes by recompute). */
  selectedId: TaskId | null;
  /** Every other view's highlighted row, by view name (see model/view-items.ts). */
  selections: Readonly<Partial<Record<ViewName, string>>>;
  /** Where each view's highlighted row was last seen, for the row that takes its place when it leaves (one object, never replaced). */
  highlightTrail: HighlightTrail;
  batch: ReadonlySet<TaskId>;
  /** The Review queue's filter and its batch (suggestion ids, apart from the tasks' batch). */
  reviewFilter: ReviewFilter;
  reviewBatch: ReadonlySet<string>;
  /** The day the Calendar lists beside its grid (local yyyy-MM-dd); null: today. */
  calendarDay: string | null;
  panelTaskId: TaskId | null;
  dialog: Dialog | null;
  pending: ReadonlyMap<TaskId, PendingDismissal>;
  toasts: Toast[];
  /** Bumped on every view change; components that read events/details re-read on it. */
  version: number;
  /** A request for the filter bar to take focus (incremented by `/`). */
  focusFilterRequest: number;
}

export type AppState = AppData & AppActions & ReviewActions;
export type AppStore = StoreApi<AppState>;

export interface StoreInternals {
  deps: Required<Omit<AppDeps, 'shiftEnds'>> & { shiftEnds: readonly string[] };
  timers: Map<TaskId, unknown>;
  nextToastId: () => number;
  /** Run a repository command; on ok:false show its message. Returns whether it applied. */
  run: (result: Result<unknown>) => boolean;
  /** Recompute the visible list; with `changed` (a few task ids), patch it in place of a full pass. */
  recompute: (changed?: ReadonlySet<TaskId>) => void;
}

export function createAppStore(deps: AppDeps): AppStore {
  // An option passed as `undefined` (no `?undoMs=` in the URL) keeps its default.
  const full: StoreInternals['deps'] = withDefaults<StoreInternals['deps']>({
    now: () => Date.now(),
    undoMs: DEFAULT_UNDO_MS,
    shiftEnds: ['06:00', '14:00', '22:00'],
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    repository: deps.repository,
    me: deps.me,
    pendingStorage: deps.pendingStorage,
  }, deps);
  let toastId = 0;
  return createStore<AppState>()((set, get) => {
    const internals: StoreInternals = {
      deps: full,
      timers: new Map(),
      nextToastId: () => (toastId += 1),
      run(result) {
        if (result.ok) return true;
        const toast: Toast = { id: internals.nextToastId(), kind: 'error', message: result.error.message };
        set({ toasts: [...get().toasts.slice(-4), toast] });
        return false;
      },
      recompute(changed) {
        const state = get();
        const options = {
          query: state.query,
          sort: state.sort,
          showCompleted: state.showCompleted,
          hidden: hiddenIds(state.pending),
          me: state.me,
          now: full.now(),
          isBlocked: (task: TaskState) => full.repository.view.isBlocked(task),
        };
        // A prerequisite's change can (un)block other tasks: `is:` filters take the full pass.
        const incremental = changed !== undefined && changed.size <= INCREMENTAL_LIMIT
          && !(state.query?.terms.some((term) => term.key === 'is') ?? false);
        const visible = incremental
          ? patchVisible(state.visible, changed, (id) => full.repository.view.get(id), options)
          : visibleTasks(state.tasks, options);
        const visibleIndex = new LazyRowIndex(visible);
        let selectedId = state.selectedId;
        // An empty list (a filter being typed) keeps the selection for when the rows come back.
        if (visible.length > 0 && (selectedId === null || rowOf(visible, selectedId) < 0)) {
          // The row that took the old one's place (the next still shown, else the previous), as in every view.
          const shown = new Set(visible.map((task) => task.id));
          const replacement = selectedId === null ? null : replacementFor(state.visible.map((task) => task.id), selectedId, (id) => shown.has(id));
          selectedId = replacement ?? visible[0]?.id ?? null;
        }
        set({ visible, visibleIndex, selectedId });
      },
    };
    const initial: AppData = {
      me: full.me,
      members: [],
      config: full.repository.config(),
      tasks: full.repository.view.all(),
      view: 'list',
      filterText: '',
      query: null,
      filterError: null,
      sort: 'due',
      showCompleted: false,
      visible: [],
      visibleIndex: new Map(),
      selectedId: null,
      selections: {},
      highlightTrail: new HighlightTrail(),
      batch: new Set(),
      reviewFilter: NO_REVIEW_FILTER,
      reviewBatch: new Set(),
      calendarDay: null,
      panelTaskId: null,
      dialog: null,
      pending: new Map(),
      toasts: [],
      version: 0,
      focusFilterRequest: 0,
    };
    return { ...initial, ...createActions(set, get, internals), ...createReviewActions(set, get, internals) };
  });
}

/** Parse the filter text; an invalid query keeps the last good one and reports why. */
export function parseFilter(text: string): { query: Query | null; error: string | null } {
  if (text.trim() === '') return { query: null, error: null };
  const parsed = parseQuery(text);
  return parsed.ok ? { query: parsed.value, error: null } : { query: null, error: parsed.error.message };
}
