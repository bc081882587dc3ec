// The folded view of a workspace's tasks, kept up to date incrementally.
//
// Invariant: for every task id, results.get(id) equals foldTask(id, log, context)
// of the task's current log. A change to one task refolds only that task; a pure
// append of events newer than everything folded continues the fold instead of
// restarting it. Only a change of context (settings, membership) refolds all.
import * as Y from 'yjs';
import type { FoldedEvent, TaskEvent } from '../domain/events';
import { compareEvents, foldedEvents, foldOnto, foldTask, inFoldOrder, type FoldResult } from '../domain/reducer';
import { isBlocked } from '../domain/prerequisites';
import type { FoldContext, Stamp, TaskId, TaskState } from '../domain/types';
import type { TaskLog } from './schema';

export interface TaskViewChange {
  changed: ReadonlySet<TaskId>;
  version: number;
}

export type TaskViewListener = (change: TaskViewChange) => void;

const CHANGE_HISTORY = 1_000;

/** Events read from the shared log are untrusted: give malformed ones a shape the fold can refuse. */
function asEvent(raw: unknown, index: number): TaskEvent {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof value.id === 'string' && typeof value.at === 'string' && typeof value.actor === 'string' && typeof value.type === 'string') {
    return value as unknown as TaskEvent;
  }
  return {
    id: typeof value.id === 'string' ? value.id : `invalid-${index}`,
    at: typeof value.at === 'string' ? value.at : '',
    actor: typeof value.actor === 'string' ? value.actor : '',
    type: 'task.invalid' as TaskEvent['type'],
    payload: {},
  } as TaskEvent;
}

export class TaskView {
  private readonly results = new Map<TaskId, FoldResult>();
  /** Per-event views built on demand (activity stream), dropped when the task refolds. */
  private readonly foldedCache = new Map<TaskId, FoldedEvent[]>();
  private readonly listeners = new Set<TaskViewListener>();
  private readonly history: TaskViewChange[] = [];
  private allCache: TaskState[] | null = null;
  private currentVersion = 0;
  /** Newest stamp folded since the clock was last told: one clock update per batch, not per task. */
  private newestStamp = '';

  constructor(
    private readonly tasks: Y.Map<TaskLog>,
    private readonly context: () => FoldContext,
    /** Told the newest stamp of every log it folds, so the local clock stays ahead. */
    private readonly observeStamp: (stamp: Stamp) => void,
  ) {
    this.tasks.forEach((_log, id) => this.refold(id));
    this.flushStamp();
    this.tasks.observeDeep(this.onDeepChange);
  }

  get version(): number {
    return this.currentVersion;
  }

  get(id: TaskId): TaskState | undefined {
    return this.results.get(id)?.state ?? undefined;
  }

  /**
   * Every task that exists (has an applied creation event), in no particular order, except those
   * whose tracked source was deleted (`tracking.deleted`): those leave every list.
   */
  all(): readonly TaskState[] {
    if (!this.allCache) {
      const states: TaskState[] = [];
      for (const result of this.results.values()) if (result.state && !result.state.tracking?.deleted) states.push(result.state);
      this.allCache = states;
    }
    return this.allCache;
  }

  /** Every task that exists, deleted sources' tasks included (tracking, admin undelete). */
  allWithDeleted(): TaskState[] {
    const states: TaskState[] = [];
    for (const result of this.results.values()) if (result.state) states.push(result.state);
    return states;
  }

  /** The task's log in fold order, each event applied or rejected with its reason. */
  events(id: TaskId): readonly FoldedEvent[] {
    const result = this.results.get(id);
    if (!result) return [];
    let folded = this.foldedCache.get(id);
    if (!folded) {
      folded = foldedEvents(result);
      this.foldedCache.set(id, folded);
    }
    return folded;
  }

  /** How many events the task's log holds (applied or not), without building the per-event view. */
  eventCount(id: TaskId): number {
    return this.results.get(id)?.events.length ?? 0;
  }

  /** Derived overlay: a task is blocked while any prerequisite it names is open. */
  isBlocked(task: TaskState): boolean {
    return isBlocked(task, (id) => this.get(id));
  }

  subscribe(listener: TaskViewListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Task ids changed after `version`, or null if that is too far back to know (treat as "all"). */
  changesSince(version: number): TaskId[] | null {
    if (version >= this.currentVersion) return [];
    const oldest = this.history[0];
    if (!oldest || oldest.version > version + 1) return null;
    const ids = new Set<TaskId>();
    for (const change of this.history) if (change.version > version) for (const id of change.changed) ids.add(id);
    return [...ids];
  }

  /** The newest stamp in a task's folded log ('' when none): new events must come after it. */
  newestStampOf(id: TaskId): Stamp {
    const events = this.results.get(id)?.events;
    return events && events.length > 0 ? (events[events.length - 1] as TaskEvent).at : '';
  }

  /** Some authors' roles changed: refold only the tasks they wrote in. */
  refoldAuthoredBy(users: ReadonlySet<string>): void {
    const changed = new Set<TaskId>();
    for (const [id, result] of this.results) {
      if (result.events.some((event) => users.has(event.actor))) {
        this.refold(id);
        changed.add(id);
      }
    }
    if (changed.size > 0) this.publish(changed);
  }

  /** A setting changed: refold the tasks it can reach (fold-impact.ts); returns how many. */
  refoldWhere(affects: (events: readonly TaskEvent[], state: TaskState | null) => boolean, also: ReadonlySet<string> = new Set()): number {
    const changed = new Set<TaskId>();
    for (const [id, result] of this.results) {
      if (affects(result.events, result.state) || (also.size > 0 && result.events.some((event) => also.has(event.actor)))) changed.add(id);
    }
    for (const id of changed) this.refold(id);
    if (changed.size > 0) this.publish(changed);
    return changed.size;
  }

  /** The fold context changed (settings or membership): every task is folded again. */
  refoldAll(): void {
    const changed = new Set<TaskId>();
    this.tasks.forEach((_log, id) => {
      this.refold(id);
      changed.add(id);
    });
    this.publish(changed);
  }

  destroy(): void {
    this.tasks.unobserveDeep(this.onDeepChange);
    this.listeners.clear();
  }

  private readonly onDeepChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
    const changed = new Set<TaskId>();
    const appended = new Map<TaskId, unknown[]>();
    for (const event of events) {
      if (event.target === this.tasks) {
        for (const key of (event as Y.YMapEvent<TaskLog>).keysChanged) changed.add(key);
        continue;
      }
      const id = event.path[0];
      if (typeof id !== 'string') continue;
      changed.add(id);
      const delta = event.changes.delta;
      const folded = this.results.get(id)?.events.length ?? -1;
      const isPureAppend =
        delta.length === 2 && delta[0]?.retain === folded && Array.isArray(delta[1]?.insert) ||
        delta.length === 1 && folded === 0 && Array.isArray(delta[0]?.insert);
      if (isPureAppend && !appended.has(id)) appended.set(id, delta[delta.length - 1]?.insert as unknown[]);
      else appended.set(id, []); // anything else: refold
    }
    for (const id of changed) {
      const added = appended.get(id);
      if (!(added && added.length > 0 && this.continueFold(id, added))) this.refold(id);
    }
    if (changed.size > 0) this.publish(changed);
  };

  /** Fold appended events onto the cached result when they all sort after it. */
  private continueFold(id: TaskId, raw: unknown[]): boolean {
    const previous = this.results.get(id);
    if (!previous) return false;
    const added = inFoldOrder(raw.map((value, i) => asEvent(value, previous.events.length + i)));
    const last = previous.events[previous.events.length - 1];
    const first = added[0];
    if (last && first && compareEvents(last, first) >= 0) return false;
    const next = foldOnto(id, previous, added, this.context());
    // foldOnto skips duplicate ids; the cache must still line up with the array.
    if (next.events.length !== previous.events.length + added.length) return false;
    this.results.set(id, next);
    this.foldedCache.delete(id);
    const newest = added[added.length - 1];
    if (newest && newest.at > this.newestStamp) this.newestStamp = newest.at;
    return true;
  }

  private refold(id: TaskId): void {
    const log = this.tasks.get(id);
    this.foldedCache.delete(id);
    if (!(log instanceof Y.Array)) {
      this.results.delete(id);
      return;
    }
    const events = log.toArray() as unknown[];
    for (let i = 0; i < events.length; i += 1) events[i] = asEvent(events[i], i);
    const result = foldTask(id, events as TaskEvent[], this.context());
    this.results.set(id, result);
    const newest = result.events[result.events.length - 1];
    if (newest && newest.at > this.newestStamp) this.newestStamp = newest.at;
  }

  private flushStamp(): void {
    if (this.newestStamp) this.observeStamp(this.newestStamp);
    this.newestStamp = '';
  }

  private publish(changed: Set<TaskId>): void {
    this.flushStamp();
    this.allCache = null;
    this.currentVersion += 1;
    const change: TaskViewChange = { changed, version: this.currentVersion };
    this.history.push(change);
    if (this.history.length > CHANGE_HISTORY) this.history.shift();
    for (const listener of this.listeners) listener(change);
  }
}
