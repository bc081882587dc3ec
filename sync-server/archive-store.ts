// The relay's relational archive (DESIGN "A bounded live document"; schema: db/schema.ts). Tasks
// that retention moved out of the live document live here with their folded state, their whole
// log (rejected events included, in log order) and a full-text index. Every write that touches
// more than one table runs in one transaction (callers may hold an outer one: better-sqlite3
// nests it as a savepoint), so the task row, its events and its FTS row never disagree.
// A retention run writes its rows in chunks, tagged with the generation it will flip to, before
// the flip (retention.ts): while it runs, reads leave those rows out (`pending`), and a relay that
// restarts after a kill deletes rows above the workspace's generation (`discardUnfinishedRuns`).
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

/** A task a retention run archives, with its whole log. */
export interface ArchivingTask {
  record: ArchivedTaskRecord;
  events: readonly { id: string }[];
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

/** FTS5's default automerge level. */
const FTS_AUTOMERGE = 4;

/** Ids per `IN (...)` list: well under SQLite's bound-parameter limit. */
const IN_CHUNK = 500;

export class ArchiveStore {
  private readonly statements;

  private readonly totalChanges;
  /** Workspaces with a retention run under way: the generation its rows carry (hidden from reads). */
  private readonly pending = new Map<string, number>();

  constructor(readonly sqlite: Database.Database) {
    this.totalChanges = sqlite.prepare<[], { n: number }>('SELECT total_changes() AS n');
    const columns = 'room, task_id, closed_at, archived_at, generation, created_at, updated_at, status, category, priority, type, queue, owner_id, origin, due_at, private, handoff_pending, tags, links';
    const values = columns.split(', ').map((c) => `@${c}`).join(', ');
    this.statements = {
      insertTask: sqlite.prepare(`INSERT INTO archived_tasks (${columns}) VALUES (${values})`),
      updateTask: sqlite.prepare(`UPDATE archived_tasks SET ${columns.split(', ').slice(2).map((c) => `${c} = @${c}`).join(', ')} WHERE room = @room AND task_id = @task_id`),
      rowOf: sqlite.prepare<[string, string, number], { rowid: number }>('SELECT rowid FROM archived_tasks WHERE room = ? AND task_id = ? AND generation < ?'),
      anyRowOf: sqlite.prepare<[string, string], { rowid: number }>('SELECT rowid FROM archived_tasks WHERE room = ? AND task_id = ?'),
      task: sqlite.prepare<[string, string, number], TaskRow>(`SELECT ${ROW} WHERE a.room = ? AND a.task_id = ? AND a.generation < ?`),
      deleteTask: sqlite.prepare('DELETE FROM archived_tasks WHERE rowid = ?'),
      upsertState: sqlite.prepare('INSERT OR REPLACE INTO archived_states (rowid, state) VALUES (?, ?)'),
      deleteState: sqlite.prepare('DELETE FROM archived_states WHERE rowid = ?'),
      insertFts: sqlite.prepare('INSERT INTO archive_fts (rowid, title, description, comments, links, tags) VALUES (@rowid, @title, @description, @comments, @links, @tags)'),
      deleteFts: sqlite.prepare('DELETE FROM archive_fts WHERE rowid = ?'),
      insertTag: sqlite.prepare('INSERT OR IGNORE INTO archived_task_tags (task, tag) VALUES (?, ?)'),
      deleteTags: sqlite.prepare('DELETE FROM archived_task_tags WHERE task = ?'),
      insertEvent: sqlite.prepare('INSERT OR IGNORE INTO archived_events (room, task_id, event_id, position, json) VALUES (?, ?, ?, ?, ?)'),
      events: sqlite.prepare<[string, string], { json: string }>('SELECT json FROM archived_events WHERE room = ? AND task_id = ? ORDER BY position'),
      lastPosition: sqlite.prepare<[string, string], { p: number | null }>('SELECT max(position) AS p FROM archived_events WHERE room = ? AND task_id = ?'),
      deleteEvents: sqlite.prepare('DELETE FROM archived_events WHERE room = ? AND task_id = ?'),
      count: sqlite.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM archived_tasks WHERE room = ? AND generation < ?'),
      insertSuggestion: sqlite.prepare('INSERT OR REPLACE INTO archived_suggestions (room, suggestion_id, signal_key, status, events, archived_at, generation) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      deleteSuggestion: sqlite.prepare('DELETE FROM archived_suggestions WHERE room = ? AND suggestion_id = ?'),
      suggestion: sqlite.prepare<[string, string, number], { status: string; events: string }>('SELECT status, events FROM archived_suggestions WHERE room = ? AND suggestion_id = ? AND generation < ?'),
      hasSuggestion: sqlite.prepare<[string, string, number], { one: number }>('SELECT 1 AS one FROM archived_suggestions WHERE room = ? AND suggestion_id = ? AND generation < ?'),
      suggestionBySignal: sqlite.prepare<[string, string, number], { suggestion_id: string; status: string }>('SELECT suggestion_id, status FROM archived_suggestions WHERE room = ? AND signal_key = ? AND generation < ? LIMIT 1'),
      suggestionCount: sqlite.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM archived_suggestions WHERE room = ? AND generation < ?'),
    };
  }

  /**
   * FTS5 merges its index segments a little after every commit (automerge). A retention run commits
   * hundreds of chunks, and that merging was much of each commit: the run pauses it and merges in
   * bounded steps afterwards (`mergeFtsStep`). The setting is stored in the file, so a relay that
   * was killed mid-run resumes it when it starts.
   */
  pauseFtsMerging(): void {
    this.sqlite.prepare("INSERT INTO archive_fts(archive_fts, rank) VALUES('automerge', 0)").run();
  }

  resumeFtsMerging(): void {
    this.sqlite.prepare(`INSERT INTO archive_fts(archive_fts, rank) VALUES('automerge', ${FTS_AUTOMERGE})`).run();
  }

  /** Merges up to `pages` pages of the FTS index; false once there was nothing left to merge. */
  mergeFtsStep(pages = 256): boolean {
    const before = this.totalChanges.get()?.n ?? 0;
    this.sqlite.prepare("INSERT INTO archive_fts(archive_fts, rank) VALUES('merge', ?)").run(pages);
    // FTS5's documented test: the command itself counts one change; less than two means no work.
    return (this.totalChanges.get()?.n ?? 0) - before >= 2;
  }

  /** Reads see rows below this generation: all of them, unless a run is writing the next one. */
  visibleBelow(room: string): number {
    return this.pending.get(room) ?? Number.MAX_SAFE_INTEGER;
  }

  /** A retention run starts writing rows for `generation`; they stay hidden until `endRun`. */
  beginRun(room: string, generation: number): void {
    this.pending.set(room, generation);
  }

  /** Call right after the transaction that flips the generation commits (the rows become visible), or after a rollback. */
  endRun(room: string): void {
    this.pending.delete(room);
  }

  /**
   * Deletes the rows of runs that never flipped their generation (a relay killed mid-run, or a run
   * that failed): rows above the workspace's current generation. Returns how many tasks went.
   */
  discardUnfinishedRuns(room?: string): number {
    const current = "coalesce((SELECT g.generation FROM room_generations g WHERE g.room = t.room), 0)";
    const where = `t.generation > ${current}${room === undefined ? '' : ' AND t.room = @room'}`;
    const params: Record<string, string> = room === undefined ? {} : { room };
    return this.transaction(() => {
      const rows = this.sqlite.prepare<Record<string, string>, { rowid: number; room: string; task_id: string }>(`SELECT t.rowid AS rowid, t.room AS room, t.task_id AS task_id FROM archived_tasks t WHERE ${where}`).all(params);
      for (const row of rows) this.deleteRow(row.rowid, row.room, row.task_id);
      this.sqlite.prepare(`DELETE FROM archived_suggestions AS t WHERE ${where}`).run(params);
      return rows.length;
    });
  }

  transaction<T>(run: () => T): T {
    return this.sqlite.transaction(run)();
  }

  has(room: string, taskId: string): boolean {
    return this.statements.rowOf.get(room, taskId, this.visibleBelow(room)) !== undefined;
  }

  /** Which of these task ids are archived: one query per few hundred ids, not one per id. */
  archivedAmong(room: string, taskIds: readonly string[]): Set<string> {
    return this.idsAmong('archived_tasks', 'task_id', room, taskIds);
  }

  /** Which of these suggestion ids are archived. */
  archivedSuggestionsAmong(room: string, ids: readonly string[]): Set<string> {
    return this.idsAmong('archived_suggestions', 'suggestion_id', room, ids);
  }

  private idsAmong(table: string, column: string, room: string, ids: readonly string[]): Set<string> {
    const found = new Set<string>();
    const below = this.visibleBelow(room);
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const chunk = ids.slice(i, i + IN_CHUNK);
      const statement = this.sqlite.prepare<unknown[], { id: string }>(`SELECT ${column} AS id FROM ${table} WHERE room = ? AND generation < ? AND ${column} IN (${chunk.map(() => '?').join(', ')})`);
      for (const row of statement.all(room, below, ...chunk)) found.add(row.id);
    }
    return found;
  }

  hasSuggestion(room: string, suggestionId: string): boolean {
    return this.statements.hasSuggestion.get(room, suggestionId, this.visibleBelow(room)) !== undefined;
  }

  count(room: string): number {
    return this.statements.count.get(room, this.visibleBelow(room))?.n ?? 0;
  }

  suggestionCount(room: string): number {
    return this.statements.suggestionCount.get(room, this.visibleBelow(room))?.n ?? 0;
  }

  private columns(room: string, record: ArchivedTaskRecord, generation = 0): Record<string, unknown> {
    const { state } = record;
    return {
      room, task_id: record.taskId, closed_at: record.closedAt, archived_at: record.archivedAt, generation,
      created_at: stampTime(state.createdAt), updated_at: stampTime(state.updatedAt), status: state.status, category: state.category,
      priority: state.priority, type: state.type, queue: state.queue, owner_id: state.ownerId, origin: state.origin,
      due_at: ms(state.dueAt), private: state.private ? 1 : 0, handoff_pending: state.handoff && !state.handoff.acknowledged ? 1 : 0,
      tags: JSON.stringify(state.tags), links: JSON.stringify(state.links),
    };
  }

  /** Archives one task with its whole log (events in log order). */
  insertTask(room: string, record: ArchivedTaskRecord, events: readonly { id: string }[], generation = 0): void {
    this.transaction(() => this.writeTask(room, record, events, generation));
  }

  /**
   * A retention run's chunk: these tasks, in one transaction, tagged with the run's generation. A
   * row already there for one of them (a run that failed before a restart cleaned up) is replaced.
   */
  archiveTasks(room: string, tasks: readonly ArchivingTask[], generation: number): void {
    this.transaction(() => {
      const stale = this.idsAmongAll(room, tasks.map((t) => t.record.taskId));
      for (const { record, events } of tasks) {
        if (stale.has(record.taskId)) this.removeTask(room, record.taskId);
        this.writeTask(room, record, events, generation);
      }
    });
  }

  private idsAmongAll(room: string, taskIds: readonly string[]): Set<string> {
    const found = new Set<string>();
    for (let i = 0; i < taskIds.length; i += IN_CHUNK) {
      const chunk = taskIds.slice(i, i + IN_CHUNK);
      const rows = this.sqlite.prepare<unknown[], { id: string }>(`SELECT task_id AS id FROM archived_tasks WHERE room = ? AND task_id IN (${chunk.map(() => '?').join(', ')})`).all(room, ...chunk);
      for (const row of rows) found.add(row.id);
    }
    return found;
  }

  private writeTask(room: string, record: ArchivedTaskRecord, events: readonly { id: string }[], generation: number): void {
    const { lastInsertRowid } = this.statements.insertTask.run(this.columns(room, record, generation));
    this.statements.upsertState.run(lastInsertRowid, JSON.stringify(record.state));
    this.statements.insertFts.run({ rowid: lastInsertRowid, ...searchText(record.state) });
    this.writeTags(lastInsertRowid, record.state);
    events.forEach((event, position) => this.statements.insertEvent.run(room, record.taskId, event.id, position, JSON.stringify(event)));
  }

  private writeTags(rowid: number | bigint, state: TaskState): void {
    for (const tag of state.tags) this.statements.insertTag.run(rowid, tag);
  }

  /** A new fold of an archived task, with the events that were added to its log. */
  updateTask(room: string, record: ArchivedTaskRecord, added: readonly { id: string }[]): void {
    this.transaction(() => {
      const row = this.statements.rowOf.get(room, record.taskId, this.visibleBelow(room));
      if (!row) throw new Error(`task ${record.taskId} is not archived`);
      this.statements.updateTask.run(this.columns(room, record));
      this.statements.upsertState.run(row.rowid, JSON.stringify(record.state));
      this.statements.deleteFts.run(row.rowid);
      this.statements.insertFts.run({ rowid: row.rowid, ...searchText(record.state) });
      this.statements.deleteTags.run(row.rowid);
      this.writeTags(row.rowid, record.state);
      let position = (this.statements.lastPosition.get(room, record.taskId)?.p ?? -1) + 1;
      for (const event of added) this.statements.insertEvent.run(room, record.taskId, event.id, position++, JSON.stringify(event));
    });
  }

  /** Deletes a task's rows, whichever run wrote them. */
  removeTask(room: string, taskId: string): void {
    this.transaction(() => {
      const row = this.statements.anyRowOf.get(room, taskId);
      if (row) this.deleteRow(row.rowid, room, taskId);
    });
  }

  private deleteRow(rowid: number, room: string, taskId: string): void {
    this.statements.deleteFts.run(rowid);
    this.statements.deleteTags.run(rowid);
    this.statements.deleteState.run(rowid);
    this.statements.deleteTask.run(rowid);
    this.statements.deleteEvents.run(room, taskId);
  }

  getTask(room: string, taskId: string): { record: ArchivedTaskRecord; events: Record<string, unknown>[] } | null {
    const row = this.statements.task.get(room, taskId, this.visibleBelow(room));
    if (!row) return null;
    return { record: recordOf(row), events: this.events(room, taskId) };
  }

  events(room: string, taskId: string): Record<string, unknown>[] {
    return this.statements.events.all(room, taskId).map((e) => JSON.parse(e.json) as Record<string, unknown>);
  }

  insertSuggestion(room: string, record: ArchivedSuggestionRecord, generation = 0): void {
    this.statements.insertSuggestion.run(room, record.suggestionId, record.signalKey, record.status, JSON.stringify(record.events), record.archivedAt, generation);
  }

  /** An archived suggestion's status and log, or null. */
  getSuggestion(room: string, suggestionId: string): { status: string; events: unknown[] } | null {
    const row = this.statements.suggestion.get(room, suggestionId, this.visibleBelow(room));
    return row ? { status: row.status, events: JSON.parse(row.events) as unknown[] } : null;
  }

  removeSuggestion(room: string, suggestionId: string): void {
    this.statements.deleteSuggestion.run(room, suggestionId);
  }

  /** An archived suggestion made from this signal (signal intake stays idempotent across the archive). */
  suggestionBySignal(room: string, signalKey: string): { suggestionId: string; status: string } | null {
    const row = this.statements.suggestionBySignal.get(room, signalKey, this.visibleBelow(room));
    return row ? { suggestionId: row.suggestion_id, status: row.status } : null;
  }

  /** Every archived task of a room with its log, oldest closed first (export). */
  *all(room: string): Generator<{ record: ArchivedTaskRecord; events: Record<string, unknown>[] }> {
    const rows = this.sqlite.prepare<[string, number], TaskRow>(`SELECT ${ROW} WHERE a.room = ? AND a.generation < ? ORDER BY a.closed_at, a.task_id`).all(room, this.visibleBelow(room));
    for (const row of rows) yield { record: recordOf(row), events: this.events(room, row.task_id) };
  }
}

/** The columns of a record, from archived_tasks `a` with its state; append a WHERE clause. */
export const ROW = 'a.rowid AS rowid, a.task_id AS task_id, s.state AS state, a.closed_at AS closed_at, a.archived_at AS archived_at FROM archived_tasks a JOIN archived_states s ON s.rowid = a.rowid';

export function recordOf(row: TaskRow): ArchivedTaskRecord {
  return { taskId: row.task_id, state: JSON.parse(row.state) as TaskState, closedAt: row.closed_at, archivedAt: row.archived_at };
}
