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
//   - a suggestion that g lacks was decided or expired and archived: its events are kept as refused;
//   - whatever is refused on either path is kept, with the reason, like refused changes.
// Ids make it idempotent: porting the same old replica twice adds nothing (unsentEvents skips what
// g holds, the archive answers a known id as a no-op). Archived tasks' events go in batches: one
// request and one relay transaction for many tasks, not one each.
import type * as Y from 'yjs';
import { createHybridClock } from '../domain/clock';
import { ARCHIVE_BATCH_EVENTS } from '../protocol/archive-api';
import type { ArchiveClient } from '../protocol/archive-client';
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
  refused: RefusedChange[];
}

/** What a generation move needs of the archive (ArchiveClient fits). */
export type ArchivePort = Pick<ArchiveClient, 'postBatch'>;

export const ARCHIVED_SUGGESTION_REASON = 'This suggestion was decided or expired and has left the live document; the change cannot be applied.';


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
  const refused: RefusedChange[] = [];
  for (const own of unsentEvents(old, repo.doc, repo.actor)) {
    if (kept.has(own.event.id)) continue;
    const id = logId(own.log);
    if (own.log.startsWith('tasks/') && !fresh.tasks.has(id)) {
      absentTasks.set(id, [...(absentTasks.get(id) ?? []), own]);
    } else if (own.log.startsWith('suggestions/') && !fresh.suggestions.has(id) && !madeHere(oldMaps.suggestions.get(id), repo.actor)) {
      refused.push({ ...own, reason: ARCHIVED_SUGGESTION_REASON });
    } else {
      live.push(own);
    }
  }

  const { archived, restored } = await portToArchive(absentTasks, oldMaps, repo, archive, live, refused);

  live.sort((a, b) => (a.event.at < b.event.at ? -1 : a.event.at > b.event.at ? 1 : 0));
  const recovered = recover(old, repo, live);
  return { reappended: recovered.reappended, archived, restored, refused: [...refused, ...recovered.refused] };
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
): Promise<{ archived: number; restored: string[] }> {
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
  for (const batch of batches) {
    const answer = await archive.postBatch([...batch].map(([taskId, piece]) => ({ taskId, events: piece.posted.map((e) => e.event) })));
    for (const task of answer.tasks) {
      const sent = batch.get(task.taskId);
      if (!sent) continue; // not a task this batch asked about
      if (!task.found) {
        live.push(...sent.made);
        continue;
      }
      archived += task.accepted.length;
      if (task.restored) restored.add(task.taskId);
      const reasons = new Map(task.refused.map((r) => [r.id, r.reason]));
      for (const e of sent.posted) {
        const reason = reasons.get(e.event.id);
        if (reason !== undefined) refused.push({ ...e, reason });
      }
    }
  }
  return { archived, restored: [...restored].sort() };
}

/** A suggestion log holding only this user's events was made here (offline), not archived by the relay. */
function madeHere(log: Y.Array<unknown> | undefined, userId: string): boolean {
  const events = log?.toArray() ?? [];
  return events.length > 0 && events.every((e) => (e as { actor?: unknown } | null)?.actor === userId);
}
