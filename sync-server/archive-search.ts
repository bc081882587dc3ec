// Archive search: the filter bar's query language (src-shared/domain/query.ts) over archived_tasks.
// Each term becomes SQL on the columns the archive keeps beside the state (free text: the FTS5
// trigram index, which matches substrings case-insensitively as the filter bar does), so a page and
// its total come from indexes, not from parsing 90,000 states. The rule stays in one place: every
// row of a page is checked again with matchesQuery on its folded state before it is returned.
// Pages are newest closed first; the cursor is `<closed_at>:<task_id>` of the last row sent.
import type Database from 'better-sqlite3';
import { dueBounds, startOfLocalWeek, startOfNextLocalWeek } from '../src-shared/domain/due';
import { matchesQuery, parseQuery, type QueryContext, type QueryError, type QueryTerm } from '../src-shared/domain/query';
import { CLOSED_CATEGORIES, OPEN_CATEGORIES } from '../src-shared/domain/statuses';
import type { Result } from '../src-shared/domain/types';
import { recordOf, ROW, type ArchivedTaskRecord } from './archive-store';

export interface ArchiveSearch {
  q: string;
  before: string | null;
  limit: number;
  me: string;
  now: number;
}

export interface ArchivePage {
  records: ArchivedTaskRecord[];
  next: string | null;
  total: number;
}

interface Clause {
  sql: string;
  params: unknown[];
}

const FALSE: Clause = { sql: '0', params: [] };
const inList = (column: string, values: readonly string[]): Clause => ({ sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: [...values] });

/** The local week (Monday on) that holds the day YYYY-MM-DD, as query.ts's `created:` / `closed:` mean it. */
function weekOf(day: string): [number, number] {
  const at = Date.parse(`${day}T12:00:00`);
  return [startOfLocalWeek(at), startOfNextLocalWeek(at)];
}

function textClause(needle: string): Clause {
  // Trigrams cannot match fewer than three characters: those scan the FTS table's text instead.
  if ([...needle].length >= 3) return { sql: 'a.rowid IN (SELECT rowid FROM archive_fts WHERE archive_fts MATCH ?)', params: [`"${needle.replaceAll('"', '""')}"`] };
  const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const columns = ['title', 'description', 'comments', 'links', 'tags'].map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ');
  return { sql: `a.rowid IN (SELECT rowid FROM archive_fts WHERE ${columns})`, params: Array(5).fill(like) };
}

function valueClause(key: QueryTerm['key'], value: string, context: ArchiveSearch): Clause {
  switch (key) {
    case 'owner':
      if (value === 'me') return { sql: 'a.owner_id = ?', params: [context.me] };
      if (value === 'none') return { sql: 'a.owner_id IS NULL', params: [] };
      return { sql: 'a.owner_id = ?', params: [value] };
    case 'status':
      if (value === 'open') return inList('a.category', OPEN_CATEGORIES);
      return { sql: '(a.status = ? OR a.category = ?)', params: [value, value] };
    case 'priority':
      return { sql: 'a.priority = ?', params: [value] };
    case 'type':
      return { sql: 'a.type = ?', params: [value] };
    case 'queue':
      return { sql: 'a.queue = ?', params: [value] };
    case 'origin':
      return { sql: 'a.origin = ?', params: [value] };
    case 'tag':
      // The tag's rows in archived_task_tags (an index read), not a scan of every task's tag array.
      return tagClause([value]);
    case 'link': {
      const [kind, ...rest] = value.split(':');
      const id = rest.join(':');
      return {
        sql: "EXISTS (SELECT 1 FROM json_each(a.links) j WHERE json_extract(j.value, '$.kind') = ? AND (? = '' OR json_extract(j.value, '$.id') = ?))",
        params: [kind, id, id],
      };
    }
    case 'due': {
      const bounds = dueBounds(context.now);
      if (value === 'none') return { sql: 'a.due_at IS NULL', params: [] };
      // Overdue means open and due before now; an archived task is closed.
      if (value === 'overdue') return { sql: `(${inList('a.category', OPEN_CATEGORIES).sql} AND a.due_at < ?)`, params: [...OPEN_CATEGORIES, context.now] };
      const [from, to] = value === 'today' ? [bounds.today, bounds.tomorrow] : value === 'tomorrow' ? [bounds.tomorrow, bounds.dayAfter] : [bounds.today, bounds.nextWeek];
      return { sql: '(a.due_at >= ? AND a.due_at < ?)', params: [from, to] };
    }
    case 'is':
      switch (value) {
        case 'open': return inList('a.category', OPEN_CATEGORIES);
        case 'closed': return inList('a.category', CLOSED_CATEGORIES);
        case 'unassigned': return { sql: 'a.owner_id IS NULL', params: [] };
        case 'private': return { sql: 'a.private = 1', params: [] };
        case 'handoff': return { sql: 'a.handoff_pending = 1', params: [] };
        case 'approval': return { sql: "a.category = 'approval'", params: [] };
        // A closed task is never snoozed (closing clears it), and nothing blocks what is archived.
        default: return FALSE;
      }
    case 'watching':
      // Rarely asked of the archive: read from the folded state rather than kept as a column.
      return { sql: "EXISTS (SELECT 1 FROM archived_states w, json_each(w.state, '$.watchers') WHERE w.rowid = a.rowid AND json_each.value = ?)", params: [value === 'me' ? context.me : value] };
    case 'created': {
      const [from, to] = weekOf(value);
      return { sql: '(a.created_at >= ? AND a.created_at < ?)', params: [from, to] };
    }
    case 'closed': {
      // As query.ts: a closed task's last change is when it closed.
      const [from, to] = weekOf(value);
      return { sql: `(${inList('a.category', CLOSED_CATEGORIES).sql} AND a.updated_at >= ? AND a.updated_at < ?)`, params: [...CLOSED_CATEGORIES, from, to] };
    }
    case 'text':
      return textClause(value);
  }
}

/** A tag term's rows: all its values in one index read, so a positive one can drive the query by rowid. */
function tagClause(values: readonly string[]): Clause {
  return { sql: `a.rowid IN (SELECT t.task FROM archived_task_tags t WHERE t.tag IN (${values.map(() => '?').join(', ')}))`, params: [...values] };
}

function termClause(term: QueryTerm, context: ArchiveSearch): Clause {
  const parts = term.key === 'tag' ? [tagClause(term.values)] : term.values.map((value) => valueClause(term.key, value, context));
  const sql = `(${parts.map((p) => p.sql).join(' OR ')})`;
  // SQL's NULL is not false: `NOT (owner_id = ?)` would drop the unassigned tasks a negation keeps.
  return { sql: term.negated ? `NOT coalesce(${sql}, 0)` : sql, params: parts.flatMap((p) => p.params) };
}

function parseCursor(before: string | null): { closedAt: number; taskId: string } | null {
  if (before === null) return null;
  const colon = before.indexOf(':');
  const closedAt = Number(before.slice(0, colon));
  if (colon <= 0 || !Number.isSafeInteger(closedAt)) throw new CursorError();
  return { closedAt, taskId: before.slice(colon + 1) };
}

export class CursorError extends Error {
  constructor() {
    super('before: not a cursor this relay gave out');
  }
}

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prepared(sqlite: Database.Database, text: string): Database.Statement {
  let statements = cache.get(sqlite);
  if (!statements) cache.set(sqlite, (statements = new Map()));
  let statement = statements.get(text);
  if (!statement) {
    statement = sqlite.prepare(text);
    if (statements.size > 500) statements.clear();
    statements.set(text, statement);
  }
  return statement;
}

/** A free-text needle as an FTS5 phrase (trigrams: substrings, case-insensitive); null below three characters. */
function ftsPhrase(needle: string): string | null {
  return [...needle].length < 3 ? null : `"${needle.replaceAll('"', '""')}"`;
}

/**
 * The query's positive free-text terms as ONE FTS5 expression (their AND): the index is read once
 * for all of them. Null when no term qualifies (negated, several values, under three characters).
 */
function ftsFilter(terms: readonly QueryTerm[]): { match: string | null; textOnly: boolean; exact: Set<QueryTerm> } {
  const phrases: string[] = [];
  const exact = new Set<QueryTerm>();
  let textOnly = terms.length > 0;
  for (const term of terms) {
    const single = term.values.length === 1 && !term.negated ? term.values[0]! : null;
    const phrase = single !== null && term.key === 'text' ? ftsPhrase(single) : null;
    if (phrase) {
      phrases.push(phrase);
      exact.add(term);
    } else textOnly = false;
  }
  return { match: phrases.length > 0 ? phrases.join(' AND ') : null, textOnly, exact };
}

/** Does this room hold every archived row (the usual relay)? Two reads at the ends of an index. */
function soleRoom(sqlite: Database.Database, room: string): boolean {
  const first = prepared(sqlite, 'SELECT room FROM archived_tasks ORDER BY room LIMIT 1').get() as { room: string } | undefined;
  const last = prepared(sqlite, 'SELECT room FROM archived_tasks ORDER BY room DESC LIMIT 1').get() as { room: string } | undefined;
  return first?.room === room && last?.room === room;
}

/**
 * Free text that leaves a page's walk of the closed-date index at most DENSE_FTS rows long (about
 * limit × rows / matches): checking those rows one by one (an FTS seek each, ~40 µs) beats reading
 * every match out of the index first.
 */
const DENSE_FTS = 256;

/** About how many rows the archive holds (the highest rowid: rowids only grow), for choosing a plan. */
function rowCount(sqlite: Database.Database): number {
  return (prepared(sqlite, 'SELECT max(rowid) AS n FROM archived_tasks').get() as { n: number | null }).n ?? 0;
}

/** A page's rowids (`from`: FROM ... WHERE ...), then the states of those rows only. */
function pageRows(sqlite: Database.Database, from: string, params: unknown[]): Parameters<typeof recordOf>[0][] {
  return prepared(sqlite, `WITH paged AS (SELECT a.rowid AS rowid ${from} ORDER BY a.closed_at DESC, a.task_id DESC LIMIT ?)
    SELECT ${ROW} JOIN paged p ON p.rowid = a.rowid ORDER BY a.closed_at DESC, a.task_id DESC`).all(...params) as Parameters<typeof recordOf>[0][];
}

/**
 * `visibleBelow`: rows of this generation and above belong to a retention run under way
 * (archive-store.ts) and are left out.
 */
export function searchArchive(sqlite: Database.Database, room: string, search: ArchiveSearch, visibleBelow = Number.MAX_SAFE_INTEGER): Result<ArchivePage, QueryError> {
  const parsed = parseQuery(search.q);
  if (!parsed.ok) return parsed;
  const { terms } = parsed.value;
  const fts = ftsFilter(terms);
  // A text term the FTS expression holds exactly needs no clause of its own.
  const rest = terms.filter((term) => !(term.key === 'text' && fts.exact.has(term)));
  const clauses = [
    ...rest.map((term) => termClause(term, search)),
    ...(visibleBelow < Number.MAX_SAFE_INTEGER ? [{ sql: 'a.generation < ?', params: [visibleBelow] }] : []),
  ];
  // Row sets from an index (FTS, tags) that a count or a small page can read by rowid instead of
  // walking every row of the room (SQLite, without statistics, takes `room = ?` as selective).
  const drivenByTag = rest.some((term) => term.key === 'tag' && !term.negated);
  const driven = fts.match !== null || drivenByTag;
  const inFts: Clause[] = fts.match ? [{ sql: 'a.rowid IN (SELECT rowid FROM archive_fts WHERE archive_fts MATCH ?)', params: [fts.match] }] : [];
  const where = (text: Clause[]) => ['a.room = ?', ...clauses.map((c) => c.sql), ...text.map((c) => c.sql)].join(' AND ');
  const params = (text: Clause[]) => [room, ...clauses.flatMap((c) => c.params), ...text.flatMap((c) => c.params)];
  const cursor = parseCursor(search.before);
  const cursorParams = cursor ? [cursor.closedAt, cursor.closedAt, cursor.taskId] : [];
  const page = cursor ? '(a.closed_at < ? OR (a.closed_at = ? AND a.task_id < ?))' : '1';
  // The total: straight from the full-text index when the query is free text alone and every
  // archived row is this room's and visible (FTS rows and task rows are written together).
  const total = fts.textOnly && fts.match && visibleBelow === Number.MAX_SAFE_INTEGER && soleRoom(sqlite, room)
    ? (prepared(sqlite, 'SELECT count(*) AS n FROM archive_fts WHERE archive_fts MATCH ?').get(fts.match) as { n: number }).n
    : (prepared(sqlite, `SELECT count(*) AS n FROM archived_tasks a ${drivenByTag ? 'NOT INDEXED ' : ''}WHERE ${where(inFts)}`).get(...params(inFts)) as { n: number }).n;
  // The page, newest closed first. Few matches: read them by rowid and sort them. Many: walk the
  // closed-date index and stop after a page; free text is then checked row by row (an FTS seek by
  // rowid) only while the walk lasts, instead of reading every match out of the index first.
  const rows = total === 0 ? [] : (() => {
    const all = rowCount(sqlite);
    // Reading the matches by rowid costs about as much per match as walking costs per 4 rows (a
    // walk visits about limit × all / total rows before it has a page).
    const few = driven && 4 * total * total < search.limit * all;
    // Other terms thin out the rows the walk checks against FTS: a longer walk is worth it then.
    const dense = !few && fts.match !== null && total * (clauses.length > 0 ? DENSE_FTS * 4 : DENSE_FTS) >= search.limit * all;
    const text = dense ? [{ sql: 'EXISTS (SELECT 1 FROM archive_fts f WHERE f.rowid = a.rowid AND archive_fts MATCH ?)', params: [fts.match] }] : inFts;
    const from = few ? 'archived_tasks a NOT INDEXED' : dense ? 'archived_tasks a INDEXED BY archived_tasks_room_closed' : 'archived_tasks a';
    return pageRows(sqlite, `FROM ${from} WHERE ${where(text)} AND ${page}`, [...params(text), ...cursorParams, search.limit]);
  })();
  const context: QueryContext = { me: search.me, now: search.now, isBlocked: () => false, bounds: dueBounds(search.now) };
  const records = rows.map(recordOf).filter((record) => matchesQuery(parsed.value, record.state, context));
  const last = rows.at(-1);
  return { ok: true, value: { records, next: rows.length === search.limit && last ? `${last.closed_at}:${last.task_id}` : null, total } };
}
