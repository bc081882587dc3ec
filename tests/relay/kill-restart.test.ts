// A relay killed with kill -9 can be restarted at once on the same database, even while the killed
// process is still an unreaped zombie (its parent has not waited for it yet): the serve lock is
// released by the kernel when the process dies, not judged from its pid. And what it acknowledged
// before the kill is served by the new relay.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createRepository } from '../../src-shared/doc/repository';
import { readServeLock } from '../../sync-server/relay';
import { createToken } from '../../sync-server/store';
import { connectClient, repoRoot, startRelayProcess, tempDir, waitFor, waitSynced, type RelayProcess, type TestClient } from './helpers';

/**
 * Starts the relay as the child of a shell that then execs `sleep`: sleep never waits for
 * children, so once the relay is killed it stays a zombie until this shell is killed.
 */
async function relayUnderNonReapingParent(dbPath: string): Promise<{ parent: ChildProcess; pid: number; port: number }> {
  const relay = `"${process.execPath}" --import tsx sync-server/cli.ts serve --port 0 --host 127.0.0.1 --db "${dbPath}"`;
  const parent = spawn('sh', ['-c', `${relay} & echo "pid $!"; exec sleep 600`], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let pid = 0;
  const port = await new Promise<number>((resolve, reject) => {
    parent.once('exit', (code) => reject(new Error(`shell exited ${code}`)));
    readline.createInterface({ input: parent.stdout! }).on('line', (line) => {
      if (line.startsWith('pid ')) pid = Number(line.slice(4));
      else if (line.includes('"listening"')) resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  return { parent, pid, port };
}

/** The process state letter from /proc (Z = zombie), or null once the process is gone. */
function processState(pid: number): string | null {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return null;
  return readFileSync(stat, 'utf8').replace(/^.*\) /s, '')[0] ?? null;
}

describe.skipIf(!existsSync('/proc/self/stat'))('restart after kill -9', () => {
  const tmp = tempDir();
  const dbPath = tmp.file('relay.sqlite');
  const clients: TestClient[] = [];
  const cleanups: (() => unknown)[] = [];
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const cleanup of cleanups) await cleanup();
    tmp.cleanup();
  });

  it('serves again on the same database while the killed relay is still an unreaped zombie', async () => {
    const writerToken = createToken(dbPath, { workspace: 'ops', user: 'ann', role: 'operator' }).token;
    const readerToken = createToken(dbPath, { workspace: 'ops', user: 'vik', role: 'viewer' }).token;
    for (let round = 0; round < 3; round++) {
      const killed = await relayUnderNonReapingParent(dbPath);
      cleanups.push(() => killed.parent.kill('SIGKILL'));
      expect(readServeLock(dbPath)).toMatchObject({ pid: killed.pid, port: killed.port });

      const writer = connectClient(killed.port, 'ops', writerToken);
      const observer = connectClient(killed.port, 'ops', readerToken);
      clients.push(writer, observer);
      await Promise.all([waitSynced(writer), waitSynced(observer)]);
      const repository = createRepository(writer.doc, { actor: 'ann' });
      for (let i = 0; i < 20; i++) repository.create({ title: `round ${round} task ${i}` });
      // Acknowledged = relayed to the observer (the relay broadcasts only what it has stored).
      const expected = (round + 1) * 20;
      await waitFor(() => observer.doc.getMap('tasks').size === expected, 10_000, 'observer has the tasks');
      writer.destroy();
      observer.destroy();

      process.kill(killed.pid, 'SIGKILL');
      await waitFor(() => processState(killed.pid) === 'Z', 5_000, 'the killed relay to be a zombie');

      const restarted: RelayProcess = await startRelayProcess(dbPath);
      cleanups.push(() => restarted.stop('SIGKILL'));
      expect(processState(killed.pid)).toBe('Z'); // still unreaped while the new relay took over
      expect(readServeLock(dbPath)).toEqual({ pid: restarted.child.pid, host: '127.0.0.1', port: restarted.port });
      const fresh = connectClient(restarted.port, 'ops', readerToken, new Y.Doc());
      clients.push(fresh);
      await waitSynced(fresh);
      expect(fresh.doc.getMap('tasks').size).toBe(expected);
      fresh.destroy();
      expect(await restarted.stop('SIGTERM')).toBe(0);
      killed.parent.kill('SIGKILL'); // the zombie is reaped by init now
    }
  });
});
