// The serve lock is held by the operating system: another process (or a second relay in this one)
// is refused while a holder lives, and the lock is free the moment the holder dies, whatever the
// state of its pid. The kill -9 restart with an unreaped relay is in tests/relay/kill-restart.test.ts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireServeLock, readServeLock } from './serve-lock';

const dirs: string[] = [];
function freshDb(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'serve-lock-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'relay.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A child process that takes the lock, reports, and holds it until killed. */
async function holdInChild(dbFile: string) {
  const script = `
    const { acquireServeLock } = await import(${JSON.stringify(path.join(import.meta.dirname, 'serve-lock.ts'))});
    const lock = acquireServeLock(${JSON.stringify(dbFile)});
    lock.update({ host: '127.0.0.1', port: 4321 });
    console.log('held');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<unknown>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const first = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
  expect(first).toBe('held');
  return { child, exited };
}

describe('serve lock', () => {
  it('refuses a second holder in the same process, and is free again once released', () => {
    const db = freshDb();
    expect(readServeLock(db)).toBeNull();
    const lock = acquireServeLock(db);
    expect(readServeLock(db)).toEqual({ pid: process.pid });
    lock.update({ host: '127.0.0.1', port: 1234 });
    expect(readServeLock(db)).toEqual({ pid: process.pid, host: '127.0.0.1', port: 1234 });
    expect(() => acquireServeLock(db)).toThrow(`another relay (pid ${process.pid}, 127.0.0.1:1234) is serving ${db}`);
    // Probing and refusing did not drop the holder's lock.
    expect(readServeLock(db)).toMatchObject({ pid: process.pid });
    lock.release();
    expect(readServeLock(db)).toBeNull();
    acquireServeLock(db).release();
  });

  it('ignores a record whose holder is gone, whatever pid it names', () => {
    const db = freshDb();
    acquireServeLock(db).release();
    // A record left by a relay that died (here: naming this very process, which is alive).
    writeFileSync(`${db}.relay-lock`, JSON.stringify({ pid: process.pid, host: '127.0.0.1', port: 1 }));
    expect(readServeLock(db)).toBeNull();
    const lock = acquireServeLock(db);
    expect(readServeLock(db)).toEqual({ pid: process.pid });
    lock.release();
  });

  it('refuses while another process holds it, and is free the moment that process is killed', async () => {
    const db = freshDb();
    const { child, exited } = await holdInChild(db);
    try {
      expect(readServeLock(db)).toEqual({ pid: child.pid, host: '127.0.0.1', port: 4321 });
      expect(() => acquireServeLock(db)).toThrow(`another relay (pid ${child.pid}, 127.0.0.1:4321)`);
    } finally {
      child.kill('SIGKILL');
    }
    await exited;
    expect(readServeLock(db)).toBeNull();
    const lock = acquireServeLock(db);
    expect(readServeLock(db)).toEqual({ pid: process.pid });
    lock.release();
  });
});
