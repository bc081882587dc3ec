// The event feed for integrations: GET /api/workspaces/<id>/events?after=<seq>&limit=<n>&wait=<ms>.
// Every task event the relay accepted, in receipt order, from task_events (written in the same
// transaction as the update that carried it, so a listed event is durable and the cursor survives
// restarts). Long-poll: with `wait`, an empty page is held until an event of the room is stored
// (the append queue calls `notify` after each commit) or the wait runs out.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { FeedEvent, FeedQuery, FeedResponse } from '../src-shared/protocol/tracking-api';
import type { RelayDatabase } from './db/open';
import { taskEvents } from './db/schema';
import type { AppendEntry } from './persistence';

export class EventFeed {
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly select;

  constructor(db: RelayDatabase) {
    this.select = db
      .select()
      .from(taskEvents)
      .where(and(eq(taskEvents.room, sql.placeholder('room')), gt(taskEvents.seq, sql.placeholder('after'))))
      .orderBy(asc(taskEvents.seq))
      .limit(sql.placeholder('limit'))
      .prepare();
  }

  page(room: string, after: number, limit: number): FeedResponse {
    const rows = this.select.all({ room, after, limit });
    const events: FeedEvent[] = rows.map((row) => ({
      seq: row.seq, taskId: row.taskId, receivedAt: row.receivedAt, event: JSON.parse(row.json) as FeedEvent['event'],
    }));
    return { events, cursor: rows.at(-1)?.seq ?? after };
  }

  /** The next page; with `wait`, held until it has an event, the wait ends, or `signal` aborts. */
  async read(room: string, query: FeedQuery, signal: AbortSignal): Promise<FeedResponse> {
    const first = this.page(room, query.after, query.limit);
    if (first.events.length > 0 || query.wait === 0) return first;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.get(room)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, query.wait);
      signal.addEventListener('abort', done);
      let set = this.waiters.get(room);
      if (!set) this.waiters.set(room, (set = new Set()));
      set.add(done);
    });
    return this.page(room, query.after, query.limit);
  }

  /** Called by the append queue after a commit: wakes the followers of rooms that got events. */
  notify(batch: readonly AppendEntry[]): void {
    for (const entry of batch) {
      if (!entry.events?.length) continue;
      const set = this.waiters.get(entry.room);
      if (!set) continue;
      this.waiters.delete(entry.room);
      for (const wake of set) wake();
    }
  }
}
