// Tracking benchmark (issue 13): tracked state changes per second over HTTP, each answered only
// once durable (synchronous=FULL, the relay's default). The relay runs in a child process (this
// file with --serve), the integration's requests come from here, CONCURRENCY in flight at once,
// for DURATION_MS. Every request changes a block's state (not_started <-> needs_review), so every
// answer is one task event written, fsynced and broadcast. Prints ONE JSON object.
//   npx tsx bench/tracking.bench.ts      (or: npm run bench -- tracking)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const here = import.meta.filename;
const DURATION_MS = Number(process.env.TRACKING_BENCH_MS ?? 10_000);
const CONCURRENCY = Number(process.env.TRACKING_BENCH_CONCURRENCY ?? 32);
const BLOCKS = 200;
const LOOSE_LIMITS = { messagesPerSecond: 1e9, messageBurst: 1e9, connectionsPerIpPerSecond: 1e9, connectionBurstPerIp: 1e9 };

async function serve(dbPath: string): Promise<void> {
  const { createRelay } = await import('../sync-server/relay');
  const relay = createRelay({ dbPath, limits: LOOSE_LIMITS });
  const { port } = await relay.listen(0, '127.0.0.1');
  process.stdout.write(JSON.stringify({ port }) + '\n');
  process.stdin.on('data', () => void relay.close().then(() => process.exit(0)));
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracking-bench-'));
  const dbPath = path.join(dir, 'relay.sqlite');
  const { createToken } = await import('../sync-server/store');
  const token = createToken(dbPath, { workspace: 'bench', user: 'backops', role: 'integration' }).token;
  const child = spawn(process.execPath, [...(process.env.TRACKING_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.TRACKING_BENCH_PROF] : []), '--import', 'tsx', here, '--serve', dbPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => {
    readline.createInterface({ input: child.stdout }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  const base = `http://127.0.0.1:${port}/api/workspaces/bench/tracking/sources`;
  const post = async (url: string, body: unknown) => {
    const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${response.status} ${text}`);
  };
  await post(base, {
    sourceId: 'adv-1', mapping: 'advance', title: 'Advance 1',
    blocks: Array.from({ length: BLOCKS }, (_, i) => ({ id: `b${i}`, kind: 'question', title: `Question ${i}` })),
  });

  const latencies: number[] = [];
  const states = new Array<string>(BLOCKS).fill('not_started');
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + DURATION_MS;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < deadline) {
      const block = next++ % BLOCKS;
      const state = states[block] === 'not_started' ? 'needs_review' : 'not_started';
      states[block] = state;
      const t0 = performance.now();
      try {
        await post(`${base}/adv-1/state`, { blockId: `b${block}`, state });
        latencies.push(performance.now() - t0);
      } catch {
        errors += 1;
      }
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  child.stdin.write('exit\n');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({
    bench: 'tracking',
    durable: 'synchronous=FULL, one transaction per answered change',
    concurrency: CONCURRENCY,
    seconds: Number(seconds.toFixed(2)),
    changes: latencies.length,
    errors,
    changesPerSecond: Math.round(latencies.length / seconds),
    latencyMs: { p50: Number(quantile(latencies, 0.5).toFixed(2)), p99: Number(quantile(latencies, 0.99).toFixed(2)), max: Number((latencies.at(-1) ?? 0).toFixed(2)) },
    target: { changesPerSecond: 1000 },
  }, null, 2) + '\n');
}

if (process.argv[2] === '--serve') void serve(process.argv[3] as string);
else void main();
