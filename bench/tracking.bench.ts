// Tracking benchmark (issue 13): tracked state changes per second over HTTP, each answered only
// once durable (synchronous=FULL, the relay's default). The relay runs in a child process (this
// file with --serve), the integration's requests come from here, CONCURRENCY in flight at once,
// for DURATION_MS. Every request changes a block's state (not_started <-> needs_review), so every
// answer is one task event written, fsynced and broadcast. Prints ONE JSON object.
//   npx tsx bench/tracking.bench.ts      (or: npm run bench -- tracking)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
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
  // "mark": the measured run starts; "exit": report the relay's CPU time since the mark, and stop.
  // CPU time per change does not depend on how many other processes share the machine.
  let mark = process.cpuUsage();
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'mark') {
      mark = process.cpuUsage();
      return;
    }
    const used = process.cpuUsage(mark);
    process.stdout.write(JSON.stringify({ cpuMs: (used.user + used.system) / 1000 }) + '\n');
    void relay.close().then(() => process.exit(0));
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracking-bench-'));
  const dbPath = path.join(dir, 'relay.sqlite');
  const { createToken } = await import('../sync-server/store');
  const token = createToken(dbPath, { workspace: 'bench', user: 'backops', role: 'integration' }).token;
  const child = spawn(process.execPath, [...(process.env.TRACKING_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.TRACKING_BENCH_PROF] : []), '--import', 'tsx', here, '--serve', dbPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => JSON.parse(((await lines.next()).value as string | undefined) ?? '{}') as Record<string, number>;
  const port = (await nextLine()).port as number;
  const base = `http://127.0.0.1:${port}/api/workspaces/bench/tracking/sources`;
  // node:http with keep-alive, not fetch: undici cost this process 2-3.5 ms of CPU per request on
  // the 2 shared cores, so the client, not the relay, set the pace.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const post = (url: string, body: unknown) => new Promise<void>((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request(url, {
      method: 'POST', agent,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 300) reject(new Error(`${status} ${Buffer.concat(chunks).toString()}`));
        else resolve();
      });
    });
    request.on('error', reject);
    request.end(payload);
  });
  await post(base, {
    sourceId: 'adv-1', mapping: 'advance', title: 'Advance 1',
    blocks: Array.from({ length: BLOCKS }, (_, i) => ({ id: `b${i}`, kind: 'question', title: `Question ${i}` })),
  });

  child.stdin.write('mark\n');
  const clientCpu = process.cpuUsage();
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
  const clientUsed = process.cpuUsage(clientCpu);
  // How well the group commit grouped: answered changes per commit (one fsync each).
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const counter = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? 0);
  const commits = counter('relay_persist_batches_total');
  const commitSeconds = counter('relay_persist_seconds_sum');
  latencies.sort((a, b) => a - b);
  agent.destroy();
  child.stdin.write('exit\n');
  const relayCpuMs = (await nextLine()).cpuMs ?? 0;
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
    /** The relay process's CPU (user + system) per answered change: what 1,000/s needs of one core. */
    relayCpuMsPerChange: Number((relayCpuMs / Math.max(1, latencies.length)).toFixed(3)),
    /** This process's CPU per change (the integration's HTTP client): it shares the machine's cores. */
    clientCpuMsPerChange: Number(((clientUsed.user + clientUsed.system) / 1000 / Math.max(1, latencies.length)).toFixed(3)),
    loadAverage: Number(loadavg()[0]?.toFixed(1)),
    commits: { count: commits, changesPerCommit: Number((latencies.length / Math.max(1, commits)).toFixed(2)), meanMs: Number((1000 * commitSeconds / Math.max(1, commits)).toFixed(2)) },
    latencyMs: { p50: Number(quantile(latencies, 0.5).toFixed(2)), p99: Number(quantile(latencies, 0.99).toFixed(2)), max: Number((latencies.at(-1) ?? 0).toFixed(2)) },
    target: { changesPerSecond: 1000 },
  }, null, 2) + '\n');
}

if (process.argv[2] === '--serve') void serve(process.argv[3] as string);
else void main();
