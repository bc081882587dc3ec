// Opens (or creates) one workspace's SQLite file: WAL, FULL sync (a commit is
// on disk when it returns, so a local edit is durable before the command
// returns to the UI), numbered drizzle-kit migrations in one transaction.
//
// A file that SQLite cannot read (not a database, corrupt pages, failed
// quick_check) is never deleted or overwritten: it and its -wal/-shm are renamed
// to `<file>.corrupt-<time>` and a fresh file is created; the caller then rebuilds
// the replica from the relay (and from whatever `salvageUpdates` could read).
// A file written by a NEWER app version is refused, not "repaired".
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type Sqlite = Database.Database;
export type Orm = BetterSQLite3Database<typeof schema>;

export const DEFAULT_MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MovedAside {
  /** Where the unreadable file now is (its -wal/-shm sit beside it with the same suffixes). */
  movedTo: string;
  /** What SQLite said, for the message shown to the operator. */
  reason: string;
}

export interface OpenedDatabase {
  sqlite: Sqlite;
  orm: Orm;
  file: string;
  /** Set when the previous file was unreadable and a fresh one was created in its place. */
  movedAside: MovedAside | null;
  /** Migrations applied by this open (0 when the file was already current). */
  migrationsApplied: number;
}

export interface OpenDatabaseOptions {
  migrationsFolder?: string;
  /** Test hook: the clock used to name moved-aside files. */
  now?: () => Date;
  /**
   * Path of a better-sqlite3 addon built for this runtime's ABI. Electron passes
   * its own build (see README "Desktop app"); Node (tests) uses node_modules'.
   */
  nativeBinding?: string;
  /** Move the file aside before opening (a read after open found it corrupt); the reason is reported. */
  moveAsideReason?: string;
}

export class NewerSchemaError extends Error {
  constructor(file: string) {
    super(`${file} was written by a newer version of Handoff; update the app to open it (the file was left untouched).`);
    this.name = 'NewerSchemaError';
  }
}

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_IOERR_SHORT_READ']);

class CorruptDatabaseError extends Error {}

export function isCorruption(error: unknown): error is Error {
  if (error instanceof CorruptDatabaseError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CORRUPTION_CODES.has(code);
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const migrationsFolder = options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER;
  mkdirSync(path.dirname(file), { recursive: true });
  if (options.moveAsideReason !== undefined) {
    const movedTo = moveAside(file, (options.now ?? (() => new Date()))());
    return { ...openChecked(file, migrationsFolder, options.nativeBinding), movedAside: { movedTo, reason: options.moveAsideReason } };
  }
  try {
    return { ...openChecked(file, migrationsFolder, options.nativeBinding), movedAside: null };
  } catch (error) {
    if (!isCorruption(error)) throw error;
    const movedTo = moveAside(file, (options.now ?? (() => new Date()))());
    const fresh = openChecked(file, migrationsFolder, options.nativeBinding);
    return { ...fresh, movedAside: { movedTo, reason: error.message } };
  }
}

function openChecked(file: string, migrationsFolder: string, nativeBinding?: string): Omit<OpenedDatabase, 'movedAside'> {
  const sqlite = new Database(file, nativeBinding ? { nativeBinding } : {});
  try {
    // A new file gets incremental auto-vacuum (it can only be chosen before the
    // first table exists), so compaction can hand freed pages back to the disk.
    if (sqlite.pragma('page_count', { simple: true }) === 0) sqlite.pragma('auto_vacuum = INCREMENTAL');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // quick_check reads every page (~3 ms per MB): run it when the last session
    // did not close cleanly (a crash, a power cut), where a torn file is likely.
    // After a clean close, damage can only come from the medium, and SQLite
    // reports it on the read that meets it (SQLITE_CORRUPT): WorkspaceStore.load
    // then moves the file aside the same way.
    if (!closedCleanly(sqlite)) {
      const check = sqlite.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new CorruptDatabaseError(`integrity check failed: ${String(check)}`);
    }
    const orm = drizzle(sqlite, { schema });
    const migrationsApplied = applyMigrations(sqlite, orm, file, migrationsFolder);
    sqlite.prepare("INSERT INTO meta (key, value) VALUES ('clean_close', '0') ON CONFLICT(key) DO UPDATE SET value = '0'").run();
    return { sqlite, orm, file, migrationsApplied };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

function closedCleanly(sqlite: Sqlite): boolean {
  const hasMeta = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (!hasMeta) return false;
  return sqlite.prepare("SELECT value FROM meta WHERE key = 'clean_close'").pluck().get() === '1';
}

/** Marks a clean close (after the last write) and checkpoints the WAL into the main file. */
export function closeDatabase(sqlite: Sqlite): void {
  if (!sqlite.open) return;
  sqlite.prepare("INSERT INTO meta (key, value) VALUES ('clean_close', '1') ON CONFLICT(key) DO UPDATE SET value = '1'").run();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
}

function applyMigrations(sqlite: Sqlite, orm: Orm, file: string, migrationsFolder: string): number {
  const known = readMigrationFiles({ migrationsFolder });
  const newestKnown = Math.max(0, ...known.map((m) => m.folderMillis));
  const hasTable = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  const applied = hasTable
    ? (sqlite.prepare('SELECT created_at AS at FROM __drizzle_migrations').all() as { at: number | string }[]).map((r) => Number(r.at))
    : [];
  if (applied.some((at) => at > newestKnown)) throw new NewerSchemaError(file);
  migrate(orm, { migrationsFolder });
  const appliedSet = new Set(applied);
  return known.filter((m) => !appliedSet.has(m.folderMillis)).length;
}

function moveAside(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = `${file}.corrupt-${stamp}`;
  for (let n = 1; existsSync(target); n += 1) target = `${file}.corrupt-${stamp}-${n}`;
  // The main file last: if we die half-way, the next open still finds the
  // corrupt main file and moves the rest.
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  renameSync(file, target);
  return target;
}
