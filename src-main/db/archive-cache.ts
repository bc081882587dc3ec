// Main's archive cache (migration 0003_archive_cache): archived tasks fetched from the relay's
// archive, kept in the workspace's SQLite so they still show offline. Rows are checked against the
// contract's schemas on the way in (archive-client.ts) and again on the way out (a damaged row is
// skipped, not shown half-parsed).
import { ArchivedTaskResponseSchema, ArchivedTaskRowSchema, type ArchivedTaskResponse, type ArchivedTaskRow } from '../../src-shared/protocol/archive-api';
import type { Sqlite } from './open-database';

interface StoredRow { task_id: string; row: string; events: string | null }

const parseRow = (text: string): ArchivedTaskRow | null => {
  try {
    const parsed = ArchivedTaskRowSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

export class ArchiveCache {
  constructor(private readonly sqlite: Sqlite) {}

  /** Keep search rows (a row never drops the log an earlier open stored). */
  keepRows(rows: readonly ArchivedTaskRow[], now = Date.now()): void {
    const upsert = this.sqlite.prepare(`INSERT INTO archive_cache (task_id, row, events, closed_at, fetched_at) VALUES (?, ?, NULL, ?, ?)
      ON CONFLICT(task_id) DO UPDATE SET row = excluded.row, closed_at = excluded.closed_at, fetched_at = excluded.fetched_at`);
    this.sqlite.transaction(() => { for (const row of rows) upsert.run(row.id, JSON.stringify(row), row.closedAt, now); })();
  }

  keepTask(found: ArchivedTaskResponse, now = Date.now()): void {
    this.sqlite.prepare(`INSERT INTO archive_cache (task_id, row, events, closed_at, fetched_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(task_id) DO UPDATE SET row = excluded.row, events = excluded.events, closed_at = excluded.closed_at, fetched_at = excluded.fetched_at`)
      .run(found.task.id, JSON.stringify(found.task), JSON.stringify(found.events), found.task.closedAt, now);
  }

  rows(): ArchivedTaskRow[] {
    const stored = this.sqlite.prepare('SELECT task_id, row, events FROM archive_cache').all() as StoredRow[];
    return stored.map((s) => parseRow(s.row)).filter((row): row is ArchivedTaskRow => row !== null);
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

  /** Everything, for carrying the cache over to the next generation's file. */
  copyTo(other: ArchiveCache): void {
    const stored = this.sqlite.prepare('SELECT task_id, row, events, closed_at, fetched_at FROM archive_cache').all() as (StoredRow & { closed_at: string; fetched_at: number })[];
    const insert = other.sqlite.prepare('INSERT OR REPLACE INTO archive_cache (task_id, row, events, closed_at, fetched_at) VALUES (?, ?, ?, ?, ?)');
    other.sqlite.transaction(() => { for (const s of stored) insert.run(s.task_id, s.row, s.events, s.closed_at, s.fetched_at); })();
  }
}
