// Porting a replica to a new generation of the live document (DESIGN "A bounded live document",
// archive-api.ts). The relay started generation g, which holds only the live tasks' logs; this
// device's replica belongs to an older one and may hold edits the relay never saw (made offline).
// After a fresh replica of g is synced from the relay, every event of the user's that g lacks is
// ported:
//   - a task, suggestion or config event whose log g holds (or a task made offline, which the
//     archive does not know either) is re-appended to g by recover(): the same rules as a refusal
//     rebuild, same event id, re-stamped after the log's newest event;
//   - an event of a task that g lacks but the archive holds (closed and archived meanwhile) is
//     posted to the archive, where the relay checks it like any write; a reopen it accepts brings
//     the task back into g (it then arrives over sync);
//   - a suggestion that g lacks is asked of the archive (POST .../archive/suggestions/<id>/events):
//     a known event is a no-op, `already_decided` is final and kept as refused; one the archive does
//     not hold (made offline, 404) or that is live again (409) is re-appended to g;
//   - whatever is refused on either path is kept, with the reason, like refused changes.
// The refusal rebuild (close 4409, refusal-recovery.ts) runs this same port against the current
// generation: an event of a log the relay says is archived goes to the archive, never back into a
// live log (that update would be refused again, for ever); the ids the archive holds are reported
// (`archivedOccurrences`) so the host caches them and its recurrence scheduler does not remake them.
// Ids make it idempotent: porting the same old replica twice adds nothing (unsentEvents skips what
// g holds, the archive answers a known id as a no-op). Archived tasks' events go in batches: one
// request and one relay transaction for many tasks, not one each.
import type * as Y from 'yjs';
import { createHybridClock } from '../domain/clock';
import { isOccurrenceTaskId } from '../domain/recurrence';
import { ARCHIVE_BATCH_EVENTS } from '../protocol/archive-api';
import { ArchiveRequestError, type ArchiveClient } from '../protocol/archive-client';
import { recover, unsentEvents, type OwnEvent, type RefusedChange } from './refusal-recovery';
import type { TaskRepository } from './repository';
import { workspaceMaps } from './schema';

export interface PortResult {
  /** Events re-appended to the new generation. */
  reappended: number;
  /** Events the archive stored (for tasks archived meanwhile). */
  archived: number;
  /** Tasks the archive moved back into the live document (a reopen). */
  restored: string[];
  /** Recurrence occurrences the archive holds (they stay archived): the host caches them so its scheduler does not remake them. */
  archivedOccurrences: string[];
  refused: RefusedChange[];
}

/** What a generation move needs of the archive (ArchiveClient fits). */
export type ArchivePort = Pick<ArchiveClient, 'postBatch' | 'postSuggestionEvents'>;

const logId = (log: string) => log.slice(log.indexOf('/') + 1);

/**
 * Port the user's events of `old` that `repo`'s document (generation g, synced from the relay)
 * lacks. Throws when the archive cannot be reached: the caller keeps the old replica and retries.
 * `kept`: ids of refused changes the host already keeps from an earlier run of this move; they
 * are not tried again (a task restored meanwhile would otherwise take an event its archive refused).
 */
export async function portToGeneration(old: Y.Doc, repo: TaskRepository, archive: ArchivePort, kept: ReadonlySet<string> = new Set()): Promise<PortResult> {
  const fresh = workspaceMaps(repo.doc);
  const oldMaps = workspaceMaps(old);
  const live: OwnEvent[] = [];
  const absentTasks = new Map<string, OwnEvent[]>();
  const absentSuggestions = new Map<string, OwnEvent[]>();
  const refused: RefusedChange[] = [];
  for (const own of unsentEvents(old, repo.doc, repo.actor)) {
    if (kept.has(own.event.id)) continue;
    const id = logId(own.log);
    if (own.log.startsWith('tasks/') && !fresh.tasks.has(id)) {
      absentTasks.set(id, [...(absentTasks.get(id) ?? []), own]);
    } else if (own.log.startsWith('suggestions/') && !fresh.suggestions.has(id)) {
      absentSuggestions.set(id, [...(absentSuggestions.get(id) ?? []), own]);
    } else {
      live.push(own);
    }
  }

  const { archived, restored, archivedOccurrences } = await portToArchive(absentTasks, oldMaps, repo, archive, live, refused);
  await portSuggestionsToArchive(absentSuggestions, archive, live, refused);

  live.sort((a, b) => (a.event.at < b.event.at ? -1 : a.event.at > b.event.at ? 1 : 0));
  const recovered = recover(old, repo, live);
  return { reappended: recovered.reappended, archived, restored, archivedOccurrences, refused: [...refused, ...recovered.refused] };
}

/**
 * Suggestions the live document lacks, one request each: the archive answers a decided or expired
 * suggestion's new events with `already_decided` (final: kept as refused, never retried) and a known
 * event as a no-op. One it does not hold (404: made on this device offline) or that is live (409:
 * the race of a restore) goes back to `live`; a relay without an archive answers 404 too.
 */
async function portSuggestionsToArchive(absent: ReadonlyMap<string, OwnEvent[]>, archive: ArchivePort, live: OwnEvent[], refused: RefusedChange[]): Promise<void> {
  for (const [suggestionId, events] of absent) {
    try {
      const answer = await archive.postSuggestionEvents(suggestionId, events.map((e) => e.event));
      const reasons = new Map(answer.refused.map((r) => [r.id, r.reason]));
      for (const e of events) {
        const reason = reasons.get(e.event.id);
        if (reason !== undefined) refused.push({ ...e, reason });
      }
    } catch (error) {
      const notArchived = error instanceof ArchiveRequestError && (error.code === 'live_suggestion' || (error.status === 404 && error.code === 'not_found'));
      if (!notArchived) throw error;
      live.push(...events);
    }
  }
}

/**
 * Post the events of tasks the new generation lacks to the archive, in batches (one request and one
 * relay transaction each, ARCHIVE_BATCH_EVENTS events at most; one task's events in order). Each is
 * stamped after everything this device saw of its log (the relay refuses an event stamped before
 * one its author had seen); an id the archive already holds is a no-op there. A task the relay does
 * not hold at all was made on this device while offline: its events join `live`.
 */
async function portToArchive(
  absentTasks: ReadonlyMap<string, OwnEvent[]>, oldMaps: ReturnType<typeof workspaceMaps>, repo: TaskRepository,
  archive: ArchivePort, live: OwnEvent[], refused: RefusedChange[],
): Promise<{ archived: number; restored: string[]; archivedOccurrences: string[] }> {
  const clock = createHybridClock(`${repo.actor}.${repo.doc.clientID.toString(36)}`, () => repo.currentTime());
  // Per task: the events as this device made them (a task found nowhere joins `live` with those) and as posted.
  type Piece = { made: OwnEvent[]; posted: OwnEvent[] };
  const batches: Map<string, Piece>[] = [];
  let current = new Map<string, Piece>();
  let size = 0;
  for (const [taskId, events] of absentTasks) {
    const seen = oldMaps.tasks.get(taskId)?.toArray() ?? [];
    for (const e of seen) if (typeof (e as { at?: unknown } | null)?.at === 'string') clock.observe((e as { at: string }).at);
    for (let i = 0; i < events.length; i += ARCHIVE_BATCH_EVENTS) {
      const made = events.slice(i, i + ARCHIVE_BATCH_EVENTS);
      const piece = { made, posted: made.map((e) => ({ ...e, event: { ...e.event, at: clock.now() } })) };
      if (current.has(taskId) || size + made.length > ARCHIVE_BATCH_EVENTS) {
        batches.push(current);
        current = new Map();
        size = 0;
      }
      current.set(taskId, piece);
      size += made.length;
    }
  }
  if (current.size > 0) batches.push(current);

  let archived = 0;
  const restored = new Set<string>();
  const held = new Set<string>();
  for (const batch of batches) {
    const answer = await postBatchOrNone(archive, [...batch].map(([taskId, piece]) => ({ taskId, events: piece.posted.map((e) => e.event) })));
    for (const task of answer.tasks) {
      const sent = batch.get(task.taskId);
      if (!sent) continue; // not a task this batch asked about
      if (!task.found) {
        live.push(...sent.made);
        continue;
      }
      archived += task.accepted.length;
      if (task.restored) restored.add(task.taskId);
      else if (isOccurrenceTaskId(task.taskId)) held.add(task.taskId);
      const reasons = new Map(task.refused.map((r) => [r.id, r.reason]));
      for (const e of sent.posted) {
        const reason = reasons.get(e.event.id);
        if (reason !== undefined) refused.push({ ...e, reason });
      }
    }
  }
  for (const id of restored) held.delete(id);
  return { archived, restored: [...restored].sort(), archivedOccurrences: [...held].sort() };
}

/** A relay that keeps no archive (404 on the route) holds no archived task: every one is found nowhere. */
async function postBatchOrNone(archive: ArchivePort, tasks: Parameters<ArchivePort['postBatch']>[0]): ReturnType<ArchivePort['postBatch']> {
  try {
    return await archive.postBatch(tasks);
  } catch (error) {
    if (!(error instanceof ArchiveRequestError && error.status === 404 && error.code === 'not_found')) throw error;
    return { tasks: tasks.map(({ taskId }) => ({ taskId, found: false, accepted: [], refused: [], restored: false })) };
  }
}
