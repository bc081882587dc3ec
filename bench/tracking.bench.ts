// Tracking benchmark (issue 13): tracked state changes per second over HTTP, each answered only
// once durable (synchronous=FULL, the relay's default). The relay runs in a child process (this
// file with --serve), the integration's requests come from here, CONCURRENCY in flight at once,
// for DURATION_MS. Every request changes a block's state (not_started <-> needs_review), so every
// answer is one task event written, fsynced and broadcast. Prints ONE JSON object.
//   npx tsx bench/tracking.bench.ts      (or: npm run bench -- tracking)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
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

/**
 * One keep-alive HTTP/1.1 connection, one request at a time: the request is written in one piece,
 * the answer read by Content-Length or chunked framing (the relay's answers are chunked).
 */
class RawHttpConnection {
  private readonly socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: ((answer: { status: number; text: string }) => void) | null = null;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
  }

  request(method: string, path: string, token: string, body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n`
        + `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private parse(): void {
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd === -1 || !this.waiting) return;
    const head = this.buffer.subarray(0, headEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let at = headEnd + 4;
    let text: string;
    if (length) {
      const end = at + Number(length[1]);
      if (this.buffer.length < end) return;
      text = this.buffer.subarray(at, end).toString('utf8');
      at = end;
    } else {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = this.buffer.indexOf('\r\n', at);
        if (lineEnd === -1) return;
        const size = parseInt(this.buffer.subarray(at, lineEnd).toString('latin1'), 16);
        if (this.buffer.length < lineEnd + 2 + size + 2) return;
        parts.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
        if (size === 0) break;
      }
      text = Buffer.concat(parts).toString('utf8');
    }
    this.buffer = this.buffer.subarray(at);
    const resolve = this.waiting;
    this.waiting = null;
    resolve({ status, text });
  }
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
  // The integration's client: one keep-alive connection per request in flight, written and read
  // as plain HTTP/1.1 on a socket. fetch (undici) cost this process 2-3.5 ms of CPU per request
  // and node:http about 1 ms, on the same 2 shared cores as the relay: the client set the pace.
  const connections = Array.from({ length: CONCURRENCY }, () => new RawHttpConnection(port));
  const post = async (url: string, body: unknown, via = connections[0] as RawHttpConnection) => {
    const { status, text } = await via.request('POST', new URL(url).pathname, token, JSON.stringify(body));
    if (status >= 300) throw new Error(`${status} ${text}`);
  };
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
  await Promise.all(connections.map(async (connection) => {
    while (performance.now() < deadline) {
      const block = next++ % BLOCKS;
      const state = states[block] === 'not_started' ? 'needs_review' : 'not_started';
      states[block] = state;
      const t0 = performance.now();
      try {
        await post(`${base}/adv-1/state`, { blockId: `b${block}`, state }, connection);
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
  for (const connection of connections) connection.close();
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
