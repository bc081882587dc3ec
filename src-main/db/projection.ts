// The relational projection of the folded task state: one `tasks` row per task
// (+ tags, links, and an FTS5 row over title, description and comments).
//
// It is fed by the view's changed task ids. The view updates synchronously in
// the Yjs observer phase, which runs BEFORE the doc's 'update' event; so the ids
// a transaction changed are pending when WorkspaceStore appends that update, and
// `flush()` (called inside the same SQLite transaction) writes their rows: the
// update and the rows reflecting it commit together. Changes published outside a
// Yjs transaction (a membership change refolds everything) are written in their
// own transaction on the next microtask.
import type { TaskView } from '../../src-shared/doc/task-view';
import type { TaskId, TaskState } from '../../src-shared/domain/types';
import type { Sqlite } from './open-database';
import { readMeta, writeMeta } from './meta';
import type { Orm } from './open-database';

/** Bump when the projection's contents change meaning: stores rebuild it on open. */
export const PROJECTION_VERSION = '2'; // 2: FTS rows keyed by the tasks rowid

export class Projection {
  private pending = new Set<TaskId>();
  private unsubscribe: (() => void) | null = null;
  private microtaskQueued = false;
  private readonly upsertTask;
  private readonly deleteTask;
  private readonly deleteTags;
  private readonly insertTag;
  private readonly deleteLinks;
  private readonly insertLink;
  private readonly selectRowid;
  private readonly deleteFts;
  private readonly insertFts;

  constructor(private readonly sqlite: Sqlite, private readonly orm: Orm) {
    this.upsertTask = sqlite.prepare(`
      INSERT INTO tasks (id, title, description, status, category, priority, type, queue, owner_id, due_at, start_at,
        snooze_until, parent_id, private, origin, created_at, updated_at, state_json)
      VALUES (@id, @title, @description, @status, @category, @priority, @type, @queue, @ownerId, @dueAt, @startAt,
        @snoozeUntil, @parentId, @private, @origin, @createdAt, @updatedAt, @stateJson)
      ON CONFLICT(id) DO UPDATE SET title = excluded.title, description = excluded.description,
        status = excluded.status, category = excluded.category, priority = excluded.priority, type = excluded.type,
        queue = excluded.queue, owner_id = excluded.owner_id, due_at = excluded.due_at, start_at = excluded.start_at,
        snooze_until = excluded.snooze_until, parent_id = excluded.parent_id, private = excluded.private,
        origin = excluded.origin, created_at = excluded.created_at, updated_at = excluded.updated_at,
        state_json = excluded.state_json`);
    this.deleteTask = sqlite.prepare('DELETE FROM tasks WHERE id = ?');
    this.deleteTags = sqlite.prepare('DELETE FROM task_tags WHERE task_id = ?');
    this.insertTag = sqlite.prepare('INSERT OR IGNORE INTO task_tags (task_id, tag) VALUES (?, ?)');
    this.deleteLinks = sqlite.prepare('DELETE FROM task_links WHERE task_id = ?');
    this.insertLink = sqlite.prepare(
      'INSERT OR REPLACE INTO task_links (task_id, kind, entity_id, label, url) VALUES (?, ?, ?, ?, ?)',
    );
    // FTS rows share the tasks row's rowid: task_id is UNINDEXED, so deleting by it would scan the index.
    this.selectRowid = sqlite.prepare('SELECT rowid FROM tasks WHERE id = ?').pluck();
    this.deleteFts = sqlite.prepare('DELETE FROM task_fts WHERE rowid = ?');
    this.insertFts = sqlite.prepare('INSERT INTO task_fts (rowid, task_id, title, description, comments) VALUES (?, ?, ?, ?, ?)');
  }

  /** Starts following `view`. Rebuilds everything if the stored projection is from another version (or none). */
  attach(view: TaskView): void {
    if (this.unsubscribe) throw new Error('projection already attached');
    this.view = view;
    this.unsubscribe = view.subscribe(({ changed }) => {
      for (const id of changed) this.pending.add(id);
      if (!this.microtaskQueued) {
        this.microtaskQueued = true;
        queueMicrotask(() => {
          this.microtaskQueued = false;
          if (this.pending.size > 0) this.sqlite.transaction(() => this.flush())();
        });
      }
    });
    if (readMeta(this.orm, 'projection_version') !== PROJECTION_VERSION) this.rebuild();
  }

  private view: TaskView | null = null;

  /** Writes the rows of every task changed since the last flush. Call inside a transaction. */
  flush(): void {
    if (!this.view || this.pending.size === 0) return;
    const ids = this.pending;
    this.pending = new Set();
    for (const id of ids) this.writeTask(id, this.view.get(id));
  }

  /** Replaces the whole projection with the view's current state, in one transaction. */
  rebuild(): void {
    const view = this.view;
    if (!view) throw new Error('projection not attached');
    this.sqlite.transaction(() => {
      this.sqlite.prepare('DELETE FROM task_tags').run();
      this.sqlite.prepare('DELETE FROM task_links').run();
      this.sqlite.prepare('DELETE FROM task_fts').run();
      this.sqlite.prepare('DELETE FROM tasks').run();
      for (const task of view.all()) this.writeTask(task.id, task);
      writeMeta(this.orm, 'projection_version', PROJECTION_VERSION);
      this.pending.clear();
    })();
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private writeTask(id: TaskId, task: TaskState | undefined): void {
    const previous = this.selectRowid.get(id) as number | bigint | undefined;
    // Tags, links and FTS rows exist only beside a tasks row: a new task (every task of a fresh
    // file, e.g. a generation move's) has none to delete.
    if (previous !== undefined) {
      this.deleteTags.run(id);
      this.deleteLinks.run(id);
      this.deleteFts.run(previous);
    }
    if (!task) {
      if (previous !== undefined) this.deleteTask.run(id);
      return;
    }
    const written = this.upsertTask.run({
      id,
      title: task.title,
      description: task.description,
      status: task.status,
      category: task.category,
      priority: task.priority,
      type: task.type,
      queue: task.queue,
      ownerId: task.ownerId,
      dueAt: task.dueAt,
      startAt: task.startAt,
      snoozeUntil: task.snoozeUntil,
      parentId: task.parentId,
      private: task.private ? 1 : 0,
      origin: task.origin,
      createdAt: task.createdAt,
      updatedAt: task.updatedAt,
      stateJson: JSON.stringify(task),
    });
    for (const tag of task.tags) this.insertTag.run(id, tag);
    for (const link of task.links) this.insertLink.run(id, link.kind, link.id, link.label, link.url ?? null);
    // An upsert that updated keeps the row's rowid; one that inserted reports it.
    const rowid = previous ?? written.lastInsertRowid;
    this.insertFts.run(rowid, id, task.title, task.description, task.comments.map((c) => c.body).join('\n'));
  }
}
