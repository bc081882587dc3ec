// One serving relay per database file. Rooms are cached in memory and compacted from there, so
// two relays on one file would each delete rows the other appended (its document does not cover
// them): data loss.
//
// The lock is held by the operating system, not inferred from a pid: the relay keeps an open
// SQLite connection on `<db>.relay-lock.db` inside `BEGIN EXCLUSIVE` (an fcntl lock on that file)
// for as long as it serves. The kernel drops the lock when the process dies, however it dies, and
// before its parent reaps it; a pid check (`kill(pid, 0)`) instead still sees a kill -9'd relay
// as alive while it is an unreaped zombie, and could match an unrelated process that reused the pid.
// Beside it, `<db>.relay-lock` records `{"pid":N,"host":H,"port":P}` (host/port once listening) so a
// launcher can find a running relay; it is only believed while the lock is held.
// The admin CLI (`token ...`) does not take the lock: it only touches the tokens table.
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ServeLockInfo {
  pid: number;
  host?: string;
  port?: number;
}

export interface ServeLock {
  /** Records where this relay listens. */
  update(info: { host: string; port: number }): void;
  release(): void;
}

const lockDatabase = (dbFile: string) => `${dbFile}.relay-lock.db`;
const recordFile = (dbFile: string) => `${dbFile}.relay-lock`;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** Whether some process (this one included) holds the lock now. */
function lockHeld(dbFile: string): boolean {
  let probe: Database.Database;
  try {
    probe = new Database(lockDatabase(dbFile), { fileMustExist: true, timeout: 0 });
  } catch {
    return false; // no lock database: no relay ever served this file
  }
  try {
    // A read needs a shared lock, which the holder's exclusive lock refuses.
    probe.prepare('SELECT count(*) FROM sqlite_master').get();
    return false;
  } catch (error) {
    if (isBusy(error)) return true;
    throw error;
  } finally {
    // SQLite keeps the descriptor open while this process holds a lock on the same file, so
    // closing the probe never drops our own lock (a plain fs.close on that file would).
    probe.close();
  }
}

function readRecord(dbFile: string): ServeLockInfo | null {
  try {
    const info = JSON.parse(readFileSync(recordFile(dbFile), 'utf8')) as ServeLockInfo;
    return Number.isInteger(info.pid) && info.pid > 0 ? info : null;
  } catch {
    return null;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The record of the relay holding the lock, or null when no relay holds it. */
export function readServeLock(dbFile: string): ServeLockInfo | null {
  if (dbFile === ':memory:' || !lockHeld(dbFile)) return null;
  // The holder writes its record right after taking the lock: give it that moment. (A record
  // left by a killed relay is overwritten then, so during that moment it may be the old one.)
  for (let attempt = 0; attempt < 20; attempt++) {
    const info = readRecord(dbFile);
    if (info) return info;
    sleepSync(10);
  }
  return null;
}

function writeRecord(dbFile: string, info: ServeLockInfo): void {
  // Readers never see a torn record: write beside it, then rename over it.
  const temporary = `${recordFile(dbFile)}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(info));
  renameSync(temporary, recordFile(dbFile));
}

export function acquireServeLock(dbFile: string): ServeLock {
  if (dbFile === ':memory:') return { update: () => {}, release: () => {} };
  mkdirSync(path.dirname(path.resolve(dbFile)), { recursive: true });
  // A short busy timeout rides over another process's probe (readServeLock) of the same file.
  const holder = new Database(lockDatabase(dbFile), { timeout: 200 });
  try {
    holder.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    holder.close();
    if (!isBusy(error)) throw error;
    const owner = readRecord(dbFile);
    const who = owner ? ` (pid ${owner.pid}${owner.port ? `, ${owner.host}:${owner.port}` : ''})` : '';
    throw new Error(`another relay${who} is serving ${dbFile}; one relay per database file`);
  }
  writeRecord(dbFile, { pid: process.pid });
  let released = false;
  return {
    update: ({ host, port }) => {
      if (!released) writeRecord(dbFile, { pid: process.pid, host, port });
    },
    release: () => {
      if (released) return;
      released = true;
      // The record goes first: once the lock is free, the next relay writes its own. The lock
      // database itself is never deleted: a relay that had opened it just before would then hold
      // a lock on a file nobody else can see.
      rmSync(recordFile(dbFile), { force: true });
      holder.close();
    },
  };
}
