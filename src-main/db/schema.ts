// The local store's tables. The Yjs replica is the source of truth: an
// append-only `yjs_updates` log plus `yjs_snapshots` (compacted state). Every
// other table is derived from it and can be rebuilt from it.
import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Every Yjs update this replica has seen, in arrival order, until compaction folds it into a snapshot. */
export const yjsUpdates = sqliteTable('yjs_updates', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  data: blob('data', { mode: 'buffer' }).notNull(),
  /** 'local' (made on this device) or 'remote' (from the relay / renderer replica of another device). */
  origin: text('origin', { enum: ['local', 'remote'] }).notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Compacted state. Only the newest row is read; older rows are deleted by the compaction that replaced them. */
export const yjsSnapshots = sqliteTable('yjs_snapshots', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  data: blob('data', { mode: 'buffer' }).notNull(),
  stateVector: blob('state_vector', { mode: 'buffer' }).notNull(),
  /** The highest yjs_updates.id folded into this snapshot. */
  upToUpdateId: integer('up_to_update_id').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Small key/value facts about this replica (workspace id, unacknowledged count, ...). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

// ---- The relational projection (schema v2) --------------------------------
// One row per task with the folded state's queryable fields, written in the
// same SQLite transaction as the Yjs update it reflects. `state_json` is the
// whole folded TaskState so the first screen renders before Yjs has loaded.

export const tasks = sqliteTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    status: text('status').notNull(),
    category: text('category').notNull(),
    priority: text('priority').notNull(),
    type: text('type').notNull(),
    queue: text('queue'),
    ownerId: text('owner_id'),
    dueAt: text('due_at'),
    startAt: text('start_at'),
    snoozeUntil: text('snooze_until'),
    parentId: text('parent_id'),
    private: integer('private', { mode: 'boolean' }).notNull(),
    origin: text('origin').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    stateJson: text('state_json').notNull(),
  },
  (table) => [
    index('tasks_owner_due').on(table.ownerId, table.dueAt),
    index('tasks_due').on(table.dueAt),
    index('tasks_category').on(table.category),
  ],
);

export const taskTags = sqliteTable(
  'task_tags',
  {
    taskId: text('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
  },
  (table) => [primaryKey({ columns: [table.taskId, table.tag] }), index('task_tags_tag').on(table.tag)],
);

export const taskLinks = sqliteTable(
  'task_links',
  {
    taskId: text('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    entityId: text('entity_id').notNull(),
    label: text('label').notNull(),
    url: text('url'),
  },
  (table) => [
    primaryKey({ columns: [table.taskId, table.kind, table.entityId] }),
    index('task_links_entity').on(table.kind, table.entityId),
  ],
);
