// Helpers every integration suite shares: a temp folder, polling, and the real relay as a
// child process started through its CLI exactly as an operator runs it (serve, token create/revoke).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const CLI = ['--import', 'tsx', 'sync-server/cli.ts'];
const execFileAsync = promisify(execFile);

export function tempDir(prefix = 'handoff-test-'): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs the relay's admin CLI; resolves with the last line of stdout (e.g. the new token). */
export async function relayCli(args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [...CLI, ...args], { cwd: repoRoot });
  return stdout.trim().split('\n').at(-1)!.trim();
}

export interface RelayProcess {
  port: number;
  child: ChildProcess;
  logs: Record<string, unknown>[];
  stdout: () => string;
  stderr: () => string;
  /** Sends the signal and resolves with the exit code (or the signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Spawns `node --import tsx sync-server/cli.ts serve --port 0 --db FILE` and reads its port. */
export async function startRelayProcess(dbPath: string, extraArgs: string[] = [], port = 0): Promise<RelayProcess> {
  const child = spawn(
    process.execPath,
    [...CLI, 'serve', '--port', String(port), '--db', dbPath, '--host', '127.0.0.1', ...extraArgs],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logs: Record<string, unknown>[] = [];
  let out = '';
  let err = '';
  let buffered = '';
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const listening = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.event === 'listening') resolve(entry.port as number);
        } catch {
          logs.push({ unparsed: line });
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    void exited.then((code) => reject(new Error(`relay exited (${code}) before listening: ${err}`)));
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const actualPort = await listening.finally(() => clearTimeout(timeout));
  return {
    port: actualPort,
    child,
    logs,
    stdout: () => out,
    stderr: () => err,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

