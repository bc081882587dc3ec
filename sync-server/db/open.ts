// Opens (creating if needed) the relay's SQLite database, applies its drizzle-kit migrations and
// sets the durability pragmas. Only this folder, persistence/auth and serve-lock.ts
// (its lock database) import better-sqlite3.
//
// Durability: WAL with synchronous=FULL by default. In WAL mode FULL fsyncs the WAL on every
// commit, so a committed update survives power loss as well as kill -9; NORMAL only survives a
// process crash (the WAL is synced at checkpoints). Because the relay group-commits every update
// that arrived in one event-loop turn in one transaction, FULL costs one fsync per turn, not per
// update; `synchronous: 'NORMAL'` is available for disposable or battery-backed deployments.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type RelayDatabase = BetterSQLite3Database<typeof schema>;
export type SynchronousMode = 'FULL' | 'NORMAL';

export interface OpenedDatabase {
  sqlite: Database.Database;
  db: RelayDatabase;
  close(): void;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function openRelayDatabase(file: string, options: { synchronous?: SynchronousMode } = {}): OpenedDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  // 64 MB of page cache (SQLite's default is 2 MB): a retention run writes a year of archived tasks
  // into indexes far larger than 2 MB, and every miss is a disk read inside a slice.
  sqlite.pragma('cache_size = -65536');
  // The admin CLI writes tokens while a relay serves the same file: wait instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle({ client: sqlite, schema });
  runMigrations(db);
  return {
    sqlite,
    db,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

function runMigrations(db: RelayDatabase): void {
  try {
    migrate(db, { migrationsFolder });
  } catch (error) {
    // drizzle reads the applied-migration list before it takes the write lock, so two processes
    // opening a fresh file at once (relay + `token create`) can both try to create the tables.
    // The loser's transaction rolled back; running again sees the winner's migrations and skips.
    if (error instanceof Error && /already exists/.test(error.message)) {
      migrate(db, { migrationsFolder });
      return;
    }
    throw error;
  }
}
