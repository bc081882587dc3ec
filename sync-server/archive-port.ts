// Porting events into the archive (`POST .../archive/tasks/<id>/events`, archive-api.ts): events a
// client wrote offline against an older generation for a task that is now archived. Each event is
// checked with the socket's own checks (update-check.ts checkTaskEventWrite: author = the token's
// user, stamp bounds and order, payload, role); an id already in the log is a no-op. The fold then
// decides: a task that folds open again (an accepted reopen) goes back into the live document with
// its whole log, written by the relay (clients get it over sync), and leaves the archive, in one
// transaction with the append. A task already live again (another client's reopen came first) gets
// the accepted events appended to its live log: two reopens at once make one task with one log.
// Runs synchronously inside the room, so two requests for one task never interleave.
import * as Y from 'yjs';
import type { TaskEvent } from '../src-shared/domain/events';
import { foldTask } from '../src-shared/domain/reducer';
import { foldForRetention } from '../src-shared/domain/retention';
import { isClosedCategory } from '../src-shared/domain/statuses';
import { stampTime } from '../src-shared/domain/clock';
import { workspaceMaps } from '../src-shared/doc/schema';
import type { ArchiveEventsResponse } from '../src-shared/protocol/archive-api';
import type { AppendQueue } from './append-queue';
import type { ArchiveStore } from './archive-store';
import type { Principal } from './auth';
import type { Room } from './room';
import { RELAY_ORIGIN } from './room-rules';
import { checkTaskEventWrite, type WriteContext } from './update-check';

export type PortResult = { ok: true; value: ArchiveEventsResponse } | { ok: false; status: number; code: string; message: string };

export interface PortDeps {
  archive: ArchiveStore;
  queue: AppendQueue;
}

const idOf = (event: unknown): string => {
  const id = (event as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : '';
};

export function portEvents(deps: PortDeps, room: Room, taskId: string, principal: Principal, events: readonly unknown[], now = Date.now()): PortResult {
  const maps = workspaceMaps(room.doc);
  const liveLog = maps.tasks.get(taskId);
  const archived = liveLog instanceof Y.Array ? null : deps.archive.getTask(room.name, taskId);
  if (!(liveLog instanceof Y.Array) && archived === null) {
    // The empty log a suggestion reserved, gone with the decided or expired suggestion (retention.ts):
    // a definite answer, so the client stops sending them.
    if (deps.archive.hasSuggestion(room.name, taskId)) {
      const reason = `already_decided: suggestion ${taskId} was decided or expired and archived; its task can no longer be created`;
      return { ok: true, value: { accepted: [], refused: events.map((event) => ({ id: idOf(event), reason })), restored: false } };
    }
    return { ok: false, status: 404, code: 'not_found', message: `no task ${taskId} in the archive or the live document` };
  }
  const stored = (liveLog instanceof Y.Array ? liveLog.toArray() : archived?.events ?? []) as TaskEvent[];
  const foldContext = room.rules.context.foldContext();
  const context: WriteContext = {
    userId: principal.userId,
    role: room.rules.context.currentRole(principal.userId),
    settings: room.rules.context.config.settings,
    taskState: (id, pending) => foldTask(id, [...stored, ...pending], foldContext).state,
    now,
  };
  const known = new Set(stored.map(idOf));
  const accepted: TaskEvent[] = [];
  const refused: ArchiveEventsResponse['refused'] = [];
  let previous: unknown;
  for (const event of events) {
    const id = idOf(event);
    if (id !== '' && known.has(id)) {
      previous = event;
      continue;
    }
    const refusal = checkTaskEventWrite(taskId, event, previous, accepted, context);
    if (refusal) refused.push({ id, reason: `${refusal.rule}: ${refusal.detail}` });
    else {
      accepted.push(event as TaskEvent);
      known.add(id);
    }
    previous = event;
  }
  const response = (restored: boolean): PortResult => ({ ok: true, value: { accepted: accepted.map((e) => e.id), refused, restored } });
  if (accepted.length === 0) return response(liveLog instanceof Y.Array);

  if (liveLog instanceof Y.Array) {
    room.doc.transact(() => liveLog.push(accepted), RELAY_ORIGIN);
    return response(true);
  }
  const log = [...stored, ...accepted];
  const folded = foldForRetention(taskId, log, foldContext);
  if (folded.state && !isClosedCategory(folded.state.category)) {
    // Durable together: the live log (through the append queue, flushed inside) and the archive delete.
    deps.archive.transaction(() => {
      room.doc.transact(() => {
        const restored = new Y.Array<TaskEvent>();
        restored.push(log);
        maps.tasks.set(taskId, restored);
      }, RELAY_ORIGIN);
      deps.queue.flush();
      // A failed append broke the room (its clients reconnect): keep the task in the archive.
      if (room.isBroken) throw new Error('the relay could not store the restored task');
      deps.archive.removeTask(room.name, taskId);
    });
    return response(true);
  }
  const record = (archived as NonNullable<typeof archived>).record;
  const closedAt = folded.closedAt === null ? record.closedAt : stampTime(folded.closedAt);
  deps.archive.updateTask(room.name, { ...record, state: folded.state ?? record.state, closedAt }, accepted);
  return response(false);
}

/**
 * Brings archived tasks back into the live document with their whole logs, for a relay-side
 * writer that must write to a task wherever it is (tracking intake: a source moves its tasks at
 * any time). Durable together, as a reopen: the live logs (the append queue flushed inside) and
 * their removal from the archive, in one transaction. Ids already live cost no query at all.
 */
export function restoreArchived(deps: PortDeps, room: Room, taskIds: readonly string[]): number {
  const maps = workspaceMaps(room.doc);
  const missing = taskIds.filter((id) => !maps.tasks.has(id));
  const archived = missing.length === 0 ? [] : [...deps.archive.archivedAmong(room.name, missing)];
  if (archived.length === 0) return 0;
  deps.archive.transaction(() => {
    room.doc.transact(() => {
      for (const taskId of archived) {
        const log = new Y.Array<TaskEvent>();
        log.push(deps.archive.events(room.name, taskId) as unknown as TaskEvent[]);
        maps.tasks.set(taskId, log);
      }
    }, RELAY_ORIGIN);
    deps.queue.flush();
    if (room.isBroken) throw new Error('the relay could not store the restored tasks');
    for (const taskId of archived) deps.archive.removeTask(room.name, taskId);
  });
  return archived.length;
}

/**
 * Events an old generation's replica wrote for a suggestion (`POST .../archive/suggestions/<id>/events`).
 * A suggestion leaves the live document only once decided or expired, and its outcome is then
 * final: an event already in its log is a no-op, any other is refused with the reason (and not
 * stored), so the client gets a definite answer. A suggestion still live takes its events over sync.
 */
export function portSuggestionEvents(deps: PortDeps, room: Room, suggestionId: string, events: readonly unknown[]): PortResult {
  if (workspaceMaps(room.doc).suggestions.has(suggestionId)) {
    return { ok: false, status: 409, code: 'live_suggestion', message: `suggestion ${suggestionId} is in the live document: send its events over sync` };
  }
  const archived = deps.archive.getSuggestion(room.name, suggestionId);
  if (!archived) return { ok: false, status: 404, code: 'not_found', message: `no suggestion ${suggestionId} in the archive or the live document` };
  const known = new Set(archived.events.map(idOf));
  const reason = `already_decided: suggestion ${suggestionId} was ${archived.status} and archived; its outcome is final`;
  const refused = events.filter((event) => !known.has(idOf(event))).map((event) => ({ id: idOf(event), reason }));
  return { ok: true, value: { accepted: [], refused, restored: false } };
}
