// A retention run (DESIGN "A bounded live document"; rules: src-shared/domain/retention.ts):
//   1. fold the room's live document: tasks closed longer than `retentionDays` (not tracked ones),
//      and decided or expired suggestions, leave; everything else stays (open tasks, however old,
//      tracked tasks, and empty logs);
//   2. build the next generation's document: the same events of the logs that stay, in the same
//      order, plus the members and config logs (and the legacy maps);
//   3. in ONE SQLite transaction: the archive rows, the next generation's snapshot, the old
//      generation's rows dropped, the generation flipped. A kill -9 anywhere before the commit
//      leaves the old generation untouched; after it, the new one is complete;
//   4. retire the loaded room: every client on the old generation is closed with 4410.
// It all runs synchronously in one turn of the event loop, so no client update can land between
// the fold and the flip (a big room blocks the relay for the run: a daily job, measured in
// bench/archive.bench.ts). A run that would archive nothing keeps the generation: clients are
// not moved for nothing. The new snapshot is written directly, not through the append queue, so
// the event feed (task_events) lists no copied event twice.
import * as Y from 'yjs';
import type { TaskEvent } from '../src-shared/domain/events';
import { foldForRetention, suggestionLeavesLive, taskLeavesLive } from '../src-shared/domain/retention';
import { foldSuggestion, type SuggestionEvent } from '../src-shared/domain/suggestions';
import { stampTime } from '../src-shared/domain/clock';
import type { TaskState } from '../src-shared/domain/types';
import { workspaceMaps } from '../src-shared/doc/schema';
import type { ArchiveRunResponse } from '../src-shared/protocol/archive-api';
import type { ArchiveStore } from './archive-store';
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
  log: RelayLog;
}

export interface RetentionResult extends ArchiveRunResponse {
  liveTasks: number;
  ms: number;
}

interface Leaving {
  taskId: string;
  state: TaskState;
  closedAt: number;
  events: TaskEvent[];
}

const eventsOf = (log: unknown): unknown[] => (log instanceof Y.Array ? log.toArray() : []);
const plain = (value: unknown): unknown => (value instanceof Y.AbstractType ? value.toJSON() : value);

export function runRetention(deps: RetentionDeps, workspace: string, now = Date.now()): RetentionResult {
  const started = performance.now();
  const result = deps.hub.startGeneration(workspace, (room) => retain(deps, room, now));
  const ms = Math.round(performance.now() - started);
  deps.log('info', 'retention_run', { room: workspace, ...result, ms });
  return { ...result, ms };
}

function retain(deps: RetentionDeps, room: Room, now: number): Omit<RetentionResult, 'ms'> {
  const phases = { started: performance.now(), folded: 0, built: 0 };
  const maps = workspaceMaps(room.doc);
  const context = room.rules.context.foldContext();
  const { retentionDays } = room.rules.context.config.settings;
  const leaving: Leaving[] = [];
  const staying: [string, unknown[]][] = [];
  maps.tasks.forEach((log, taskId) => {
    const events = eventsOf(log);
    const folded = events.length > 0 ? foldForRetention(taskId, events as TaskEvent[], context) : null;
    if (folded?.state && folded.closedAt !== null && taskLeavesLive(folded, retentionDays, now)) {
      leaving.push({ taskId, state: folded.state, closedAt: stampTime(folded.closedAt), events: events as TaskEvent[] });
    } else {
      staying.push([taskId, events]);
    }
  });
  const leavingSuggestions: { id: string; events: unknown[]; signalKey: string | null; status: string }[] = [];
  const stayingSuggestions: [string, unknown[]][] = [];
  maps.suggestions.forEach((log, id) => {
    const events = eventsOf(log);
    const { state } = foldSuggestion(id, events as SuggestionEvent[], context.roleAt);
    if (state && suggestionLeavesLive(state, now)) {
      leavingSuggestions.push({ id, events, signalKey: state.signalKey, status: state.status === 'pending' ? 'expired' : state.status });
    } else {
      stayingSuggestions.push([id, events]);
    }
  });
  if (leaving.length === 0 && leavingSuggestions.length === 0) {
    return { archivedTasks: 0, archivedSuggestions: 0, generation: room.generation, liveTasks: staying.length };
  }

  const next = room.generation + 1;
  phases.folded = performance.now();
  const state = nextGenerationState(room.doc, staying, stayingSuggestions);
  phases.built = performance.now();
  const nextKey = generationKey(room.name, next);
  deps.archive.transaction(() => {
    for (const task of leaving) {
      deps.archive.removeTask(room.name, task.taskId);
      deps.archive.insertTask(room.name, { taskId: task.taskId, state: task.state, closedAt: task.closedAt, archivedAt: now }, task.events);
    }
    for (const s of leavingSuggestions) {
      deps.archive.insertSuggestion(room.name, { suggestionId: s.id, signalKey: s.signalKey, status: s.status, events: s.events, archivedAt: now });
    }
    deps.persistence.drop(nextKey);
    deps.persistence.compact(nextKey, state, 0);
    deps.persistence.drop(room.storageKey);
    deps.generations.set(room.name, next, now);
  });
  deps.log('info', 'retention_phases', {
    room: room.name, foldMs: Math.round(phases.folded - phases.started), buildMs: Math.round(phases.built - phases.folded),
    writeMs: Math.round(performance.now() - phases.built), nextGenerationBytes: state.byteLength,
  });
  return { archivedTasks: leaving.length, archivedSuggestions: leavingSuggestions.length, generation: next, liveTasks: staying.length };
}

/** The next generation's document: the logs that stay, event for event, and all configuration. */
function nextGenerationState(doc: Y.Doc, tasks: [string, unknown[]][], suggestions: [string, unknown[]][]): Uint8Array {
  const from = workspaceMaps(doc);
  const next = new Y.Doc();
  const to = workspaceMaps(next);
  next.transact(() => {
    to.members.push(from.members.toArray());
    to.config.push(from.config.toArray());
    from.legacySettings.forEach((value, key) => to.legacySettings.set(key, plain(value)));
    from.legacyTemplates.forEach((value, key) => to.legacyTemplates.set(key, plain(value) as never));
    for (const [taskId, events] of tasks) {
      const log = new Y.Array<TaskEvent>();
      log.push(events as TaskEvent[]);
      to.tasks.set(taskId, log);
    }
    for (const [id, events] of suggestions) {
      const log = new Y.Array<unknown>();
      log.push(events);
      to.suggestions.set(id, log);
    }
  });
  const state = Y.encodeStateAsUpdate(next);
  next.destroy();
  return state;
}
