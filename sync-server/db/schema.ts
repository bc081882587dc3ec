// Relay database schema (drizzle-orm, SQLite). Migrations are generated from this file with
// `npx drizzle-kit generate --config drizzle.relay.config.ts` into sync-server/db/migrations/.
//
// Invariants:
// - room_updates rows are Yjs V1 updates the relay produced itself from a room document (the
//   document's `update` event after Y.applyUpdate accepted a client's bytes); raw client bytes are
//   never stored. Loading a room = its snapshot (if any), then its updates in id order.
// - Compaction replaces room_snapshots.state and deletes the rows with id <= covers_through_id in
//   the same transaction, so a reader never sees a gap or a double.
// - tokens store only a SHA-256 hash of the secret; the id is public (logs, `token list`).
import { sqliteTable, text, integer, blob, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';

export const roomUpdates = sqliteTable(
  'room_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    room: text('room').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('room_updates_room_id').on(table.room, table.id)],
);

export const roomSnapshots = sqliteTable('room_snapshots', {
  room: text('room').primaryKey(),
  state: blob('state', { mode: 'buffer' }).notNull(),
  coversThroughId: integer('covers_through_id').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const tokens = sqliteTable(
  'tokens',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    workspace: text('workspace').notNull(),
    userId: text('user_id').notNull(),
    role: text('role', { enum: ['viewer', 'operator', 'lead', 'admin', 'integration'] }).notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (table) => [index('tokens_workspace').on(table.workspace)],
);

/**
 * The event feed (GET /api/workspaces/<id>/events): every task event the relay accepted, in
 * receipt order. Rows are written in the same transaction as the room_updates row that carried
 * them and are never compacted, so `seq` is a durable cursor. (room, event_id) is unique: an
 * event is listed once.
 */
export const taskEvents = sqliteTable(
  'task_events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    room: text('room').notNull(),
    taskId: text('task_id').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    actor: text('actor').notNull(),
    json: text('json').notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (table) => [uniqueIndex('task_events_room_event').on(table.room, table.eventId), index('task_events_room_seq').on(table.room, table.seq)],
);

/** Tracked sources (seed 001): the registration and flags the tracking API keeps per source. */
export const trackedSources = sqliteTable(
  'tracked_sources',
  {
    room: text('room').notNull(),
    sourceId: text('source_id').notNull(),
    mapping: text('mapping').notNull(),
    tracking: integer('tracking', { mode: 'boolean' }).notNull(),
    template: integer('template', { mode: 'boolean' }).notNull(),
    deleted: integer('deleted', { mode: 'boolean' }).notNull(),
    json: text('json').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.room, table.sourceId] })],
);
