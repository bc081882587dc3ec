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
// g holds, the archive answers a known id as a no-op and it is filtered out before posting).
import type * as Y from 'yjs';
import { createHybridClock } from '../domain/clock';
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
export type ArchivePort = Pick<ArchiveClient, 'task' | 'postEvents'>;

export const ARCHIVED_SUGGESTION_REASON = 'This suggestion was decided or expired and has left the live document; the change cannot be applied.';

/** Archive requests in flight at once during a port. */
const ARCHIVE_CONCURRENCY = 6;

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

  let archived = 0;
  const restored: string[] = [];
  const clock = createHybridClock(`${repo.actor}.${repo.doc.clientID.toString(36)}`, () => repo.currentTime());
  // Tasks are independent: a few requests in flight at once (the relay checks each task's events in order).
  const queue = [...absentTasks];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [taskId, events] = next;
      const held = await archive.task(taskId);
      if (held === null) {
        // Neither live nor archived: a task made on this device while offline. It joins g.
        live.push(...events);
        continue;
      }
      const known = new Set(held.events.map((e) => e.id));
      const pending = events.filter((e) => !known.has(e.event.id));
      if (pending.length === 0) continue;
      // The relay refuses an event stamped before one its author had seen in that log: stamp after the archived log.
      for (const e of held.events) if (typeof e.at === 'string') clock.observe(e.at);
      const restamped = pending.map((e) => ({ ...e, event: { ...e.event, at: clock.now() } }));
      for (let i = 0; i < restamped.length; i += 1_000) {
        const batch = restamped.slice(i, i + 1_000);
        const answer = await archive.postEvents(taskId, batch.map((e) => e.event));
        archived += answer.accepted.length;
        if (answer.restored && !restored.includes(taskId)) restored.push(taskId);
        const reasons = new Map(answer.refused.map((r) => [r.id, r.reason]));
        for (const e of batch) {
          const reason = reasons.get(e.event.id);
          if (reason !== undefined) refused.push({ ...e, reason });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ARCHIVE_CONCURRENCY, absentTasks.size) }, worker));
  restored.sort();

  live.sort((a, b) => (a.event.at < b.event.at ? -1 : a.event.at > b.event.at ? 1 : 0));
  const recovered = recover(old, repo, live);
  return { reappended: recovered.reappended, archived, restored, refused: [...refused, ...recovered.refused] };
}

/** A suggestion log holding only this user's events was made here (offline), not archived by the relay. */
function madeHere(log: Y.Array<unknown> | undefined, userId: string): boolean {
  const events = log?.toArray() ?? [];
  return events.length > 0 && events.every((e) => (e as { actor?: unknown } | null)?.actor === userId);
}
