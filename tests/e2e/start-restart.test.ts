// `npm start` as a new user types it, in a fresh clone of this commit (no Electron
// binary here, so the browser host with a local relay; node_modules is linked to
// this checkout's, so the set-up step finds everything installed): open the
// printed URL, stop it with Ctrl+C (SIGINT to the whole process group, as a
// terminal sends it), start it again, and the page that stayed open reconnects
// on its own. Every Ctrl+C exits 0 with no EPIPE.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, openOperator, quickCreate, repoRoot, tempDir, type Operator } from './harness';

const data = tempDir('handoff-start-restart-');
const clone = path.join(data.dir, 'handoff');
const syncStatus = (operator: Operator) => operator.page.getByRole('status', { name: 'Sync status' }).textContent();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

interface Started { child: ChildProcess; url: string; output: () => string; exit: Promise<number | null> }

async function npmStart(webPort: number): Promise<Started> {
  // In its own process group, so the test can deliver Ctrl+C as a terminal does. The clone's
  // own data/ folder (no HANDOFF_DATA_DIR): what a new user gets.
  const env: Record<string, string | undefined> = { ...process.env, HANDOFF_ELECTRON_PATH: data.file('no-electron-here'), HANDOFF_RELAY_URL: '' };
  delete env.HANDOFF_DATA_DIR;
  const child = spawn('npm', ['start', '--', '--port', String(webPort)], { cwd: clone, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // 'close': the process has exited AND every holder of its stdout/stderr (the relay and
  // web server it started) has let go, so a crash during their shutdown is in `out`.
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  while (!/^Open http\S+/m.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start printed no URL:\n${out}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, url: /^Open (http\S+)/m.exec(out)![1]!, output: () => out, exit };
}

async function ctrlC(started: Started): Promise<number | null> {
  process.kill(-started.child.pid!, 'SIGINT');
  return started.exit;
}

describe('npm start, restarted under an open browser', () => {
  let operator: Operator | undefined;
  afterAll(async () => {
    await operator?.close();
    data.cleanup();
  });

  it('keeps the relay port and session across a restart; the open page reconnects; Ctrl+C exits 0', async () => {
    const cloned = spawnSync('git', ['clone', '--quiet', repoRoot, clone], { encoding: 'utf8' });
    expect(cloned.status, cloned.stderr).toBe(0);
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(clone, 'node_modules'));
    const webPort = await freePort();
    const first = await npmStart(webPort);
    operator = await openOperator(first.url);
    await operator.page.getByRole('grid', { name: 'Tasks' }).waitFor({ timeout: 20_000 });
    await eventually(() => syncStatus(operator!), { timeout: 15_000 }).toContain('Online');
    await quickCreate(operator.page, 'Before the restart');
    await eventually(() => syncStatus(operator!)).not.toMatch(/not yet on the relay/);

    expect(await ctrlC(first)).toBe(0);
    expect(first.output()).not.toMatch(/EPIPE|Unhandled|Error:/);
    await eventually(() => syncStatus(operator!), { timeout: 15_000 }).not.toContain('Online');
    // Written while the relay is down: it must reach the relay after the restart.
    await quickCreate(operator.page, 'While it was down');

    const second = await npmStart(webPort);
    const relayOf = (url: string) => new URL(url).searchParams.get('relay');
    expect(relayOf(second.url)).toBe(relayOf(first.url));
    expect(new URL(second.url).searchParams.get('token')).toBe(new URL(first.url).searchParams.get('token'));
    // No reload: the same page reconnects by itself and sends what it wrote meanwhile.
    await eventually(() => syncStatus(operator!), { timeout: 20_000 }).toMatch(/^Online/);
    await eventually(() => syncStatus(operator!), { timeout: 10_000 }).not.toMatch(/not yet on the relay/);

    expect(await ctrlC(second)).toBe(0);
    expect(second.output()).not.toMatch(/EPIPE|Unhandled|Error:/);
  }, 120_000);
});
