// Everything the UI can do, as store actions. Domain rules live in src-shared:
// an action calls one repository command and, if it returns ok:false, shows
// the command's own message (internals.run).
import { isClosedCategory, pickableStatuses } from '../../src-shared/domain/statuses';
import { startWarning } from '../../src-shared/domain/prerequisites';
import type { Result, TaskId, TaskState, UserId } from '../../src-shared/domain/types';
import type { TaskCreatedPayload } from '../../src-shared/domain/events';
import { plural } from '../../src-shared/util/text';
import { applyToMany, summarizeBulk } from '../../src-shared/domain/bulk';
import { adjacentStatus, DEFAULT_DISMISSAL_REASON, type Outcome } from '../../src-shared/domain/triage';
import type { SortKey } from '../model/visible-tasks';
import type { AppState, Dialog, StoreInternals, ViewName } from './app-store';
import { parseFilter } from './app-store';
import { defaultsFromQuery } from './create-defaults';
import { describeEvent } from '../model/describe-event';
import { hiddenIds, type PendingDismissal } from './pending-dismissals';
import { watchDecisions } from './decision-watch';
import { rowOf } from './row-index';
import { viewItems, type ViewInput, type ViewItems } from '../model/view-items';

type Set = (partial: Partial<AppState>) => void;

export interface Selection {
  kind: ViewItems['kind'];
  id: string;
}
type Get = () => AppState;

export interface AppActions {
  /** Subscribe to the repository and commit dismissals left over from a closed session. Returns the stop. */
  start(): () => void;
  /** Show a cached task list (the read-only preview while the replica loads). */
  showSnapshot(tasks: readonly TaskState[]): void;
  setView(view: ViewName): void;
  /** The day the Calendar lists (its j/k walk that day's tasks). */
  setCalendarDay(day: string): void;
  setFilter(text: string): void;
  setSort(sort: SortKey): void;
  setShowCompleted(show: boolean): void;
  /** Select a row of the current view (the List's selectedId, or that view's own selection). */
  select(id: string | null): void;
  /** The current view's highlighted row, the one the keys act on (null: the view shows nothing). */
  selection(): Selection | null;
  /** The highlighted task of the current view, if its rows are tasks. */
  selectedTask(): TaskId | null;
  move(delta: number): void;
  moveToEdge(edge: 'first' | 'last'): void;
  openPanel(id?: TaskId): void;
  /** Esc: close the innermost open thing (dialog, then panel, then the batch selection). */
  closeTop(): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  requestFilterFocus(): void;
  createTask(title: string, ownerId: UserId | null): TaskId | null;
  /** Quick create from a template (`/name`): the template's fields, with the title and owner typed. */
  createFromTemplate(templateId: string, title: string, ownerId: UserId | null): TaskId | null;
  assign(taskIds: readonly TaskId[], ownerId: UserId | null): void;
  /** Dismiss the task (default: the batch if any, else the highlighted task), each with its undo window. */
  dismiss(taskId?: TaskId): void;
  undoDismiss(taskId: TaskId): void;
  /** `u` / Ctrl+Z: undo the most recent dismissal still in its window. */
  undoLastDismissal(): void;
  /** Record `reason` for a pending dismissal and commit it now (the operator has decided). */
  dismissWithReason(taskId: TaskId, reason: string): void;
  /** Commit every pending dismissal now (the app is closing). */
  flushDismissals(): void;
  snooze(taskIds: readonly TaskId[], until: Date): void;
  toggleBatch(taskId?: TaskId): void;
  closeBatch(taskIds: readonly TaskId[]): void;
  complete(taskId: TaskId): void;
  /** Complete many with an outcome; the ones that refuse are named in a summary. */
  completeMany(taskIds: readonly TaskId[], outcome?: Outcome): void;
  /** Move many to a status (the same command as a Board drag). */
  setStatus(taskIds: readonly TaskId[], status: string): void;
  /** `[` / `]`: move the highlighted task to the previous / next status in the workspace's order. */
  stepStatus(delta: -1 | 1): void;
  submit(taskId: TaskId): void;
  approve(taskId: TaskId): void;
  reject(taskId: TaskId, reason: string): void;
  requestChanges(taskId: TaskId, reason: string): void;
  moveToStatus(taskId: TaskId, status: string): void;
  handOff(taskIds: readonly TaskId[], toUserId: UserId, note: string): boolean;
  acknowledgeHandoff(taskId: TaskId): void;
  dismissToast(toastId: number): void;
  /** For panel edits that call the repository directly: show the message if refused. */
  report(result: Result<unknown>): boolean;
  /** The tasks an action applies to: the batch if any, else the selected task. */
  targets(): TaskId[];
  /** The current view's task rows in display order (empty where the rows are not tasks). */
  viewTasks(): TaskState[];
  /** Create the tasks a CSV import planned; returns how many were created. */
  importTasks(payloads: readonly TaskCreatedPayload[]): number;
}

export function createActions(set: Set, get: Get, internals: StoreInternals): AppActions {
  const { deps, timers } = internals;
  const repo = deps.repository;

  const savePending = (pending: ReadonlyMap<TaskId, PendingDismissal>) => deps.pendingStorage.save([...pending.values()]);

  function commitDismissal(taskId: TaskId) {
    const entry = get().pending.get(taskId);
    const handle = timers.get(taskId);
    if (handle !== undefined) deps.clearTimer(handle);
    timers.delete(taskId);
    if (!entry) return;
    const pending = new Map(get().pending);
    pending.delete(taskId);
    const task = repo.view.get(taskId);
    // Dismiss first, then forget the record: if the write throws, the record survives for the next start.
    if (task && !isClosedCategory(task.category)) internals.run(repo.dismiss(taskId, entry.reason));
    savePending(pending);
    set({ pending, toasts: get().toasts.filter((toast) => toast.taskId !== taskId) });
    internals.recompute();
  }

  /** The undo window: commit when it ends, unless the operator is still typing a reason for it (then wait on). */
  function scheduleCommit(taskId: TaskId) {
    timers.set(taskId, deps.setTimer(() => {
      const dialog = get().dialog;
      if (dialog?.kind === 'dismiss-reason' && dialog.taskId === taskId) scheduleCommit(taskId);
      else commitDismissal(taskId);
    }, deps.undoMs));
  }

  const viewInput = (): ViewInput => {
    const state = get();
    return {
      tasks: state.tasks, visible: state.visible, query: state.query, sort: state.sort, me: state.me,
      now: deps.now(), hidden: hiddenIds(state.pending), repository: repo, reviewFilter: state.reviewFilter, calendarDay: state.calendarDay,
    };
  };
  const currentItems = (): ViewItems => viewItems(get().view, viewInput());
  const chosenIn = (view: ViewName): string | null => (view === 'list' ? get().selectedId : get().selections[view] ?? null);
  /** Select `id` in the current view; an open panel follows a task selection. */
  const selectInView = (id: string | null, kind: ViewItems['kind']) => {
    const { view, panelTaskId, selections } = get();
    const follow = panelTaskId !== null && id !== null && kind === 'task' ? { panelTaskId: id } : {};
    if (view === 'list') return set({ selectedId: id, ...follow });
    const next = { ...selections };
    if (id === null) delete next[view];
    else next[view] = id;
    set({ selections: next, ...follow });
  };

  /** A created task: close the dialog, show it, select it if the List shows it. */
  const afterCreate = (result: Result<TaskState>): TaskId | null => {
    if (!internals.run(result) || !result.ok) return null;
    const id = result.value.id;
    set({ tasks: repo.view.all(), dialog: null });
    internals.recompute(new Set([id]));
    // The new task may not match the filter; select it only if it is on screen.
    if (rowOf(get().visible, id) >= 0) set({ selectedId: id });
    return id;
  };

  /**
   * Apply a command to many tasks (src-shared/domain/bulk.ts): the rest still
   * apply when some refuse, and one toast names the refused ones and why.
   * The batch is cleared either way (a refused task may not even be on screen).
   */
  const bulk = (taskIds: readonly TaskId[], verb: string, command: (id: TaskId) => Result<unknown>): boolean => {
    if (taskIds.length === 1) {
      set({ batch: new Set() });
      return internals.run(command(taskIds[0] as TaskId));
    }
    const outcome = applyToMany(taskIds, command);
    const message = summarizeBulk(outcome, verb, (id) => repo.view.get(id)?.title ?? id);
    const toasts = get().toasts.slice(-4);
    if (message !== null) toasts.push({ id: internals.nextToastId(), kind: outcome.refused.length > 0 ? 'error' : 'info', message });
    set({ toasts, batch: new Set() });
    return outcome.refused.length === 0;
  };

  /** Starting a blocked task is allowed (prerequisites are an overlay), but it says what the task waits for. */
  const moveSaying = (taskId: TaskId, status: string): Result<unknown> => {
    const before = repo.view.get(taskId);
    const result = repo.moveToStatus(taskId, status);
    const category = repo.settings().statuses.find((definition) => definition.id === status)?.category;
    const warning = result.ok && before && category ? startWarning(before, category, (id) => repo.view.get(id)) : null;
    if (warning !== null) set({ toasts: [...get().toasts.slice(-4), { id: internals.nextToastId(), kind: 'info', message: warning }] });
    return result;
  };

  const actions: AppActions = {
    start() {
      let scheduled = false;
      let changed = new Set<TaskId>();
      // My own changes that a merge later refused: tell me once, with the reason.
      const seenRejections = new Set<string>();
      const noteRejections = (ids: Iterable<TaskId>, announce: boolean) => {
        for (const id of ids) {
          for (const { event, rejected } of repo.view.events(id)) {
            if (rejected === null || event.actor !== deps.me || seenRejections.has(event.id)) continue;
            seenRejections.add(event.id);
            if (!announce) continue;
            const title = repo.view.get(id)?.title ?? 'A task';
            const message = `“${title}”: you ${describeEvent(event)}, but after syncing that did not apply: ${rejected.message}`;
            const toast = { id: internals.nextToastId(), kind: 'error' as const, message };
            set({ toasts: [...get().toasts.slice(-4), toast] });
          }
        }
      };
      noteRejections(repo.view.all().map((task) => task.id), false);
      // Decisions others make on my tasks (approve, reject, request changes): told once, as they arrive.
      const decisions = watchDecisions(repo, deps.me);
      decisions.note(repo.view.all().map((task) => task.id));
      const unsubscribe = repo.view.subscribe((change) => {
        for (const id of change.changed) changed.add(id);
        if (scheduled) return;
        scheduled = true;
        // Coalesce a burst of remote changes into one recompute.
        queueMicrotask(() => {
          scheduled = false;
          const batch = changed;
          changed = new Set();
          noteRejections(batch, true);
          const told = decisions.note(batch);
          if (told.length > 0) set({ toasts: [...get().toasts, ...told.map((message) => ({ id: internals.nextToastId(), kind: 'info' as const, message }))].slice(-5) });
          const tasks = repo.view.all();
          // A local command already recomputed with this very snapshot.
          if (tasks === get().tasks) return set({ version: get().version + 1 });
          set({ tasks, version: get().version + 1 });
          internals.recompute(batch);
        });
      });
      for (const leftover of deps.pendingStorage.load()) {
        const task = repo.view.get(leftover.taskId);
        if (task && !isClosedCategory(task.category)) internals.run(repo.dismiss(leftover.taskId, leftover.reason));
      }
      deps.pendingStorage.save([]);
      // Members and roles live in the document (the relay writes them): follow its members log.
      const stopMembers = repo.onContextChange(() => set({ members: repo.members(), config: repo.config() }));
      set({ tasks: repo.view.all(), members: repo.members(), config: repo.config() });
      internals.recompute();
      // Time moves on: snoozes end and tasks become overdue without any change to the log.
      const clock = setInterval(() => internals.recompute(), 60_000);
      return () => {
        clearInterval(clock);
        unsubscribe();
        stopMembers();
        actions.flushDismissals();
      };
    },
    showSnapshot(tasks) {
      set({ tasks });
      internals.recompute();
    },
    setView: (view) => set({ view, dialog: null }),
    setCalendarDay: (calendarDay) => set({ calendarDay }),
    setFilter(text) {
      const { query, error } = parseFilter(text);
      set(error === null ? { filterText: text, query, filterError: null } : { filterText: text, filterError: error });
      if (error === null) internals.recompute();
    },
    setSort(sort) { set({ sort }); internals.recompute(); },
    setShowCompleted(showCompleted) { set({ showCompleted }); internals.recompute(); },
    select(id) {
      selectInView(id, get().view === 'list' ? 'task' : currentItems().kind);
    },
    selection() {
      const { view, visible, selectedId } = get();
      if (view === 'list') {
        // A scan of the rows on the List (every key asks; microseconds); recompute already moved a vanished row's selection on.
        const id = selectedId !== null && rowOf(visible, selectedId) >= 0 ? selectedId : visible[0]?.id ?? null;
        return id === null ? null : { kind: 'task', id };
      }
      const items = currentItems();
      const id = get().highlightTrail.resolve(view, items.ids, chosenIn(view));
      return id === null ? null : { kind: items.kind, id };
    },
    selectedTask() {
      const selection = actions.selection();
      return selection?.kind === 'task' ? selection.id : null;
    },
    move(delta) {
      const items = get().view === 'list' ? null : currentItems();
      if (items === null) {
        // The List: one scan for the current row (j/k on 10,000 rows stays well under a frame).
        const { visible, selectedId } = get();
        if (visible.length === 0) return;
        const current = rowOf(visible, selectedId);
        const next = current === -1 ? (delta > 0 ? 0 : visible.length - 1) : Math.max(0, Math.min(visible.length - 1, current + delta));
        return selectInView(visible[next]?.id ?? null, 'task');
      }
      if (items.ids.length === 0) return;
      const view = get().view;
      const current = items.ids.indexOf(get().highlightTrail.resolve(view, items.ids, chosenIn(view)) ?? '');
      const next = Math.max(0, Math.min(items.ids.length - 1, current + delta));
      selectInView(items.ids[next] ?? null, items.kind);
    },
    moveToEdge(edge) {
      const items = currentItems();
      selectInView((edge === 'first' ? items.ids[0] : items.ids[items.ids.length - 1]) ?? null, items.kind);
    },
    openPanel(id) {
      const taskId = id ?? actions.selectedTask();
      if (taskId === null) return;
      set({ panelTaskId: taskId });
      // Clicking a task in a view also makes it that view's highlighted row.
      if (get().view === 'list' ? rowOf(get().visible, taskId) >= 0 : currentItems().ids.includes(taskId)) selectInView(taskId, 'task');
    },
    closeTop() {
      const { dialog, panelTaskId, batch } = get();
      if (dialog !== null) set({ dialog: null });
      else if (panelTaskId !== null) set({ panelTaskId: null });
      else if (batch.size > 0) set({ batch: new Set() });
      else if (get().reviewBatch.size > 0) set({ reviewBatch: new Set() });
    },
    openDialog: (dialog) => set({ dialog }),
    closeDialog: () => set({ dialog: null }),
    requestFilterFocus: () => set({ focusFilterRequest: get().focusFilterRequest + 1 }),
    createTask(title, ownerId) {
      const state = get();
      const defaults = defaultsFromQuery(state.query, state.me, state.view);
      return afterCreate(repo.create({ ...defaults, title, ...(ownerId !== null ? { ownerId } : {}) }));
    },
    createFromTemplate(templateId, title, ownerId) {
      return afterCreate(repo.createFromTemplate(templateId, { title, ...(ownerId !== null ? { ownerId } : {}) }));
    },
    assign(taskIds, ownerId) {
      set({ dialog: null });
      bulk(taskIds, 'assigned', (id) => repo.assign(id, ownerId));
    },
    dismiss(taskId) {
      const ids = taskId !== undefined ? [taskId] : actions.targets();
      const toasts = [...get().toasts];
      const pending = new Map(get().pending);
      let panelTaskId = get().panelTaskId;
      for (const id of ids) {
        const task = repo.view.get(id);
        if (!task || pending.has(id)) continue;
        pending.set(id, { taskId: id, reason: DEFAULT_DISMISSAL_REASON, deadline: deps.now() + deps.undoMs });
        toasts.push({ id: internals.nextToastId(), kind: 'undo', message: `Dismissed “${task.title}”`, taskId: id });
        if (panelTaskId === id) panelTaskId = null;
        scheduleCommit(id);
      }
      if (pending.size === get().pending.size) return;
      savePending(pending);
      set({ pending, toasts, panelTaskId, batch: new Set() });
      internals.recompute();
    },
    undoLastDismissal() {
      let last: PendingDismissal | null = null;
      for (const entry of get().pending.values()) if (last === null || entry.deadline >= last.deadline) last = entry;
      if (last !== null) actions.undoDismiss(last.taskId);
    },
    dismissWithReason(taskId, reason) {
      const entry = get().pending.get(taskId);
      if (!entry) return;
      set({ pending: new Map(get().pending).set(taskId, { ...entry, reason }), dialog: null });
      commitDismissal(taskId);
    },
    undoDismiss(taskId) {
      const handle = timers.get(taskId);
      if (handle !== undefined) deps.clearTimer(handle);
      timers.delete(taskId);
      const pending = new Map(get().pending);
      if (!pending.delete(taskId)) return;
      savePending(pending);
      set({ pending, toasts: get().toasts.filter((toast) => toast.taskId !== taskId), selectedId: taskId });
      internals.recompute();
    },
    flushDismissals() {
      // The page is going away: write them to the document now, but keep the
      // records until the next start confirms them (the write to IndexedDB may
      // not finish before the page dies; committing twice is a no-op).
      const records = deps.pendingStorage.load();
      for (const taskId of [...get().pending.keys()]) commitDismissal(taskId);
      deps.pendingStorage.save(records);
    },
    snooze(taskIds, until) {
      set({ dialog: null });
      bulk(taskIds, 'snoozed', (id) => repo.snooze(id, until.toISOString()));
    },
    toggleBatch(taskId) {
      const id = taskId ?? actions.selectedTask();
      if (id === null) return;
      const batch = new Set(get().batch);
      if (!batch.delete(id)) batch.add(id);
      set({ batch });
    },
    closeBatch(taskIds) {
      set({ dialog: null });
      bulk(taskIds, 'closed', (id) => repo.complete(id));
    },
    complete: (taskId) => { internals.run(repo.complete(taskId)); },
    completeMany(taskIds, outcome) {
      set({ dialog: null });
      bulk(taskIds, outcome === undefined || outcome === 'completed' ? 'completed' : `completed as ${outcome}`, (id) => repo.complete(id, outcome));
    },
    setStatus(taskIds, status) {
      set({ dialog: null });
      const label = repo.settings().statuses.find((definition) => definition.id === status)?.label ?? status;
      bulk(taskIds, `moved to ${label}`, (id) => moveSaying(id, status));
    },
    stepStatus(delta) {
      const id = actions.selectedTask();
      const task = id === null ? undefined : repo.view.get(id);
      if (!task) return;
      const next = adjacentStatus(pickableStatuses(repo.settings().statuses, task.status), task.status, delta);
      if (next !== null) actions.moveToStatus(task.id, next.id);
    },
    submit: (taskId) => { internals.run(repo.submit(taskId)); },
    approve: (taskId) => { internals.run(repo.approve(taskId)); },
    reject(taskId, reason) { if (internals.run(repo.reject(taskId, reason))) set({ dialog: null }); },
    requestChanges(taskId, reason) { if (internals.run(repo.requestChanges(taskId, reason))) set({ dialog: null }); },
    moveToStatus: (taskId, status) => { internals.run(moveSaying(taskId, status)); },
    handOff(taskIds, toUserId, note) {
      const result = repo.handOff(taskIds, toUserId, note);
      if (!internals.run(result) || !result.ok) return false;
      for (const { error } of result.value.refused) internals.run({ ok: false, error });
      set({ dialog: null, batch: new Set() });
      return result.value.handed.length > 0;
    },
    acknowledgeHandoff: (taskId) => { internals.run(repo.acknowledgeHandoff(taskId)); },
    report: (result) => internals.run(result),
    dismissToast: (toastId) => set({ toasts: get().toasts.filter((toast) => toast.id !== toastId) }),
    viewTasks() {
      const items = currentItems();
      if (items.kind !== 'task') return [];
      return items.ids.map((id) => repo.view.get(id)).filter((task): task is TaskState => task !== undefined);
    },
    importTasks(payloads) {
      let created = 0;
      for (const payload of payloads) {
        if (!internals.run(repo.create(payload))) break;
        created += 1;
      }
      const toast = { id: internals.nextToastId(), kind: 'info' as const, message: `Imported ${plural(created, 'task')}.` };
      set({ tasks: repo.view.all(), dialog: null, toasts: [...get().toasts.slice(-4), toast] });
      internals.recompute();
      return created;
    },
    targets() {
      const { batch } = get();
      if (batch.size > 0) return [...batch];
      const selected = actions.selectedTask();
      return selected === null ? [] : [selected];
    },
  };
  return actions;
}
