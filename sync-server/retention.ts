// A retention run (DESIGN "A bounded live document"; rules: src-shared/domain/retention.ts). The
// room keeps serving sync and HTTP while it runs: the work is done in slices of tens of milliseconds,
// each ending with one SQLite transaction, and the event loop runs between slices (setImmediate).
//   1. In slices: fold each live log; a task closed longer than `retentionDays` or a decided or
//      expired suggestion goes to the archive (and the empty task log such a suggestion reserved
//      is dropped: nothing can be written to it any more), in a chunk tagged with the next
//      generation (hidden from reads until the flip); a log that stays is copied, event for event,
//      into the next generation's document, whose updates are stored under its key in the same
//      chunk transaction.
//   2. Meanwhile clients write to the room: every log a transaction touched is noted.
//   FTS5's automerge is paused for the run (it was much of each chunk's commit); after the flip the
//   index is merged in bounded steps, the relay serving between them.
//   3. One synchronous final step, its size set by what changed during the run: the append queue
//      is flushed; each touched log is folded again and archived or carried into the next document
//      as it is now; members and config are copied; then ONE transaction stores the rest of the
//      next document, drops the old generation's rows and flips the generation; and the room is
//      retired at once (clients on the old generation are closed with 4410), so no update can land
//      on the old document after the flip.
// A kill -9 before the flip leaves the old generation whole and the run's rows above it, which a
// restarting relay deletes (ArchiveStore.discardUnfinishedRuns) and the next run overwrites. A run
// that would archive nothing keeps the generation: clients are not moved for nothing. Copied events
// go straight to storage, not through the append queue, so the event feed lists none of them twice.
import { setImmediate as nextTurn } from 'node:timers/promises';
import * as Y from 'yjs';
import type { TaskEvent } from '../src-shared/domain/events';
import { foldForRetention, suggestionLeavesLive, taskLeavesLive } from '../src-shared/domain/retention';
import { foldSuggestion, type SuggestionEvent } from '../src-shared/domain/suggestions';
import { stampTime } from '../src-shared/domain/clock';
import { workspaceMaps } from '../src-shared/doc/schema';
import type { ArchiveRunResponse } from '../src-shared/protocol/archive-api';
import type { AppendQueue } from './append-queue';
import type { ArchivedSuggestionRecord, ArchiveStore, ArchivingTask } from './archive-store';
import { generationKey, type GenerationStore } from './generations';
import type { RelayLog } from './log';
import type { RoomPersistence } from './persistence';
import type { Room } from './room';
import type { RoomHub } from './rooms';

export interface RetentionDeps {
  hub: RoomHub;
  persistence: RoomPersistence;
  archive: ArchiveStore;
  generations: GenerationStore;
  queue: AppendQueue;
  log: RelayLog;
}

export interface RetentionOptions {
  /** How long one slice may hold the event loop (ms). */
  sliceMs?: number;
  /** Checked between slices: true stops the run, which then changes nothing (relay shutdown). */
  stopped?: () => boolean;
}

export interface RetentionResult extends ArchiveRunResponse {
  liveTasks: number;
  ms: number;
  /** Slices the run took, and the longest one (ms): how long it held the event loop at most. */
  slices: number;
  longestSliceMs: number;
}

export class RetentionStopped extends Error {
  constructor(why: string) {
    super(`retention run stopped: ${why}`);
  }
}

const DEFAULT_SLICE_MS = 40;
/** Tasks per archive chunk at most, whatever the time budget (bounds one transaction). */
const MAX_CHUNK = 400;
/** And at least (unless the slice budget is 0): below this a commit's fsync outweighs the work. */
const MIN_CHUNK = 50;
/** First guess of what archiving one task costs (ms); then measured chunk by chunk. */
const FIRST_WRITE_MS_PER_TASK = 0.5;
/** Bytes of the next document's updates gathered before they are stored as one row. */
const NEXT_ROW_BYTES = 1 << 20;

const eventsOf = (log: unknown): unknown[] => (log instanceof Y.Array ? log.toArray() : []);
const plain = (value: unknown): unknown => (value instanceof Y.AbstractType ? value.toJSON() : value);
const idOf = (event: unknown): unknown => (event as { id?: unknown } | null)?.id;

export async function runRetention(deps: RetentionDeps, workspace: string, now = Date.now(), options: RetentionOptions = {}): Promise<RetentionResult> {
  const started = performance.now();
  const result = await deps.hub.startGeneration(workspace, (room, isCurrent) => new RetentionRun(deps, room, now, options, isCurrent).run());
  const ms = Math.round(performance.now() - started);
  deps.log('info', 'retention_run', { room: workspace, ...result, ms });
  return { ...result, ms };
}

/** Which logs of the live document a transaction touched (new logs and appended events). */
class TouchedLogs {
  readonly tasks = new Set<string>();
  readonly suggestions = new Set<string>();

  constructor(private readonly maps: ReturnType<typeof workspaceMaps>) {}

  readonly observe = (transaction: Y.Transaction): void => {
    for (const [changed, keys] of transaction.changed) {
      const type = changed as Y.AbstractType<unknown>;
      if (type === this.maps.tasks) keys.forEach((key) => key !== null && this.tasks.add(key));
      else if (type === this.maps.suggestions) keys.forEach((key) => key !== null && this.suggestions.add(key));
      else {
        const item = type._item;
        const key = item?.parentSub;
        if (!item || typeof key !== 'string') continue;
        if (item.parent === this.maps.tasks) this.tasks.add(key);
        else if (item.parent === this.maps.suggestions) this.suggestions.add(key);
      }
    }
  };
}

class RetentionRun {
  private readonly maps;
  private readonly next = new Y.Doc();
  private readonly to;
  private readonly nextGeneration: number;
  private readonly nextKey: string;
  private readonly touched;
  private readonly sliceMs: number;
  /** Updates of the next document not stored yet. */
  private nextUpdates: Uint8Array[] = [];
  private nextUpdateBytes = 0;
  private archivedTasks = new Set<string>();
  private archivedSuggestions = new Set<string>();
  /** Empty logs reserved by suggestions that left the live document: not carried on. */
  private readonly dropped = new Set<string>();
  /** Set once the flip committed: from then on nothing may be rolled back. */
  private flipped = false;
  /** What writing one task into the archive costs, as the last chunks measured (ms). */
  private writeMsPerTask = FIRST_WRITE_MS_PER_TASK;
  private slices = 0;
  private longestSliceMs = 0;
  private sliceStarted = 0;

  constructor(
    private readonly deps: RetentionDeps,
    private readonly room: Room,
    private readonly now: number,
    private readonly options: RetentionOptions,
    private readonly isCurrent: () => boolean,
  ) {
    this.maps = workspaceMaps(room.doc);
    this.to = workspaceMaps(this.next);
    this.nextGeneration = room.generation + 1;
    this.nextKey = generationKey(room.name, this.nextGeneration);
    this.touched = new TouchedLogs(this.maps);
    this.sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    this.next.on('update', (update: Uint8Array) => {
      this.nextUpdates.push(update);
      this.nextUpdateBytes += update.byteLength;
    });
  }

  async run(): Promise<Omit<RetentionResult, 'ms'>> {
    const { archive, persistence } = this.deps;
    const name = this.room.name;
    this.room.doc.on('afterTransaction', this.touched.observe);
    this.startSlice();
    try {
      // Leftovers of a run that never flipped (the relay restarts clean them; this is belt and braces).
      archive.discardUnfinishedRuns(name);
      persistence.drop(this.nextKey);
      archive.beginRun(name, this.nextGeneration);
      archive.pauseFtsMerging();
      const context = this.room.rules.context.foldContext();
      const { retentionDays } = this.room.rules.context.config.settings;
      let suggestions: ArchivedSuggestionRecord[] = [];
      let stayingSuggestions: [string, unknown[]][] = [];
      for (const id of [...this.maps.suggestions.keys()]) {
        const leaving = this.leavingSuggestion(id, this.maps.suggestions.get(id));
        if (leaving) suggestions.push(leaving);
        else stayingSuggestions.push([id, eventsOf(this.maps.suggestions.get(id))]);
        if (suggestions.length >= MAX_CHUNK || this.sliceSpent(0)) {
          this.storeChunk([], stayingSuggestions, suggestions, 'suggestions');
          suggestions = [];
          stayingSuggestions = [];
          await this.yieldTurn();
        }
      }
      this.storeChunk([], stayingSuggestions, suggestions, 'suggestions');
      await this.yieldTurn();
      // In id order (ULIDs: creation time), so the archive's (room, task_id) indexes grow at one end
      // instead of at random pages: a year of tasks stays cache-friendly.
      const taskIds = [...this.maps.tasks.keys()].sort();
      this.findDroppedReservations(taskIds);
      let chunk: ArchivingTask[] = [];
      let staying: [string, unknown[]][] = [];
      for (const taskId of taskIds) {
        if (this.dropped.has(taskId)) continue;
        const leaving = this.leavingTask(taskId, this.maps.tasks.get(taskId), context, retentionDays);
        if (leaving) chunk.push(leaving);
        else staying.push([taskId, eventsOf(this.maps.tasks.get(taskId))]);
        if (chunk.length >= MAX_CHUNK || this.sliceSpent(chunk.length)) {
          this.storeChunk(chunk, staying, []);
          chunk = [];
          staying = [];
          await this.yieldTurn();
        }
      }
      this.storeChunk(chunk, staying, []);
      await this.yieldTurn();
      const result = this.finish();
      this.room.doc.off('afterTransaction', this.touched.observe);
      await this.mergeFts();
      return result;
    } catch (error) {
      if (!this.flipped) this.rollBack();
      throw error;
    } finally {
      this.room.doc.off('afterTransaction', this.touched.observe);
      this.next.destroy();
      archive.endRun(name);
      archive.resumeFtsMerging();
    }
  }

  /** The FTS index's merging the run paused, in bounded steps with the relay serving between them. */
  private async mergeFts(): Promise<void> {
    while (this.options.stopped?.() !== true) {
      this.startSlice();
      const more = this.deps.archive.mergeFtsStep();
      this.endSlice();
      if (!more) return;
      await nextTurn();
    }
  }

  /**
   * A suggestion reserves its task's log, empty until an approval (suggestion-queue.ts). The empty
   * log of a suggestion that leaves now, or left before, can never be written again (a decision
   * after that is refused), so it does not go on into the next generation.
   */
  private findDroppedReservations(taskIds: readonly string[]): void {
    const empty = taskIds.filter((id) => {
      const log = this.maps.tasks.get(id);
      return log instanceof Y.Array && log.length === 0;
    });
    const archivedBefore = this.deps.archive.archivedSuggestionsAmong(this.room.name, empty.filter((id) => !this.archivedSuggestions.has(id)));
    for (const id of empty) if (this.archivedSuggestions.has(id) || archivedBefore.has(id)) this.dropped.add(id);
  }

  private leavingTask(taskId: string, log: unknown, context: ReturnType<Room['rules']['context']['foldContext']>, retentionDays: number): ArchivingTask | null {
    const events = eventsOf(log) as TaskEvent[];
    if (events.length === 0) return null;
    const folded = foldForRetention(taskId, events, context);
    if (!folded.state || folded.closedAt === null || !taskLeavesLive(folded, retentionDays, this.now)) return null;
    return { record: { taskId, state: folded.state, closedAt: stampTime(folded.closedAt), archivedAt: this.now }, events };
  }

  private leavingSuggestion(id: string, log: unknown): ArchivedSuggestionRecord | null {
    const events = eventsOf(log);
    const { state } = foldSuggestion(id, events as SuggestionEvent[], this.room.rules.context.foldContext().roleAt);
    if (!state || !suggestionLeavesLive(state, this.now)) return null;
    return { suggestionId: id, events, signalKey: state.signalKey, status: state.status === 'pending' ? 'expired' : state.status, archivedAt: this.now };
  }

  /** One chunk: its archive rows and the next document's new logs, in one transaction. */
  private storeChunk(tasks: ArchivingTask[], staying: [string, unknown[]][], suggestions: ArchivedSuggestionRecord[], map: 'tasks' | 'suggestions' = 'tasks'): void {
    if (staying.length > 0) this.copyLogs(staying, map);
    // The next document is stored in rows of about a megabyte, not one per chunk: it loads as fast
    // as from a snapshot. Nothing is lost by waiting: before the flip a kill discards the run anyway.
    const updates = this.nextUpdateBytes >= NEXT_ROW_BYTES ? this.takeNextUpdates() : null;
    if (tasks.length === 0 && suggestions.length === 0 && updates === null) return;
    const { archive, persistence } = this.deps;
    const started = performance.now();
    archive.transaction(() => {
      if (tasks.length > 0) archive.archiveTasks(this.room.name, tasks, this.nextGeneration);
      for (const s of suggestions) archive.insertSuggestion(this.room.name, s, this.nextGeneration);
      if (updates) persistence.appendMany([{ room: this.room.name, key: this.nextKey, data: updates }]);
    });
    if (tasks.length >= 10) this.writeMsPerTask = (this.writeMsPerTask + (performance.now() - started) / tasks.length) / 2;
    for (const task of tasks) this.archivedTasks.add(task.record.taskId);
    for (const s of suggestions) this.archivedSuggestions.add(s.suggestionId);
  }

  /** Logs that stay, into the next document: the same events, in the same order. */
  private copyLogs(logs: [string, unknown[]][], map: 'tasks' | 'suggestions'): void {
    const target = (map === 'tasks' ? this.to.tasks : this.to.suggestions) as Y.Map<Y.Array<unknown>>;
    this.next.transact(() => {
      for (const [id, events] of logs) {
        const log = new Y.Array<unknown>();
        log.push(events);
        target.set(id, log as never);
      }
    });
  }

  private takeNextUpdates(): Uint8Array | null {
    if (this.nextUpdates.length === 0) return null;
    const merged = this.nextUpdates.length === 1 ? this.nextUpdates[0]! : Y.mergeUpdates(this.nextUpdates);
    this.nextUpdates = [];
    this.nextUpdateBytes = 0;
    return merged;
  }

  /** Has this slice used its time, counting the write of the `archiving` tasks collected so far? */
  private sliceSpent(archiving: number): boolean {
    if (archiving > 0 && archiving < MIN_CHUNK && this.sliceMs > 0) return false;
    return performance.now() - this.sliceStarted + archiving * this.writeMsPerTask >= this.sliceMs;
  }

  private startSlice(): void {
    this.sliceStarted = performance.now();
  }

  private endSlice(): void {
    this.slices += 1;
    this.longestSliceMs = Math.max(this.longestSliceMs, performance.now() - this.sliceStarted);
  }

  /** Lets the relay serve between slices; then checks the run may go on. */
  private async yieldTurn(): Promise<void> {
    this.endSlice();
    await nextTurn();
    this.startSlice();
    if (this.options.stopped?.()) throw new RetentionStopped('the relay is shutting down');
    if (!this.isCurrent() || this.room.isBroken) throw new RetentionStopped('the room was unloaded or could not store an update');
  }

  /** The final, synchronous step: what changed during the run, then the flip and the retirement. */
  private finish(): Omit<RetentionResult, 'ms'> {
    const { archive, persistence, generations, hub, queue } = this.deps;
    const name = this.room.name;
    queue.flush();
    if (!this.isCurrent() || this.room.isBroken) throw new RetentionStopped('the room could not store its updates');
    const context = this.room.rules.context.foldContext();
    const { retentionDays } = this.room.rules.context.config.settings;
    // Logs written to during the run: folded again, as they are now.
    const reArchive: ArchivingTask[] = [];
    const unArchive: string[] = [];
    this.next.transact(() => {
      for (const taskId of this.touched.tasks) {
        const log = this.maps.tasks.get(taskId);
        if (this.dropped.has(taskId) && log instanceof Y.Array && log.length === 0) continue;
        this.dropped.delete(taskId);
        const leaving = this.leavingTask(taskId, log, context, retentionDays);
        if (leaving) {
          reArchive.push(leaving);
          if (this.to.tasks.has(taskId)) this.to.tasks.delete(taskId);
        } else {
          if (this.archivedTasks.has(taskId)) unArchive.push(taskId);
          this.carry(this.to.tasks as Y.Map<Y.Array<unknown>>, taskId, eventsOf(log));
        }
      }
      for (const id of this.touched.suggestions) {
        const leaving = this.leavingSuggestion(id, this.maps.suggestions.get(id));
        if (leaving) {
          this.archivedSuggestions.add(id);
          if (this.to.suggestions.has(id)) this.to.suggestions.delete(id);
        } else {
          this.archivedSuggestions.delete(id);
          this.carry(this.to.suggestions as Y.Map<Y.Array<unknown>>, id, eventsOf(this.maps.suggestions.get(id)));
          // Staying after all (rare): its reserved log stays with it.
          if (this.dropped.delete(id) && this.maps.tasks.has(id)) this.carry(this.to.tasks as Y.Map<Y.Array<unknown>>, id, []);
        }
      }
      this.to.members.push(this.maps.members.toArray());
      this.to.config.push(this.maps.config.toArray());
      this.maps.legacySettings.forEach((value, key) => this.to.legacySettings.set(key, plain(value)));
      this.maps.legacyTemplates.forEach((value, key) => this.to.legacyTemplates.set(key, plain(value) as never));
    });
    for (const task of reArchive) this.archivedTasks.add(task.record.taskId);
    for (const taskId of unArchive) this.archivedTasks.delete(taskId);
    const liveTasks = this.maps.tasks.size - this.archivedTasks.size - this.dropped.size;
    if (this.archivedTasks.size === 0 && this.archivedSuggestions.size === 0 && this.dropped.size === 0) {
      this.rollBack();
      return { archivedTasks: 0, archivedSuggestions: 0, generation: this.room.generation, liveTasks, slices: this.slices + 1, longestSliceMs: this.longest() };
    }
    const rest = this.takeNextUpdates();
    archive.transaction(() => {
      for (const taskId of unArchive) archive.removeTask(name, taskId);
      if (reArchive.length > 0) archive.archiveTasks(name, reArchive, this.nextGeneration);
      for (const id of this.touched.suggestions) {
        const leaving = this.archivedSuggestions.has(id) ? this.leavingSuggestion(id, this.maps.suggestions.get(id)) : null;
        if (leaving) archive.insertSuggestion(name, leaving, this.nextGeneration);
        else archive.removeSuggestion(name, id);
      }
      if (rest) persistence.appendMany([{ room: name, key: this.nextKey, data: rest }]);
      persistence.drop(this.room.storageKey);
      generations.set(name, this.nextGeneration, this.now);
    });
    this.flipped = true;
    archive.endRun(name);
    hub.retire(name, this.nextGeneration);
    return {
      archivedTasks: this.archivedTasks.size, archivedSuggestions: this.archivedSuggestions.size, generation: this.nextGeneration, liveTasks,
      slices: this.slices + 1, longestSliceMs: this.longest(),
    };
  }

  private longest(): number {
    this.endSlice();
    return Math.round(this.longestSliceMs);
  }

  /**
   * Brings a log of the next document up to date with the live one: the new events appended when
   * what was copied is still a prefix (the usual case), else the log copied again.
   */
  private carry(target: Y.Map<Y.Array<unknown>>, id: string, events: unknown[]): void {
    const copied = target.get(id);
    if (copied instanceof Y.Array) {
      const ids = copied.toArray().map(idOf);
      if (ids.length <= events.length && ids.every((eventId, i) => eventId === idOf(events[i]))) {
        if (events.length > ids.length) copied.push(events.slice(ids.length));
        return;
      }
    }
    const log = new Y.Array<unknown>();
    log.push(events);
    target.set(id, log);
  }

  /** Nothing of this run stays: its archive rows and the next document's rows go. */
  private rollBack(): void {
    const { archive, persistence } = this.deps;
    archive.endRun(this.room.name);
    archive.transaction(() => {
      archive.discardUnfinishedRuns(this.room.name);
      persistence.drop(this.nextKey);
    });
  }
}
