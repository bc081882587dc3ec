// One serving relay per database file. Rooms are cached in memory and compacted from there, so
// two relays on one file would each delete rows the other appended (its document does not cover
// them): data loss. The lock is a `<db>.relay-lock` file holding the owner's pid, created
// exclusively; a lock whose pid is gone (kill -9, power loss) is stale and taken over.
// The admin CLI (`token ...`) does not take it: it only touches the tokens table.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireServeLock(dbFile: string): () => void {
  if (dbFile === ':memory:') return () => {};
  const lockFile = `${dbFile}.relay-lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new Error(`another relay (pid ${owner}) is serving ${dbFile}; one relay per database file`);
      }
      rmSync(lockFile, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`could not take the serve lock ${lockFile}`);
}
