// The archive as the relay's HTTP routes and admin CLI see it: one object over the archive store,
// the generations, the rooms and the append queue (contract: src-shared/protocol/archive-api.ts).
import * as Y from 'yjs';
import { workspaceMaps } from '../src-shared/doc/schema';
import type {
  ArchivedTaskResponse, ArchivedTaskRow, ArchiveBatchEventsResponse, ArchiveSearchResponse, ArchiveStatsResponse, GenerationResponse,
} from '../src-shared/protocol/archive-api';
import type { QueryError } from '../src-shared/domain/query';
import type { Result } from '../src-shared/domain/types';
import type { AppendQueue } from './append-queue';
import { portEvents, portSuggestionEvents, type PortResult } from './archive-port';
import { searchArchive, type ArchiveSearch } from './archive-search';
import type { ArchivedTaskRecord, ArchiveStore } from './archive-store';
import type { Principal } from './auth';
import type { GenerationStore } from './generations';
import type { RelayLog } from './log';
import type { RoomPersistence } from './persistence';
import { runRetention, type RetentionOptions, type RetentionResult } from './retention';
import type { RoomHub } from './rooms';

export type PortBatchResult = ArchiveBatchEventsResponse['tasks'];

export interface ArchiveServiceDeps {
  hub: RoomHub;
  persistence: RoomPersistence;
  archive: ArchiveStore;
  generations: GenerationStore;
  queue: AppendQueue;
  log: RelayLog;
}

export function archivedTaskRow(record: ArchivedTaskRecord): ArchivedTaskRow {
  return {
    id: record.taskId,
    task: record.state as unknown as Record<string, unknown>,
    closedAt: new Date(record.closedAt).toISOString(),
    archivedAt: new Date(record.archivedAt).toISOString(),
  };
}

export class ArchiveService {
  /** Runs under way, per workspace: a second request joins the one running. */
  private readonly runs = new Map<string, Promise<RetentionResult>>();
  private stopping = false;

  constructor(private readonly deps: ArchiveServiceDeps) {}

  get store(): ArchiveStore {
    return this.deps.archive;
  }

  generation(workspace: string): GenerationResponse {
    const info = this.deps.generations.current(workspace);
    return { generation: info.generation, startedAt: info.startedAt === null ? null : new Date(info.startedAt).toISOString() };
  }

  /** A retention run (retention.ts); the room keeps serving while it runs. */
  run(workspace: string, now = Date.now(), options: Omit<RetentionOptions, 'stopped'> = {}): Promise<RetentionResult> {
    if (this.stopping) return Promise.reject(new Error('the relay is shutting down'));
    let running = this.runs.get(workspace);
    if (!running) {
      running = runRetention(this.deps, workspace, now, { ...options, stopped: () => this.stopping })
        .finally(() => this.runs.delete(workspace));
      this.runs.set(workspace, running);
    }
    return running;
  }

  /** Stops every run at its next slice (nothing of it stays) and waits for them: relay shutdown. */
  async stopRuns(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.runs.values()]);
  }

  stats(workspace: string): ArchiveStatsResponse {
    return this.deps.hub.withRoom(workspace, (room) => ({
      generation: room.generation,
      liveTasks: workspaceMaps(room.doc).tasks.size,
      archivedTasks: this.deps.archive.count(workspace),
      liveDocumentBytes: Y.encodeStateAsUpdate(room.doc).byteLength,
      retentionDays: room.rules.context.config.settings.retentionDays,
    }));
  }

  search(workspace: string, search: ArchiveSearch): Result<ArchiveSearchResponse, QueryError> {
    const found = searchArchive(this.deps.archive.sqlite, workspace, search, this.deps.archive.visibleBelow(workspace));
    if (!found.ok) return found;
    return { ok: true, value: { tasks: found.value.records.map(archivedTaskRow), next: found.value.next, total: found.value.total } };
  }

  task(workspace: string, taskId: string): ArchivedTaskResponse | null {
    const found = this.deps.archive.getTask(workspace, taskId);
    return found ? { task: archivedTaskRow(found.record), events: found.events } : null;
  }

  /** Ports events into the archive (archive-port.ts); the answer is sent once it is durable. */
  port(workspace: string, taskId: string, principal: Principal, events: readonly unknown[]): Promise<PortResult> {
    return this.deps.hub.withRoomDurable(workspace, (room) => {
      room.syncMembers();
      return portEvents(this.deps, room, taskId, principal, events);
    });
  }

  /**
   * Ports several tasks' events (a generation move) in one archive transaction, answered once
   * durable: one commit instead of one per task. A task neither archived nor live is `found: false`.
   */
  portBatch(workspace: string, principal: Principal, tasks: readonly { taskId: string; events: readonly unknown[] }[]): Promise<PortBatchResult> {
    return this.deps.hub.withRoomDurable(workspace, (room) => {
      room.syncMembers();
      return this.deps.archive.transaction(() => tasks.map(({ taskId, events }) => {
        const result = portEvents(this.deps, room, taskId, principal, events);
        if (result.ok) return { taskId, found: true, ...result.value };
        if (result.status === 404) return { taskId, found: false, accepted: [], refused: [], restored: false };
        throw new Error(`${result.code}: ${result.message}`);
      }));
    });
  }

  /** Events for an archived suggestion (archive-port.ts portSuggestionEvents). */
  portSuggestion(workspace: string, suggestionId: string, events: readonly unknown[]): Promise<PortResult> {
    return this.deps.hub.withRoomDurable(workspace, (room) => portSuggestionEvents(this.deps, room, suggestionId, events));
  }

  /** Which of these new log keys are archived (one query per few hundred, update-check.ts). */
  archivedAmong(workspace: string, map: string, ids: readonly string[]): Set<string> {
    const suggestions = this.deps.archive.archivedSuggestionsAmong(workspace, ids);
    if (map !== 'tasks') return suggestions;
    // An archived suggestion's id stays taken in `tasks` too: its reserved log was dropped with it.
    return new Set([...this.deps.archive.archivedAmong(workspace, ids), ...suggestions]);
  }
}
