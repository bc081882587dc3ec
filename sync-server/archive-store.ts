// The relay's relational archive (DESIGN "A bounded live document"; schema: db/schema.ts). Tasks
// that retention moved out of the live document live here with their folded state, their whole
// log (rejected events included, in log order) and a full-text index. Every write that touches
// more than one table runs in one transaction (callers may hold an outer one: better-sqlite3
// nests it as a savepoint), so the task row, its events and its FTS row never disagree.
import type Database from 'better-sqlite3';
import { stampTime } from '../src-shared/domain/clock';
import type { TaskState } from '../src-shared/domain/types';

export interface ArchivedTaskRecord {
  taskId: string;
  state: TaskState;
  /** ms: when the event that closed the task was stamped. */
  closedAt: number;
  archivedAt: number;
}

export interface ArchivedSuggestionRecord {
  suggestionId: string;
  signalKey: string | null;
  status: string;
  events: unknown[];
  archivedAt: number;
}

interface TaskRow {
  rowid: number;
  task_id: string;
  state: string;
  closed_at: number;
  archived_at: number;
}

const ms = (instant: string | null): number | null => {
  if (instant === null) return null;
  const value = Date.parse(instant);
  return Number.isNaN(value) ? null : value;
};

/** What free text is searched in: the fields the filter bar's text match reads (query.ts). */
function searchText(state: TaskState): { title: string; description: string; comments: string; links: string; tags: string } {
  return {
    title: state.title,
    description: state.description,
    comments: state.comments.map((comment) => comment.body).join('\n'),
    links: state.links.map((link) => `${link.kind}:${link.id} ${link.label}`).join('\n'),
    tags: state.tags.join('\n'),
  };
}

export class ArchiveStore {
  private readonly statements;

  constructor(readonly sqlite: Database.Database) {
    const columns = 'room, task_id, closed_at, archived_at, created_at, updated_at, status, category, priority, type, queue, owner_id, origin, due_at, private, handoff_pending, tags, links';
    const values = columns.split(', ').map((c) => `@${c}`).join(', ');
    this.statements = {
      insertTask: sqlite.prepare(`INSERT INTO archived_tasks (${columns}) VALUES (${values})`),
      updateTask: sqlite.prepare(`UPDATE archived_tasks SET ${columns.split(', ').slice(2).map((c) => `${c} = @${c}`).join(', ')} WHERE room = @room AND task_id = @task_id`),
      rowOf: sqlite.prepare<[string, string], { rowid: number }>('SELECT rowid FROM archived_tasks WHERE room = ? AND task_id = ?'),
      task: sqlite.prepare<[string, string], TaskRow>(`SELECT ${ROW} WHERE a.room = ? AND a.task_id = ?`),
      deleteTask: sqlite.prepare('DELETE FROM archived_tasks WHERE rowid = ?'),
      upsertState: sqlite.prepare('INSERT OR REPLACE INTO archived_states (rowid, state) VALUES (?, ?)'),
      deleteState: sqlite.prepare('DELETE FROM archived_states WHERE rowid = ?'),
      insertFts: sqlite.prepare('INSERT INTO archive_fts (rowid, title, description, comments, links, tags) VALUES (@rowid, @title, @description, @comments, @links, @tags)'),
      deleteFts: sqlite.prepare('DELETE FROM archive_fts WHERE rowid = ?'),
      insertEvent: sqlite.prepare('INSERT OR IGNORE INTO archived_events (room, task_id, event_id, position, json) VALUES (?, ?, ?, ?, ?)'),
      events: sqlite.prepare<[string, string], { json: string }>('SELECT json FROM archived_events WHERE room = ? AND task_id = ? ORDER BY position'),
      lastPosition: sqlite.prepare<[string, string], { p: number | null }>('SELECT max(position) AS p FROM archived_events WHERE room = ? AND task_id = ?'),
      deleteEvents: sqlite.prepare('DELETE FROM archived_events WHERE room = ? AND task_id = ?'),
      count: sqlite.prepare<[string], { n: number }>('SELECT count(*) AS n FROM archived_tasks WHERE room = ?'),
      insertSuggestion: sqlite.prepare('INSERT OR REPLACE INTO archived_suggestions (room, suggestion_id, signal_key, status, events, archived_at) VALUES (?, ?, ?, ?, ?, ?)'),
      hasSuggestion: sqlite.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM archived_suggestions WHERE room = ? AND suggestion_id = ?'),
      suggestionBySignal: sqlite.prepare<[string, string], { suggestion_id: string; status: string }>('SELECT suggestion_id, status FROM archived_suggestions WHERE room = ? AND signal_key = ? LIMIT 1'),
      suggestionCount: sqlite.prepare<[string], { n: number }>('SELECT count(*) AS n FROM archived_suggestions WHERE room = ?'),
    };
  }

  transaction<T>(run: () => T): T {
    return this.sqlite.transaction(run)();
  }

  has(room: string, taskId: string): boolean {
    return this.statements.rowOf.get(room, taskId) !== undefined;
  }

  hasSuggestion(room: string, suggestionId: string): boolean {
    return this.statements.hasSuggestion.get(room, suggestionId) !== undefined;
  }

  count(room: string): number {
    return this.statements.count.get(room)?.n ?? 0;
  }

  suggestionCount(room: string): number {
    return this.statements.suggestionCount.get(room)?.n ?? 0;
  }

  private columns(room: string, record: ArchivedTaskRecord): Record<string, unknown> {
    const { state } = record;
    return {
      room, task_id: record.taskId, closed_at: record.closedAt, archived_at: record.archivedAt,
      created_at: stampTime(state.createdAt), updated_at: stampTime(state.updatedAt), status: state.status, category: state.category,
      priority: state.priority, type: state.type, queue: state.queue, owner_id: state.ownerId, origin: state.origin,
      due_at: ms(state.dueAt), private: state.private ? 1 : 0, handoff_pending: state.handoff && !state.handoff.acknowledged ? 1 : 0,
      tags: JSON.stringify(state.tags), links: JSON.stringify(state.links),
    };
  }

  /** Archives one task with its whole log (events in log order). */
  insertTask(room: string, record: ArchivedTaskRecord, events: readonly { id: string }[]): void {
    this.transaction(() => {
      const { lastInsertRowid } = this.statements.insertTask.run(this.columns(room, record));
      this.statements.upsertState.run(lastInsertRowid, JSON.stringify(record.state));
      this.statements.insertFts.run({ rowid: lastInsertRowid, ...searchText(record.state) });
      events.forEach((event, position) => this.statements.insertEvent.run(room, record.taskId, event.id, position, JSON.stringify(event)));
    });
  }

  /** A new fold of an archived task, with the events that were added to its log. */
  updateTask(room: string, record: ArchivedTaskRecord, added: readonly { id: string }[]): void {
    this.transaction(() => {
      const row = this.statements.rowOf.get(room, record.taskId);
      if (!row) throw new Error(`task ${record.taskId} is not archived`);
      this.statements.updateTask.run(this.columns(room, record));
      this.statements.upsertState.run(row.rowid, JSON.stringify(record.state));
      this.statements.deleteFts.run(row.rowid);
      this.statements.insertFts.run({ rowid: row.rowid, ...searchText(record.state) });
      let position = (this.statements.lastPosition.get(room, record.taskId)?.p ?? -1) + 1;
      for (const event of added) this.statements.insertEvent.run(room, record.taskId, event.id, position++, JSON.stringify(event));
    });
  }

  removeTask(room: string, taskId: string): void {
    this.transaction(() => {
      const row = this.statements.rowOf.get(room, taskId);
      if (!row) return;
      this.statements.deleteFts.run(row.rowid);
      this.statements.deleteState.run(row.rowid);
      this.statements.deleteTask.run(row.rowid);
      this.statements.deleteEvents.run(room, taskId);
    });
  }

  getTask(room: string, taskId: string): { record: ArchivedTaskRecord; events: Record<string, unknown>[] } | null {
    const row = this.statements.task.get(room, taskId);
    if (!row) return null;
    return { record: recordOf(row), events: this.events(room, taskId) };
  }

  events(room: string, taskId: string): Record<string, unknown>[] {
    return this.statements.events.all(room, taskId).map((e) => JSON.parse(e.json) as Record<string, unknown>);
  }

  insertSuggestion(room: string, record: ArchivedSuggestionRecord): void {
    this.statements.insertSuggestion.run(room, record.suggestionId, record.signalKey, record.status, JSON.stringify(record.events), record.archivedAt);
  }

  /** An archived suggestion made from this signal (signal intake stays idempotent across the archive). */
  suggestionBySignal(room: string, signalKey: string): { suggestionId: string; status: string } | null {
    const row = this.statements.suggestionBySignal.get(room, signalKey);
    return row ? { suggestionId: row.suggestion_id, status: row.status } : null;
  }

  /** Every archived task of a room with its log, oldest closed first (export). */
  *all(room: string): Generator<{ record: ArchivedTaskRecord; events: Record<string, unknown>[] }> {
    const rows = this.sqlite.prepare<[string], TaskRow>(`SELECT ${ROW} WHERE a.room = ? ORDER BY a.closed_at, a.task_id`).all(room);
    for (const row of rows) yield { record: recordOf(row), events: this.events(room, row.task_id) };
  }
}

/** The columns of a record, from archived_tasks `a` with its state; append a WHERE clause. */
export const ROW = 'a.rowid AS rowid, a.task_id AS task_id, s.state AS state, a.closed_at AS closed_at, a.archived_at AS archived_at FROM archived_tasks a JOIN archived_states s ON s.rowid = a.rowid';

export function recordOf(row: TaskRow): ArchivedTaskRecord {
  return { taskId: row.task_id, state: JSON.parse(row.state) as TaskState, closedAt: row.closed_at, archivedAt: row.archived_at };
}
