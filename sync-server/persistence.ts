// Room persistence: an append-only log of Yjs updates per room plus one compacted snapshot.
//
// Invariants (see db/schema.ts): a room's content = snapshot.state followed by its updates with
// id > snapshot.coversThroughId, in id order. `appendMany` commits a whole batch in one
// transaction (group commit: one fsync for everything that arrived in one event-loop turn).
// `compact` writes the new snapshot and deletes the rows it covers in one transaction.
import { and, asc, count, eq, gt, lte, sql } from 'drizzle-orm';
import type { RelayDatabase } from './db/open';
import { roomSnapshots, roomUpdates, taskEvents } from './db/schema';

export interface StoredRoom {
  snapshot: { state: Uint8Array; coversThroughId: number } | null;
  updates: { id: number; data: Uint8Array }[];
}

/** A task event an update added (sync-server/task-events.ts), stored for the event feed. */
export interface AddedTaskEvent {
  taskId: string;
  event: { id: string; type: string; actor: string };
}

export interface AppendEntry {
  /** The workspace (the event feed's room). */
  room: string;
  /** Where the update is stored: the room's current generation (generations.ts); default `room`. */
  key?: string;
  data: Uint8Array;
  /** Task events this update added: written to task_events in the same transaction. */
  events?: readonly AddedTaskEvent[];
}

export class RoomPersistence {
  private readonly insertUpdate;
  private readonly selectUpdates;
  private readonly selectSnapshot;
  private readonly insertEvent;

  constructor(
    private readonly db: RelayDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.insertUpdate = db
      .insert(roomUpdates)
      .values({ room: sql.placeholder('room'), data: sql.placeholder('data'), createdAt: sql.placeholder('createdAt') })
      .returning({ id: roomUpdates.id })
      .prepare();
    this.insertEvent = db
      .insert(taskEvents)
      .values({
        room: sql.placeholder('room'), taskId: sql.placeholder('taskId'), eventId: sql.placeholder('eventId'), type: sql.placeholder('type'),
        actor: sql.placeholder('actor'), json: sql.placeholder('json'), receivedAt: sql.placeholder('receivedAt'),
      })
      .onConflictDoNothing()
      .prepare();
    this.selectSnapshot = db
      .select()
      .from(roomSnapshots)
      .where(eq(roomSnapshots.room, sql.placeholder('room')))
      .prepare();
    this.selectUpdates = db
      .select({ id: roomUpdates.id, data: roomUpdates.data })
      .from(roomUpdates)
      .where(and(eq(roomUpdates.room, sql.placeholder('room')), gt(roomUpdates.id, sql.placeholder('after'))))
      .orderBy(asc(roomUpdates.id))
      .prepare();
  }

  load(room: string): StoredRoom {
    return this.db.transaction(() => {
      const snap = this.selectSnapshot.get({ room });
      const after = snap?.coversThroughId ?? 0;
      const updates = this.selectUpdates.all({ room, after }).map((row) => ({ id: row.id, data: new Uint8Array(row.data) }));
      return {
        snapshot: snap ? { state: new Uint8Array(snap.state), coversThroughId: snap.coversThroughId } : null,
        updates,
      };
    });
  }

  /** Appends every entry durably in one transaction; returns their row ids in order. */
  appendMany(entries: readonly AppendEntry[]): number[] {
    if (entries.length === 0) return [];
    const createdAt = this.now();
    return this.db.transaction(() =>
      entries.map((entry) => {
        const row = this.insertUpdate.get({ room: entry.key ?? entry.room, data: Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength), createdAt });
        if (!row) throw new Error('insert returned no id');
        for (const added of entry.events ?? []) {
          const { id, type, actor } = added.event;
          this.insertEvent.run({ room: entry.room, taskId: added.taskId, eventId: id, type, actor, json: JSON.stringify(added.event), receivedAt: createdAt });
        }
        return row.id;
      }),
    );
  }

  /**
   * Replaces the room's snapshot by `state` (which must contain every update with
   * id <= coversThroughId) and deletes those rows, atomically.
   */
  compact(room: string, state: Uint8Array, coversThroughId: number): { deletedRows: number } {
    return this.db.transaction((tx) => {
      tx.insert(roomSnapshots)
        .values({ room, state: Buffer.from(state), coversThroughId, updatedAt: this.now() })
        .onConflictDoUpdate({
          target: roomSnapshots.room,
          set: { state: Buffer.from(state), coversThroughId, updatedAt: this.now() },
        })
        .run();
      const result = tx.delete(roomUpdates).where(and(eq(roomUpdates.room, room), lte(roomUpdates.id, coversThroughId))).run();
      return { deletedRows: result.changes };
    });
  }

  /** Removes a stored document (a generation retention replaced); inside the caller's transaction. */
  drop(room: string): void {
    this.db.delete(roomUpdates).where(eq(roomUpdates.room, room)).run();
    this.db.delete(roomSnapshots).where(eq(roomSnapshots.room, room)).run();
  }

  updateCount(room: string): number {
    const row = this.db.select({ n: count() }).from(roomUpdates).where(eq(roomUpdates.room, room)).get();
    return row?.n ?? 0;
  }
}
