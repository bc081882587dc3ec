// A real relay process on a loopback port for main's integration tests, and its
// admin CLI (token create / revoke), exactly as an operator runs them.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const cli = ['--import', 'tsx', 'sync-server/cli.ts'];

export interface Relay {
  port: number;
  url: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startRelay(db: string, port = 0): Promise<Relay> {
  const child = spawn(process.execPath, [...cli, 'serve', '--port', String(port), '--db', db, '--host', '127.0.0.1'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const actualPort = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.includes('"listening"')) continue;
        const entry = JSON.parse(line) as { event?: string; port?: number };
        if (entry.event === 'listening' && typeof entry.port === 'number') resolve(entry.port);
      }
    });
    void exited.then(() => reject(new Error(`relay exited before listening: ${stderr}`)));
  });
  return {
    port: actualPort,
    url: `ws://127.0.0.1:${actualPort}`,
    child,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export async function createToken(db: string, workspace: string, user: string, role = 'operator'): Promise<string> {
  const { stdout } = await run(process.execPath, [...cli, 'token', 'create', '--db', db, '--workspace', workspace, '--user', user, '--role', role], {
    cwd: repoRoot,
  });
  return stdout.trim().split('\n').at(-1)!.trim();
}

export async function revokeToken(db: string, token: string): Promise<void> {
  await run(process.execPath, [...cli, 'token', 'revoke', '--db', db, '--token', token], { cwd: repoRoot });
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
