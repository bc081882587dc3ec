// Read side of the projection: what the first screen and the fast lists need,
// answered from SQLite without loading the Yjs document.
import { CLOSED_CATEGORIES } from '../../src-shared/domain/statuses';
import type { TaskState, UserId } from '../../src-shared/domain/types';
import type { Sqlite } from './open-database';

// "Open" and "overdue" are defined once, in src-shared/domain/due.ts (isOpen, isOverdue); this is
// the same predicate in SQL, built from the same category list. tests/main/overdue-sql.test.ts checks
// that overdue() selects exactly the tasks isOverdue does (minus snoozed ones, which wake later).
// due_at is always written as toISOString() (UTC, fixed width), so comparing strings compares instants.
const OPEN = `category NOT IN (${CLOSED_CATEGORIES.map((category) => `'${category}'`).join(', ')})`;
const parseRows = (rows: unknown[]): TaskState[] => (rows as { state_json: string }[]).map((r) => JSON.parse(r.state_json) as TaskState);

/**
 * Turns what an operator typed into a safe FTS5 query: every word becomes a
 * quoted prefix term, all must match. No FTS syntax from the user reaches SQLite.
 */
export function toFtsQuery(text: string): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

/** The columns a list row shows: enough to paint the first screen without parsing folded states. */
export interface TaskRow {
  id: string;
  title: string;
  status: string;
  category: string;
  priority: string;
  type: string;
  queue: string | null;
  ownerId: string | null;
  dueAt: string | null;
  snoozeUntil: string | null;
  updatedAt: string;
}

const ROW_COLUMNS = `id, title, status, category, priority, type, queue, owner_id AS ownerId, due_at AS dueAt,
  snooze_until AS snoozeUntil, updated_at AS updatedAt`;

export class TaskQueries {
  constructor(private readonly sqlite: Sqlite) {}

  /** Every task, for the first render before Yjs is loaded. */
  all(): TaskState[] {
    return parseRows(this.sqlite.prepare('SELECT state_json FROM tasks').all());
  }

  count(): number {
    return (this.sqlite.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n;
  }

  get(id: string): TaskState | null {
    const row = this.sqlite.prepare('SELECT state_json FROM tasks WHERE id = ?').get(id);
    return row ? parseRows([row])[0]! : null;
  }

  /** Open tasks owned by `owner` whose due time has passed, oldest first. Snoozed ones are not due until they wake. */
  overdue(now: Date, owner?: UserId): TaskState[] {
    const instant = now.toISOString();
    const params: unknown[] = [instant, instant];
    let sql = `SELECT state_json FROM tasks WHERE ${OPEN} AND due_at IS NOT NULL AND due_at < ?
      AND (snooze_until IS NULL OR snooze_until <= ?)`;
    if (owner !== undefined) {
      sql += ' AND owner_id = ?';
      params.push(owner);
    }
    return parseRows(this.sqlite.prepare(`${sql} ORDER BY due_at`).all(...params));
  }

  /** My Day: my open tasks that are overdue, due before `endOfDay`, or have no due date. */
  myDay(owner: UserId, endOfDay: Date): TaskState[] {
    return parseRows(
      this.sqlite
        .prepare(`SELECT state_json FROM tasks WHERE ${OPEN} AND owner_id = ? AND (due_at IS NULL OR due_at < ?)
          ORDER BY due_at IS NULL, due_at, id`)
        .all(owner, endOfDay.toISOString()),
    );
  }

  /** My Day as list rows (the first screen): same selection and order as myDay. */
  myDayRows(owner: UserId, endOfDay: Date): TaskRow[] {
    return this.sqlite
      .prepare(`SELECT ${ROW_COLUMNS} FROM tasks WHERE ${OPEN} AND owner_id = ? AND (due_at IS NULL OR due_at < ?)
        ORDER BY due_at IS NULL, due_at, id`)
      .all(owner, endOfDay.toISOString()) as TaskRow[];
  }

  /** Open tasks owned by `owner` falling due in [from, to): the notification scheduler's window. */
  dueBetween(owner: UserId, from: Date, to: Date): TaskState[] {
    return parseRows(
      this.sqlite
        .prepare(`SELECT state_json FROM tasks WHERE ${OPEN} AND owner_id = ? AND due_at >= ? AND due_at < ? ORDER BY due_at`)
        .all(owner, from.toISOString(), to.toISOString()),
    );
  }

  /** Full-text search over title, description and comments, best match first. */
  search(text: string, limit = 200): TaskState[] {
    const query = toFtsQuery(text);
    if (query === null) return [];
    return parseRows(
      this.sqlite
        .prepare(`SELECT t.state_json FROM task_fts f JOIN tasks t ON t.rowid = f.rowid
          WHERE task_fts MATCH ? ORDER BY bm25(task_fts) LIMIT ?`)
        .all(query, limit),
    );
  }

  /** Ids of tasks matching a search (for tests comparing against the folded state). */
  searchIds(text: string): string[] {
    const query = toFtsQuery(text);
    if (query === null) return [];
    return (this.sqlite.prepare('SELECT task_id FROM task_fts WHERE task_fts MATCH ?').all(query) as { task_id: string }[]).map(
      (r) => r.task_id,
    );
  }

  withTag(tag: string): string[] {
    return (this.sqlite.prepare('SELECT task_id FROM task_tags WHERE tag = ? ORDER BY task_id').all(tag) as { task_id: string }[]).map(
      (r) => r.task_id,
    );
  }

  linkedTo(kind: string, entityId: string): string[] {
    return (
      this.sqlite.prepare('SELECT task_id FROM task_links WHERE kind = ? AND entity_id = ? ORDER BY task_id').all(kind, entityId) as {
        task_id: string;
      }[]
    ).map((r) => r.task_id);
  }
}
