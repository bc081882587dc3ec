// Main's archive cache (migrations 0003_archive_cache, 0004_archive_cache_fts): archived tasks
// fetched from the relay's archive, kept in the workspace's SQLite so they still show offline, with
// a trigram FTS5 index (like the relay's archive_fts) so an offline search reads the rows its free
// text can match, not every cached row. Rows are checked against the contract's schemas on the way
// in (archive-client.ts) and again on the way out (a damaged row is skipped, not shown half-parsed);
// every answer goes through the query language's own matcher (searchCachedArchive).
import { archivedTaskState, searchCachedArchive } from '../../src-shared/domain/archived-task';
import { parseQuery } from '../../src-shared/domain/query';
import { ArchivedTaskResponseSchema, ArchivedTaskRowSchema, type ArchivedTaskResponse, type ArchivedTaskRow } from '../../src-shared/protocol/archive-api';
import type { Sqlite } from './open-database';

interface StoredRow { task_id: string; row: string; events: string | null }
export type CacheEntry = StoredRow & { closed_at: string; fetched_at: number };

const parseRow = (text: string): ArchivedTaskRow | null => {
  try {
    const parsed = ArchivedTaskRowSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

/** Trigrams cannot match fewer than three characters: such a needle narrows nothing (the matcher decides). */
const MIN_TRIGRAM = 3;

export class ArchiveCache {
  constructor(private readonly sqlite: Sqlite) {}

  /** Keep search rows (a row never drops the log an earlier open stored). */
  keepRows(rows: readonly ArchivedTaskRow[], now = Date.now()): void {
    const upsert = this.sqlite.prepare(`INSERT INTO archive_cache (task_id, row, events, closed_at, fetched_at) VALUES (?, ?, NULL, ?, ?)
      ON CONFLICT(task_id) DO UPDATE SET row = excluded.row, closed_at = excluded.closed_at, fetched_at = excluded.fetched_at`);
    this.sqlite.transaction(() => {
      for (const row of rows) {
        upsert.run(row.id, JSON.stringify(row), row.closedAt, now);
        this.index(row);
      }
    })();
  }

  keepTask(found: ArchivedTaskResponse, now = Date.now()): void {
    this.sqlite.transaction(() => {
      this.sqlite.prepare(`INSERT INTO archive_cache (task_id, row, events, closed_at, fetched_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(task_id) DO UPDATE SET row = excluded.row, events = excluded.events, closed_at = excluded.closed_at, fetched_at = excluded.fetched_at`)
        .run(found.task.id, JSON.stringify(found.task), JSON.stringify(found.events), found.task.closedAt, now);
      this.index(found.task);
    })();
  }

  /** A task that went live again (a reopen) is no longer shown as archived. */
  remove(taskId: string): void {
    this.sqlite.transaction(() => {
      const rowid = this.rowidOf(taskId);
      if (rowid === undefined) return;
      this.sqlite.prepare('DELETE FROM archive_cache_fts WHERE rowid = ?').run(rowid);
      this.sqlite.prepare('DELETE FROM archive_cache WHERE rowid = ?').run(rowid);
    })();
  }

  ids(): string[] {
    return this.sqlite.prepare('SELECT task_id FROM archive_cache').pluck().all() as string[];
  }

  /** Which of these ids the cache holds (one primary-key lookup each). */
  among(taskIds: readonly string[]): string[] {
    const held = this.sqlite.prepare('SELECT 1 FROM archive_cache WHERE task_id = ?').pluck();
    return taskIds.filter((id) => held.get(id) !== undefined);
  }

  rows(): ArchivedTaskRow[] {
    const stored = this.sqlite.prepare('SELECT task_id, row, events FROM archive_cache').all() as StoredRow[];
    return stored.map((s) => parseRow(s.row)).filter((row): row is ArchivedTaskRow => row !== null);
  }

  /**
   * The offline answer to an archive search, newest closed first: free-text needles of three or more
   * characters pick candidate rows through the FTS index, then the query language's matcher decides.
   */
  search(q: string, me: string, now: number): ArchivedTaskRow[] {
    const parsed = parseQuery(q);
    if (!parsed.ok) return [];
    const needles = parsed.value.terms
      .filter((term) => term.key === 'text' && !term.negated)
      .flatMap((term) => term.values)
      .filter((needle) => [...needle].length >= MIN_TRIGRAM);
    if (needles.length === 0) return searchCachedArchive(this.rows(), q, me, now);
    const where = needles.map(() => 'rowid IN (SELECT rowid FROM archive_cache_fts WHERE archive_cache_fts MATCH ?)').join(' AND ');
    const stored = this.sqlite.prepare(`SELECT task_id, row, events FROM archive_cache WHERE ${where}`)
      .all(...needles.map((needle) => `"${needle.replaceAll('"', '""')}"`)) as StoredRow[];
    const candidates = stored.map((s) => parseRow(s.row)).filter((row): row is ArchivedTaskRow => row !== null);
    return searchCachedArchive(candidates, q, me, now);
  }

  task(taskId: string): ArchivedTaskResponse | null {
    const stored = this.sqlite.prepare('SELECT task_id, row, events FROM archive_cache WHERE task_id = ?').get(taskId) as StoredRow | undefined;
    if (!stored?.events) return null;
    try {
      const parsed = ArchivedTaskResponseSchema.safeParse({ task: JSON.parse(stored.row), events: JSON.parse(stored.events) });
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Everything, for carrying the cache over to the next generation's file (indexed there). */
  copyTo(other: ArchiveCache): void {
    other.restore(this.entries());
  }

  /** Every stored entry as it is (a rebuild reads them before closing the file it replaces). */
  entries(): CacheEntry[] {
    return this.sqlite.prepare('SELECT task_id, row, events, closed_at, fetched_at FROM archive_cache').all() as CacheEntry[];
  }

  restore(entries: readonly CacheEntry[]): void {
    const insert = this.sqlite.prepare('INSERT OR REPLACE INTO archive_cache (task_id, row, events, closed_at, fetched_at) VALUES (?, ?, ?, ?, ?)');
    this.sqlite.transaction(() => {
      for (const s of entries) {
        const row = parseRow(s.row);
        if (!row) continue;
        insert.run(s.task_id, s.row, s.events, s.closed_at, s.fetched_at);
        this.index(row);
      }
    })();
  }

  private rowidOf(taskId: string): number | bigint | undefined {
    return this.sqlite.prepare('SELECT rowid FROM archive_cache WHERE task_id = ?').pluck().get(taskId) as number | bigint | undefined;
  }

  /** The row's FTS entry from its checked state (the fields the filter bar's free text reads). Call inside a transaction. */
  private index(row: ArchivedTaskRow): void {
    const rowid = this.rowidOf(row.id);
    if (rowid === undefined) return;
    const state = archivedTaskState(row.id, row.task);
    this.sqlite.prepare('DELETE FROM archive_cache_fts WHERE rowid = ?').run(rowid);
    this.sqlite.prepare('INSERT INTO archive_cache_fts (rowid, title, description, comments, links, tags) VALUES (?, ?, ?, ?, ?, ?)').run(
      rowid, state.title, state.description, state.comments.map((c) => c.body).join('\n'),
      state.links.map((l) => `${l.kind}:${l.id} ${l.label}`).join('\n'), state.tags.join('\n'),
    );
  }
}
