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
import { sqliteTable, text, integer, blob, index } from 'drizzle-orm/sqlite-core';

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
