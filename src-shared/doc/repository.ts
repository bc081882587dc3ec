// The repository: the only way the app changes tasks. A command builds an event,
// checks it against the current folded state with the same rules the fold uses
// (so a local user gets an immediate, clear error), and only then appends it in
// one Yjs transaction. The view updates synchronously inside that transaction.
//
// Roles and settings come from the document alone (workspace-context.ts): the
// relay-written members log and the config log. Every append is stamped after
// every event already in its log, which the relay checks (no backdating).
import type * as Y from 'yjs';
import { createHybridClock } from '../domain/clock';
import { withCreationDefaults } from '../domain/creation-defaults';
import { checkConfigEvent, type ConfigCommand, type ConfigEvent, type WorkspaceConfig } from '../domain/config';
import type { TaskCommand, TaskCreatedPayload, TaskEvent } from '../domain/events';
import { settingsFoldImpact } from '../domain/fold-impact';
import { setStatusHidden } from '../domain/config-edit';
import { findStatus, isClosedCategory, WORKABLE_CATEGORIES } from '../domain/statuses';
import { newId } from '../domain/ids';
import type { Member } from '../domain/members';
import { applyEvent, foldTask } from '../domain/reducer';
import { taskFromTemplate, type TaskTemplate } from '../domain/templates';
import type {
  CompletionOutcome, DomainError, FoldContext, Instant, Result, Role, Stamp, TaskId, TaskState, UserId, WorkspaceSettings,
} from '../domain/types';
import { ensureTaskLog, workspaceMaps, type WorkspaceMaps } from './schema';
import { TaskView } from './task-view';
import { EVERYONE, WorkspaceContext, type ContextChange } from './workspace-context';

export type { Member } from '../domain/members';

export interface RepositoryOptions {
  /** The signed-in user: the actor of every event this repository appends. */
  actor: UserId;
  /** Wall clock in ms; injectable for tests. */
  now?: () => number;
}

export interface HandoffResult {
  handed: TaskId[];
  refused: { taskId: TaskId; error: DomainError }[];
}

/** The transaction origin of this repository's writes (providers and undo managers can tell them apart). */
export const LOCAL_COMMAND = Symbol('handoff.local-command');

const failure = (code: DomainError['code'], message: string): Result<never> => ({ ok: false, error: { code, message } });

/** The greatest stamp among a log's events (logs are short; config and suggestion logs are read whole). */
export function newestStamp(log: Y.Array<unknown> | undefined): Stamp {
  let newest = '';
  if (!log) return newest;
  for (const event of log.toArray()) {
    const at = (event as { at?: unknown } | null)?.at;
    if (typeof at === 'string' && at > newest) newest = at;
  }
  return newest;
}

export class TaskRepository {
  readonly maps: WorkspaceMaps;
  readonly view: TaskView;
  readonly workspace: WorkspaceContext;
  private readonly clock;
  private readonly now: () => number;
  private readonly unsubscribeContext: () => void;

  constructor(readonly doc: Y.Doc, readonly options: RepositoryOptions) {
    this.maps = workspaceMaps(doc);
    this.now = options.now ?? Date.now;
    this.clock = createHybridClock(`${options.actor}.${doc.clientID.toString(36)}`, this.now);
    this.workspace = new WorkspaceContext(this.maps);
    this.view = new TaskView(this.maps.tasks, () => this.context(), (stamp) => this.clock.observe(stamp));
    this.observeContextStamps();
    this.unsubscribeContext = this.workspace.subscribe(this.refoldForContext);
  }

  get actor(): UserId {
    return this.options.actor;
  }

  context(): FoldContext {
    return this.workspace.foldContext();
  }

  settings(): WorkspaceSettings {
    return this.workspace.config.settings;
  }

  config(): WorkspaceConfig {
    return this.workspace.config;
  }

  /** A member's role now (the members log's last word), or undefined for non-members. */
  roleOf(user: UserId): Role | undefined {
    return this.workspace.currentRole(user);
  }

  /** Current members with their roles and display names, from the relay-written members log. */
  members(): Member[] {
    return this.workspace.roster.members();
  }

  /** Configuration changed (settings, templates, mutes, members); returns the unsubscribe. */
  onContextChange(listener: (change: ContextChange) => void): () => void {
    return this.workspace.subscribe(listener);
  }

  /** Change settings: one checked config event per key, appended together. */
  updateSettings(patch: Partial<WorkspaceSettings>): Result<WorkspaceSettings> {
    const commands = Object.entries(patch).map(([key, value]) => ({ type: 'settings.changed', payload: { key, value } }) as ConfigCommand);
    const result = this.appendConfig(commands);
    return result.ok ? { ok: true, value: this.settings() } : result;
  }

  /** Append configuration commands (all or none), checked with the rules the relay and the fold use. */
  appendConfig(commands: readonly ConfigCommand[]): Result<ConfigEvent[]> {
    this.clock.observe(newestStamp(this.maps.config as Y.Array<unknown>));
    const events: ConfigEvent[] = [];
    for (const command of commands) {
      const event = { ...command, id: newId(this.now()), actor: this.actor, at: this.clock.now() } as ConfigEvent;
      const refusal = checkConfigEvent(event, this.workspace.currentRole(this.actor), this.settings());
      if (refusal) return { ok: false, error: refusal };
      events.push(event);
    }
    if (events.length > 0) this.doc.transact(() => this.maps.config.push(events), LOCAL_COMMAND);
    return { ok: true, value: events };
  }

  /** Does any task's log name this status (created in it, moved to it)? Then removing it would change folds. */
  statusInHistory(statusId: string): boolean {
    return this.view.allWithDeleted().some((task) => task.status === statusId ||
      this.view.events(task.id).some(({ event }) => (event.type === 'task.created' || event.type === 'task.status_changed') &&
        (event.payload as { status?: unknown }).status === statusId));
  }

  /**
   * Retire a status in one confirmed step: every open task in it moves to `targetId`
   * and the status is hidden from pickers, all in one transaction (all or nothing).
   */
  moveTasksAndHideStatus(statusId: string, targetId: string): Result<{ moved: number }> {
    const settings = this.settings();
    const target = findStatus(settings, targetId);
    if (!findStatus(settings, statusId)) return failure('unknown_status', `"${statusId}" is not a status of this workspace.`);
    if (!target || target.id === statusId || target.hidden) return failure('unknown_status', 'Choose another status, one pickers show, to move the tasks to.');
    if (!WORKABLE_CATEGORIES.includes(target.category)) {
      return failure('transition_not_allowed', `Move them to an open status: “${target.label}” is ${target.category}.`);
    }
    const hidden = setStatusHidden(settings.statuses, statusId, true);
    if (!hidden.ok) return hidden;
    const open = this.view.all().filter((task) => task.status === statusId && !isClosedCategory(task.category));
    const prepared: { id: TaskId; event: TaskEvent }[] = [];
    for (const task of open) {
      const result = this.prepare(task.id, { type: 'task.status_changed', payload: { status: targetId } });
      if (!result.ok) return { ok: false, error: { ...result.error, message: `“${task.title}”: ${result.error.message}` } };
      prepared.push({ id: task.id, event: result.value });
    }
    this.clock.observe(newestStamp(this.maps.config as Y.Array<unknown>));
    const event = { type: 'settings.changed', payload: { key: 'statuses', value: hidden.value }, id: newId(this.now()), actor: this.actor, at: this.clock.now() } as ConfigEvent;
    const refusal = checkConfigEvent(event, this.workspace.currentRole(this.actor), settings);
    if (refusal) return { ok: false, error: refusal };
    this.doc.transact(() => {
      for (const { id, event: taskEvent } of prepared) ensureTaskLog(this.maps, id).push([taskEvent]);
      this.maps.config.push([event]);
    }, LOCAL_COMMAND);
    return { ok: true, value: { moved: prepared.length } };
  }

  // --- commands -------------------------------------------------------------

  /**
   * Create a task. `alongside` runs in the same transaction (e.g. marking the
   * suggestion it came from approved), so other replicas see both or neither.
   */
  create(payload: TaskCreatedPayload, taskId: TaskId = newId(this.now()), alongside?: () => void): Result<TaskState> {
    // A log may exist before its task does: a suggestion reserves its task's log (see suggestion-queue.ts).
    if (this.view.get(taskId)) return failure('duplicate_task', 'A task with this id already exists.');
    const withDefaults = withCreationDefaults(payload, this.settings(), (user) => this.workspace.currentRole(user));
    return this.dispatch(taskId, { type: 'task.created', payload: withDefaults }, alongside);
  }

  /**
   * Create a task under an id, event id and stamp that every replica derives the same way (a
   * recurring task's occurrence, recurrence.ts): copies made offline fold as one task.
   */
  createDerived(taskId: TaskId, payload: TaskCreatedPayload, eventId: string, at: Stamp): Result<TaskState> {
    if (this.view.get(taskId)) return failure('duplicate_task', 'A task with this id already exists.');
    const event = { type: 'task.created', payload, id: eventId, actor: this.actor, at } as TaskEvent;
    const checked = applyEvent(taskId, null, event, this.context());
    if (!checked.ok) return checked;
    this.clock.observe(at);
    this.doc.transact(() => ensureTaskLog(this.maps, taskId).push([event]), LOCAL_COMMAND);
    return this.stateAfter(taskId);
  }

  /** Append one command to a task's log if the rules allow it at the end of the current log. */
  dispatch(taskId: TaskId, command: TaskCommand, alongside?: () => void): Result<TaskState> {
    const prepared = this.prepare(taskId, command);
    if (!prepared.ok) return prepared;
    this.doc.transact(() => {
      ensureTaskLog(this.maps, taskId).push([prepared.value]);
      alongside?.();
    }, LOCAL_COMMAND);
    return this.stateAfter(taskId);
  }

  edit(id: TaskId, fields: Extract<TaskCommand, { type: 'task.edited' }>['payload']['fields']) {
    return this.dispatch(id, { type: 'task.edited', payload: { fields } });
  }
  assign(id: TaskId, ownerId: UserId | null) {
    return this.dispatch(id, { type: 'task.assigned', payload: { ownerId } });
  }
  transition(id: TaskId, status: string) {
    return this.dispatch(id, { type: 'task.status_changed', payload: { status } });
  }
  /**
   * Move a task to a status the way a board drag or a status picker means it:
   * into approval is a submission, into done a completion, into cancelled a
   * dismissal (which needs a reason); anything else is a plain status change.
   */
  moveToStatus(id: TaskId, status: string, reason?: string): Result<TaskState> {
    const target = this.settings().statuses.find((s) => s.id === status);
    if (!target) return failure('unknown_status', `"${status}" is not a status of this workspace.`);
    const current = this.view.get(id);
    if (current && current.status === status) return { ok: true, value: current };
    switch (target.category) {
      case 'approval':
        return this.submit(id);
      case 'done':
        // Workspaces may define several done statuses (passed, failed): land on the one chosen.
        return this.transition(id, status);
      case 'canceled':
        return reason === undefined ? this.transition(id, status) : this.dismiss(id, reason);
      default:
        return this.transition(id, status);
    }
  }
  schedule(id: TaskId, dates: { dueAt?: Instant | null; startAt?: Instant | null }) {
    return this.dispatch(id, { type: 'task.scheduled', payload: dates });
  }
  submit(id: TaskId, note?: string) {
    return this.dispatch(id, { type: 'task.submitted', payload: note ? { note } : {} });
  }
  approve(id: TaskId, note?: string) {
    return this.dispatch(id, { type: 'task.approved', payload: note ? { note } : {} });
  }
  reject(id: TaskId, reason: string) {
    return this.dispatch(id, { type: 'task.rejected', payload: { reason } });
  }
  requestChanges(id: TaskId, reason: string) {
    return this.dispatch(id, { type: 'task.changes_requested', payload: { reason } });
  }
  complete(id: TaskId, resolution?: CompletionOutcome) {
    return this.dispatch(id, { type: 'task.completed', payload: resolution ? { resolution } : {} });
  }
  dismiss(id: TaskId, reason: string) {
    return this.dispatch(id, { type: 'task.dismissed', payload: { reason } });
  }
  reopen(id: TaskId, reason?: string) {
    return this.dispatch(id, { type: 'task.reopened', payload: reason ? { reason } : {} });
  }
  snooze(id: TaskId, until: Instant) {
    return this.dispatch(id, { type: 'task.snoozed', payload: { until } });
  }
  unsnooze(id: TaskId) {
    return this.dispatch(id, { type: 'task.unsnoozed', payload: {} });
  }
  comment(id: TaskId, body: string) {
    return this.dispatch(id, { type: 'task.commented', payload: { commentId: newId(this.now()), body } });
  }
  addChecklistItem(id: TaskId, text: string) {
    return this.dispatch(id, { type: 'task.checklist_added', payload: { itemId: newId(this.now()), text } });
  }
  acknowledgeHandoff(id: TaskId) {
    const handoff = this.view.get(id)?.handoff;
    if (!handoff) return failure('no_handoff', 'This task has no handoff to acknowledge.');
    return this.dispatch(id, { type: 'task.handoff_acknowledged', payload: { handoffId: handoff.id } });
  }

  /**
   * Hand tasks to another user with a note, in one transaction. Tasks the rules
   * refuse (not yours any more, closed) are reported, the rest are handed.
   */
  handOff(ids: readonly TaskId[], toUserId: UserId, note: string): Result<HandoffResult> {
    if (!toUserId.trim()) return failure('invalid_payload', 'Choose who receives the handoff.');
    const handoffId = newId(this.now());
    const accepted: { id: TaskId; event: TaskEvent }[] = [];
    const refused: HandoffResult['refused'] = [];
    for (const id of ids) {
      const prepared = this.prepare(id, { type: 'task.handed_off', payload: { handoffId, toUserId, note } });
      if (prepared.ok) accepted.push({ id, event: prepared.value });
      else refused.push({ taskId: id, error: prepared.error });
    }
    if (accepted.length > 0) {
      this.doc.transact(() => {
        for (const { id, event } of accepted) ensureTaskLog(this.maps, id).push([event]);
      }, LOCAL_COMMAND);
    }
    return { ok: true, value: { handed: accepted.map((a) => a.id), refused } };
  }

  // --- templates ------------------------------------------------------------

  templates(): TaskTemplate[] {
    return [...this.workspace.config.templates.values()];
  }

  saveTemplate(template: Omit<TaskTemplate, 'id'> & { id?: string }): Result<TaskTemplate> {
    const saved: TaskTemplate = { ...template, id: template.id ?? newId(this.now()) };
    const result = this.appendConfig([{ type: 'template.saved', payload: { template: saved } }]);
    return result.ok ? { ok: true, value: saved } : result;
  }

  removeTemplate(templateId: string): Result<ConfigEvent[]> {
    return this.appendConfig([{ type: 'template.removed', payload: { templateId } }]);
  }

  createFromTemplate(templateId: string, overrides: Partial<TaskCreatedPayload> = {}): Result<TaskState> {
    const template = this.workspace.config.templates.get(templateId);
    if (!template) return failure('invalid_payload', 'That template does not exist.');
    return this.create(taskFromTemplate(template, this.now(), () => newId(this.now()), overrides));
  }

  // --- tracking (seed 001) ----------------------------------------------------

  /** Tasks that follow a source object, e.g. one advance module's question blocks. */
  trackedTasks(source: string, sourceId?: string): TaskState[] {
    return this.view.allWithDeleted().filter((t) => t.tracking?.source === source && (sourceId === undefined || t.tracking.sourceId === sourceId));
  }

  // Each takes the source's tasks when the caller knows them (tracking intake derives their ids from
  // the source's blocks); else it finds them with trackedTasks, a scan of every task.

  /** The source object's state changed: its tasks follow through the mapping. */
  updateSourceState(source: string, sourceId: string, state: string, tasks = this.trackedTasks(source, sourceId)): Result<TaskState[]> {
    return this.dispatchAll(tasks, { type: 'task.source_state_changed', payload: { state } });
  }

  archiveSource(source: string, tasks = this.trackedTasks(source)): Result<TaskState[]> {
    return this.dispatchAll(tasks.filter((t) => !t.tracking?.archived), { type: 'task.source_archived', payload: {} });
  }

  restoreSource(source: string, tasks = this.trackedTasks(source)): Result<TaskState[]> {
    return this.dispatchAll(tasks.filter((t) => t.tracking?.archived && !t.tracking.deleted), { type: 'task.source_restored', payload: {} });
  }

  /** The source was deleted: its tasks leave every list (append-only: an admin can undo it). */
  deleteSource(source: string, tasks = this.trackedTasks(source)): Result<TaskState[]> {
    return this.dispatchAll(tasks.filter((t) => !t.tracking?.deleted), { type: 'task.source_deleted', payload: {} });
  }

  /** Admins only: the deleted source's tasks are listed again (archived; restore brings them back). */
  undeleteSource(source: string, tasks = this.trackedTasks(source)): Result<TaskState[]> {
    return this.dispatchAll(tasks.filter((t) => t.tracking?.deleted), { type: 'task.source_undeleted', payload: {} });
  }

  /**
   * A command on an archived task (it is not in the live document): the event, stamped after the
   * archived log and checked by the same rules as `dispatch` against that log's fold, for the
   * relay's archive to receive (archive-api.ts; the relay checks it again and, for an accepted
   * reopen, brings the task back live with its whole log). Nothing is appended here.
   */
  prepareArchived(taskId: TaskId, log: readonly TaskEvent[], command: TaskCommand): Result<TaskEvent> {
    const state = foldTask(taskId, [...log], this.context()).state;
    if (!state) return failure('unknown_task', `Task ${taskId} does not fold from its archived log.`);
    for (const event of log) if (typeof event.at === 'string') this.clock.observe(event.at);
    this.observeContextStamps();
    const event = { ...command, id: newId(this.now()), actor: this.options.actor, at: this.clock.now() } as TaskEvent;
    const checked = applyEvent(taskId, state, event, this.context());
    return checked.ok ? { ok: true, value: event } : checked;
  }

  destroy(): void {
    this.unsubscribeContext();
    this.workspace.destroy();
    this.view.destroy();
  }

  /** A fresh hybrid-clock stamp for an event appended to `log`: after every event already in it. */
  stamp(log?: Y.Array<unknown>): string {
    if (log) this.clock.observe(newestStamp(log));
    return this.clock.now();
  }

  /** Wall-clock now, as the repository sees it (injectable for tests). */
  currentTime(): number {
    return this.now();
  }

  // --- internals ------------------------------------------------------------

  private prepare(taskId: TaskId, command: TaskCommand): Result<TaskEvent> {
    // The view's fold order ends with the log's newest stamp; a log reserved but not yet folded
    // (a suggestion's) is read directly.
    const folded = this.view.newestStampOf(taskId);
    this.clock.observe(folded || newestStamp(this.maps.tasks.get(taskId) as Y.Array<unknown> | undefined));
    const event = { ...command, id: newId(this.now()), actor: this.options.actor, at: this.clock.now() } as TaskEvent;
    const checked = applyEvent(taskId, this.view.get(taskId) ?? null, event, this.context());
    return checked.ok ? { ok: true, value: event } : checked;
  }

  private stateAfter(taskId: TaskId): Result<TaskState> {
    const state = this.view.get(taskId);
    return state ? { ok: true, value: state } : failure('unknown_task', 'The task did not fold after the command.');
  }

  /** All or nothing: every task must accept the command, then all are appended together. */
  private dispatchAll(tasks: TaskState[], command: TaskCommand): Result<TaskState[]> {
    const prepared: { id: TaskId; event: TaskEvent }[] = [];
    for (const task of tasks) {
      const result = this.prepare(task.id, command);
      if (!result.ok) return result;
      prepared.push({ id: task.id, event: result.value });
    }
    this.doc.transact(() => {
      for (const { id, event } of prepared) ensureTaskLog(this.maps, id).push([event]);
    }, LOCAL_COMMAND);
    return { ok: true, value: prepared.map(({ id }) => this.view.get(id)).filter((t): t is TaskState => !!t) };
  }

  /** Whoever has seen a role change or a setting acts after it: the clock moves past both logs. */
  private observeContextStamps(): void {
    this.clock.observe(newestStamp(this.maps.members as Y.Array<unknown>));
    this.clock.observe(newestStamp(this.maps.config as Y.Array<unknown>));
  }

  /** Refold only what a configuration change can change (DESIGN: a setting that does not affect folds refolds nothing). */
  private readonly refoldForContext = (change: ContextChange): void => {
    this.observeContextStamps();
    if (change.rolesChangedFor.has(EVERYONE)) return this.view.refoldAll();
    const impact = settingsFoldImpact(change.configBefore, change.configAfter);
    if (impact.kind === 'some') this.view.refoldWhere(impact.affects, change.rolesChangedFor);
    else if (change.rolesChangedFor.size > 0) this.view.refoldAuthoredBy(change.rolesChangedFor);
  };
}

export function createRepository(doc: Y.Doc, options: RepositoryOptions): TaskRepository {
  return new TaskRepository(doc, options);
}
