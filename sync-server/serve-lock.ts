// One serving relay per database file. Rooms are cached in memory and compacted from there, so
// two relays on one file would each delete rows the other appended (its document does not cover
// them): data loss. The lock is a `<db>.relay-lock` file, created exclusively, holding
// `{"pid":N,"host":H,"port":P}` (host/port once listening, so a launcher can reuse a running
// relay); a lock whose pid is gone (kill -9, power loss) is stale and taken over.
// The admin CLI (`token ...`) does not take it: it only touches the tokens table.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of the lock, or null when there is no lock or its holder is gone. */
export function readServeLock(dbFile: string): ServeLockInfo | null {
  let text: string;
  try {
    text = readFileSync(`${dbFile}.relay-lock`, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let info: ServeLockInfo;
  try {
    info = JSON.parse(text) as ServeLockInfo;
  } catch {
    return null; // torn by a crash between create and write: its holder died there
  }
  return Number.isInteger(info.pid) && info.pid > 0 && alive(info.pid) ? info : null;
}

export function acquireServeLock(dbFile: string): ServeLock {
  if (dbFile === ':memory:') return { update: () => {}, release: () => {} };
  const lockFile = `${dbFile}.relay-lock`;
  mkdirSync(path.dirname(path.resolve(dbFile)), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid }));
      closeSync(fd);
      return {
        update: ({ host, port }) => writeFileSync(lockFile, JSON.stringify({ pid: process.pid, host, port })),
        release: () => rmSync(lockFile, { force: true }),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readServeLock(dbFile);
      if (owner) {
        const where = owner.port ? `, ${owner.host}:${owner.port}` : '';
        throw new Error(`another relay (pid ${owner.pid}${where}) is serving ${dbFile}; one relay per database file`);
      }
      rmSync(lockFile, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`could not take the serve lock ${lockFile}`);
}
