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
    /** What people see for this user (`token create --name`); null: the user id. */
    displayName: text('display_name'),
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

/**
 * The live document's current generation per workspace (DESIGN "A bounded live document"). A room
 * with no row is at generation 0, stored under its workspace id; generation g > 0 is stored in
 * room_updates / room_snapshots under `<workspace>#<g>` (generations.ts). The row is written in the
 * same transaction as the new generation's snapshot and the archive rows (retention.ts).
 */
export const roomGenerations = sqliteTable('room_generations', {
  room: text('room').primaryKey(),
  generation: integer('generation').notNull(),
  startedAt: integer('started_at').notNull(),
});

/**
 * Tasks that left the live document (archive-store.ts); the folded TaskState is in archived_states.
 * The scalar columns repeat what search filters on, `closed_at` is the wall time (ms) of the event
 * that last closed the task. Full-text search: the `archive_fts` FTS5 table (trigram, so it finds
 * substrings as the filter bar does), rowid = archived_tasks.rowid, written with each row.
 */
export const archivedTasks = sqliteTable(
  'archived_tasks',
  {
    rowid: integer('rowid').primaryKey({ autoIncrement: true }),
    room: text('room').notNull(),
    taskId: text('task_id').notNull(),
    closedAt: integer('closed_at').notNull(),
    archivedAt: integer('archived_at').notNull(),
    /**
     * The live-document generation the run that archived it started (retention.ts). A run writes its
     * rows in chunks before it flips the generation: rows above the workspace's current generation
     * belong to a run that has not finished (invisible to reads; a restart deletes them).
     */
    generation: integer('generation').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    status: text('status').notNull(),
    category: text('category').notNull(),
    priority: text('priority').notNull(),
    type: text('type').notNull(),
    queue: text('queue'),
    ownerId: text('owner_id'),
    origin: text('origin').notNull(),
    dueAt: integer('due_at'),
    private: integer('private', { mode: 'boolean' }).notNull(),
    handoffPending: integer('handoff_pending', { mode: 'boolean' }).notNull(),
    /** JSON arrays: link: reads `links` with json_each; tag: reads archived_task_tags. */
    tags: text('tags').notNull(),
    links: text('links').notNull(),
  },
  (table) => [
    uniqueIndex('archived_tasks_room_task').on(table.room, table.taskId),
    index('archived_tasks_room_closed').on(table.room, table.closedAt, table.taskId),
    // The filters people use most (owner:, type:, closed:), so their counts and pages are index reads.
    index('archived_tasks_room_owner').on(table.room, table.ownerId, table.closedAt),
    index('archived_tasks_room_type').on(table.room, table.type, table.closedAt),
    index('archived_tasks_room_updated').on(table.room, table.updatedAt),
  ],
);

/**
 * The folded state of each archived task (JSON), apart from archived_tasks so that a search that
 * scans the filter columns reads narrow rows; rowid = archived_tasks.rowid.
 */
export const archivedStates = sqliteTable('archived_states', {
  rowid: integer('rowid').primaryKey(),
  state: text('state').notNull(),
});

/**
 * One row per tag of an archived task (task = archived_tasks.rowid), written and deleted with it:
 * `tag:` reads the tag's rows from an index instead of scanning every task's JSON array.
 */
export const archivedTaskTags = sqliteTable(
  'archived_task_tags',
  {
    task: integer('task').notNull(),
    tag: text('tag').notNull(),
  },
  (table) => [primaryKey({ columns: [table.task, table.tag] }), index('archived_task_tags_tag').on(table.tag, table.task)],
);

/** Every event of an archived task's log, rejected ones included, in log order (`position`). */
export const archivedEvents = sqliteTable(
  'archived_events',
  {
    room: text('room').notNull(),
    taskId: text('task_id').notNull(),
    eventId: text('event_id').notNull(),
    position: integer('position').notNull(),
    json: text('json').notNull(),
  },
  (table) => [primaryKey({ columns: [table.room, table.taskId, table.eventId] }), index('archived_events_task_position').on(table.room, table.taskId, table.position)],
);

/** Decided or expired suggestions that left the live document, with their whole log. */
export const archivedSuggestions = sqliteTable(
  'archived_suggestions',
  {
    room: text('room').notNull(),
    suggestionId: text('suggestion_id').notNull(),
    signalKey: text('signal_key'),
    status: text('status').notNull(),
    events: text('events').notNull(),
    archivedAt: integer('archived_at').notNull(),
    /** As archived_tasks.generation. */
    generation: integer('generation').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.room, table.suggestionId] }), index('archived_suggestions_signal').on(table.room, table.signalKey)],
);
