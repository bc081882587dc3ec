// Relay benchmarks, ours vs the reference @y/websocket-server@0.1.1 (no auth, no persistence),
// same workload, same run. Prints ONE JSON object.
//   fan-out: N clients in one room (10, 100, 500), one writes; p50/p99 until all N-1 have it,
//            in rounds of 100 updates on the same connections (first update, per-round p99, stalls)
//   throughput: 16 writers in 16 rooms, 64 updates in flight each; acknowledged updates/s,
//               ours with durable group commit (synchronous=FULL), ours without batching, reference
//   memory: heap per idle connection (1,000 clients), heap per loaded room of 10,000 tasks
// Ours runs twice, with the relay's write checks on (`checks: true`, as deployed) and off, so the
// checks' cost is in the same run. Every client update is a real task event appended through the
// repository with the token's user as actor (what the checks accept), never an arbitrary map write.
// Servers run in child processes (this file with --serve-ours / --serve-reference), clients here,
// so the 2 cores are split the way a real deployment would use them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import * as encoding from 'lib0/encoding';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { createRepository } from '../src-shared/doc/repository';

const here = import.meta.filename;
const FANOUT_SIZES = (process.env.RELAY_BENCH_FANOUT ?? '10,100,500').split(',').map(Number);
/** The user every bench token belongs to: the actor of every event the clients write. */
const BENCH_USER = 'bench';
// roomIdleUnloadMs 0: a room unloads (flush + compaction) when its last client leaves, between phases;
// with the default 10 s the 16 rooms of one throughput run all unloaded together in the next phase.
const LOOSE_LIMITS = { messagesPerSecond: 1e9, messageBurst: 1e9, connectionsPerIpPerSecond: 1e9, connectionBurstPerIp: 1e9, roomIdleUnloadMs: 0 };

// ---------- server children ----------

function gcAndMeasure(): { heapUsedBytes: number; rssBytes: number; externalBytes: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) gc?.();
  const m = process.memoryUsage();
  return { heapUsedBytes: m.heapUsed, rssBytes: m.rss, externalBytes: m.external + m.arrayBuffers };
}

function serveControl(onExit: () => Promise<void>): void {
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'measure') process.stdout.write(JSON.stringify(gcAndMeasure()) + '\n');
    if (line === 'exit') void onExit().then(() => process.exit(0));
  });
}

async function serveOurs(dbPath: string, batching: boolean, checks: boolean): Promise<void> {
  const { createRelay } = await import('../sync-server/relay');
  const relay = createRelay({ dbPath, batching, checks, limits: LOOSE_LIMITS });
  const { port } = await relay.listen(0, '127.0.0.1');
  process.stdout.write(JSON.stringify({ event: 'listening', port }) + '\n');
  serveControl(() => relay.close());
}

async function serveReference(): Promise<void> {
  const { setupWSConnection } = (await import('@y/websocket-server/utils')) as { setupWSConnection: (ws: WebSocket, req: http.IncomingMessage) => void };
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((_req, res) => res.end('okay'));
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req)));
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(JSON.stringify({ event: 'listening', port: typeof address === 'object' && address ? address.port : 0 }) + '\n');
  });
  serveControl(async () => {
    server.close();
  });
}

async function roomMemory(dbPath: string): Promise<void> {
  const { openRelayStore } = await import('../sync-server/store');
  const { Room } = await import('../sync-server/room');
  const { AppendQueue } = await import('../sync-server/append-queue');
  const { RelayMetrics } = await import('../sync-server/metrics');
  const { resolveLimits } = await import('../sync-server/limits');
  const store = openRelayStore(dbPath);
  const doc = new Y.Doc();
  const tasks = doc.getMap('tasks');
  doc.transact(() => {
    for (let i = 0; i < 10_000; i++) {
      const log = new Y.Array();
      tasks.set(`task-${i}`, log);
      log.push([
        { id: `e${i}a`, type: 'created', actor: 'u1', at: 1_763_700_000_000 + i, payload: { title: `Check shipment ${i} at dock ${i % 40}`, priority: 'normal', queue: 'dispatch' } },
        { id: `e${i}b`, type: 'assigned', actor: 'u1', at: 1_763_700_000_100 + i, payload: { ownerId: `user-${i % 25}` } },
        { id: `e${i}c`, type: 'transitioned', actor: `user-${i % 25}`, at: 1_763_700_000_200 + i, payload: { to: 'in_progress' } },
        { id: `e${i}d`, type: 'commented', actor: `user-${i % 25}`, at: 1_763_700_000_300 + i, payload: { body: 'Called the carrier, ETA 14:30.' } },
      ]);
    }
  });
  const state = Y.encodeStateAsUpdate(doc);
  store.rooms.appendMany([{ room: 'big', data: state }]);
  doc.destroy();
  const metrics = new RelayMetrics();
  const before = gcAndMeasure();
  const started = performance.now();
  const room = Room.load('big', { persistence: store.rooms, queue: new AppendQueue(store.rooms, { batching: true, metrics }), metrics, log: () => {}, limits: resolveLimits(), onBroken: () => {}, checks: true, membersOf: () => [], isTokenActive: () => true });
  const loadMs = performance.now() - started;
  const after = gcAndMeasure();
  process.stdout.write(
    JSON.stringify({ stateBytes: state.byteLength, loadMs, heapBytes: after.heapUsedBytes - before.heapUsedBytes, rssBytes: after.rssBytes - before.rssBytes, tasks: room.doc.getMap('tasks').size }) + '\n',
  );
  room.unload({ compact: false });
  store.close();
}

// ---------- clients ----------

interface Server {
  child: ChildProcess;
  port: number;
  url(room: string, token: string): string;
  measure(): Promise<{ heapUsedBytes: number }>;
  stop(): Promise<void>;
}

const SERVER_KINDS = ['ours', 'ours-checks-off', 'reference', 'ours-unbatched'] as const;
type ServerKind = (typeof SERVER_KINDS)[number];

async function startServer(kind: ServerKind, dbPath: string): Promise<Server> {
  const args =
    kind === 'reference'
      ? ['--serve-reference']
      : ['--serve-ours', dbPath, kind === 'ours-unbatched' ? 'no-batching' : 'batching', kind === 'ours-checks-off' ? 'checks-off' : 'checks'];
  const profile = process.env.RELAY_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.RELAY_BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, ['--expose-gc', ...profile, '--import', 'tsx', here, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const { port } = JSON.parse(await next()) as { port: number };
  return {
    child,
    port,
    url: (room, token) => (kind === 'reference' ? `ws://127.0.0.1:${port}/${room}` : `ws://127.0.0.1:${port}/sync/${room}?token=${token}`),
    measure: async () => {
      child.stdin!.write('measure\n');
      return JSON.parse(await next()) as { heapUsedBytes: number };
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.write('exit\n');
      }),
  };
}

/** A bare protocol client: handshake with an empty document, then count update messages. */
class BenchClient {
  readonly ws: WebSocket;
  updates = 0;
  onUpdate: (() => void) | null = null;
  readonly synced: Promise<void>;
  constructor(url: string) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    let resolveSynced: () => void = () => {};
    this.synced = new Promise((r) => (resolveSynced = r));
    this.ws.on('open', () => this.ws.send(new Uint8Array([0, 0, 1, 0])));
    this.ws.on('message', (data: Buffer) => {
      if (data[0] !== 0) return;
      if (data[1] === 0) this.ws.send(new Uint8Array([0, 1, 2, 0, 0]));
      else if (data[1] === 1) resolveSynced();
      else if (data[1] === 2) {
        this.updates += 1;
        this.onUpdate?.();
      }
    });
    this.ws.on('error', (error) => {
      throw error;
    });
  }
  send(update: Uint8Array): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, update);
    this.ws.send(encoding.toUint8Array(e));
  }
  close(): void {
    this.ws.terminate();
  }
}

/**
 * A client replica that writes task events through the repository, as the app does: the
 * updates it produces are what a real client sends (and what the relay's checks accept).
 */
function taskWriter() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { repository: createRepository(doc, { actor: BENCH_USER }), updates };
}

async function connectMany(server: Server, room: string, token: string, n: number): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = Array.from({ length: Math.min(50, n - i) }, () => new BenchClient(server.url(room, token)));
    await Promise.all(batch.map((c) => c.synced));
    clients.push(...batch);
  }
  return clients;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
const round2 = (x: number) => Math.round(x * 100) / 100;
const progress = (message: string) => process.stderr.write(`# relay-sync: ${message}\n`);

/**
 * `rounds` rounds of `perRound` updates on the same N connections (a 5 ms pause between updates,
 * 200 ms between rounds). p50/p99 are over every update but the first 5 (warm-up); the first
 * round after the clients connected and the stalls (> 50 ms) are reported on their own.
 */
async function fanout(server: Server, [room, token]: [string, string], n: number, rounds: number, perRound: number) {
  const clients = await connectMany(server, room, token, n);
  const writer = clients[0] as BenchClient;
  const readers = clients.slice(1);
  const { repository, updates } = taskWriter();
  const byRound: number[][] = [];
  let sent = 0;
  for (let round = 0; round < rounds; round++) {
    const latencies: number[] = [];
    for (let i = 0; i < perRound; i++) {
      const created = repository.create({ title: `Check shipment ${sent} at dock ${sent % 40}` });
      if (!created.ok || updates.length !== 1) throw new Error(`the bench writer could not create a task: ${JSON.stringify(created)}`);
      const update = updates.pop() as Uint8Array;
      const target = ++sent;
      let remaining = readers.filter((c) => c.updates < target).length;
      const done = new Promise<void>((resolve) => {
        for (const c of readers) {
          c.onUpdate = () => {
            if (c.updates === target && --remaining === 0) resolve();
          };
        }
      });
      const t0 = performance.now();
      writer.send(update);
      await done;
      latencies.push(performance.now() - t0);
      await new Promise((res) => setTimeout(res, 5));
    }
    byRound.push(latencies);
    await new Promise((res) => setTimeout(res, 200));
  }
  clients.forEach((c) => c.close());
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const all = sorted(byRound.flat().slice(5));
  const roundP99 = byRound.map((xs) => round2(percentile(sorted(xs), 99)));
  const stalls = byRound.flat().filter((x) => x > 50);
  return {
    p50Ms: round2(percentile(all, 50)),
    p99Ms: round2(percentile(all, 99)),
    maxMs: round2(all.at(-1) ?? 0),
    firstUpdateMs: round2(byRound[0]?.[0] ?? 0),
    roundP99Ms: roundP99,
    stalls: stalls.length,
    stallMs: stalls.map(round2),
  };
}

/**
 * 600 tasks, each created then edited 9 times: 6,000 events, one update each. Built once (the
 * repository takes seconds for it) and replayed by every writer into its own fresh room; each
 * server kind gets fresh rooms (a room that already had the stream would ignore it as duplicates).
 */
function throughputStream(): Uint8Array[] {
  const { repository, updates } = taskWriter();
  for (let task = 0; task < 600; task++) {
    const created = repository.create({ title: `Rebook transfer ${task}` });
    if (!created.ok) throw new Error(`the bench writer could not create a task: ${created.error.message}`);
    for (let edit = 1; edit < 10; edit++) repository.edit(created.value.id, { title: `Rebook transfer ${task} (v${edit})` });
  }
  return updates;
}

async function throughput(server: Server, rooms: [string, string][], stream: Uint8Array[], seconds: number) {
  const writers = await Promise.all(rooms.map(([room, t]) => connectMany(server, room, t, 1).then((c) => c[0] as BenchClient)));
  // y-websocket clients never wait for an acknowledgement; 64 unacknowledged updates per writer
  // keeps the relay (not the round trip) the bottleneck.
  const WINDOW = Number(process.env.RELAY_BENCH_WINDOW ?? 64);
  let counting = false;
  let acked = 0;
  writers.forEach((w) => {
    let sent = 0;
    const pump = () => {
      while (sent - w.updates < WINDOW && sent < stream.length) w.send(stream[sent++] as Uint8Array);
    };
    w.onUpdate = () => {
      if (counting) acked += 1;
      pump();
    };
    pump();
  });
  await new Promise((r) => setTimeout(r, 500));
  counting = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - started) / 1000;
  counting = false;
  writers.forEach((w) => w.close());
  return { updatesPerSecond: Math.round(acked / elapsed) };
}

async function idleConnections(server: Server, token: string, n: number) {
  const first = await connectMany(server, 'idle', token, 1);
  const before = await server.measure();
  const rest = await connectMany(server, 'idle', token, n);
  const after = await server.measure();
  [...first, ...rest].forEach((c) => c.close());
  return { bytesPerIdleConnection: Math.round((after.heapUsedBytes - before.heapUsedBytes) / n) };
}

async function main(): Promise<void> {
  const { createToken } = await import('../sync-server/store');
  const dir = mkdtempSync(path.join(tmpdir(), 'relay-bench-'));
  try {
    // One database per server kind: checks on and off run at the same time (one relay per file).
    const dbFor = (kind: ServerKind) => path.join(dir, `${kind}.sqlite`);
    const room = (kind: ServerKind, name: string): [string, string] => [
      name,
      kind === 'reference' ? 'none' : createToken(dbFor(kind), { workspace: name, user: BENCH_USER, role: 'operator' }).token,
    ];
    // Fresh rooms per server kind and run: each writer starts from an empty replica, as the
    // room it writes to (a stream replayed into a room that has it would be a no-op).
    const tpRooms = (kind: ServerKind, run: number) => Array.from({ length: 16 }, (_, i) => room(kind, `tp-${run}-${i}`));
    let stream: Uint8Array[] | undefined;
    const results = Object.fromEntries(SERVER_KINDS.map((kind) => [kind, {} as Record<string, unknown>])) as Record<ServerKind, Record<string, unknown>>;
    const wanted = (kind: ServerKind) => !process.env.RELAY_BENCH_ONLY || process.env.RELAY_BENCH_ONLY.split(',').includes(kind);

    const start = async (kind: ServerKind): Promise<Server> => {
      const server = await startServer(kind, dbFor(kind));
      // Untimed warm-up of both sides (JIT, the first connections' promotion out of the young
      // generation), so that no server pays for being measured first.
      progress(`${kind} warm-up`);
      await fanout(server, room(kind, 'warmup'), 100, 1, 50);
      return server;
    };
    const measureFanout = async (kind: ServerKind, server: Server, n: number) => {
      progress(`${kind} fan-out ${n}`);
      const r = await fanout(server, room(kind, `fanout-${n}`), n, n === 100 ? 6 : 2, 100);
      results[kind][`fanout${n}`] = r;
      progress(`${kind} fan-out ${n}: ${JSON.stringify(r)}`);
    };
    const measureThroughput = async (kind: ServerKind, server: Server, run: number) => {
      progress(`${kind} throughput`);
      const { updatesPerSecond } = await throughput(server, tpRooms(kind, run), (stream ??= throughputStream()), 3);
      const runs = ((results[kind].throughputRuns as number[] | undefined) ?? []).concat(updatesPerSecond);
      results[kind].throughputRuns = runs;
      results[kind].throughput = { updatesPerSecond: Math.round(runs.reduce((a, b) => a + b, 0) / runs.length) };
      progress(`${kind} throughput ${updatesPerSecond} updates/s`);
    };
    const commitFigures = async (kind: ServerKind, server: Server) => {
      const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
      results[kind].meanBatch = round2(value('relay_updates_persisted_total') / value('relay_persist_batches_total'));
      results[kind].meanCommitMs = round2((1000 * value('relay_persist_seconds_sum')) / value('relay_persist_seconds_count'));
      progress(`${kind}: mean group commit ${results[kind].meanBatch} updates, ${results[kind].meanCommitMs} ms`);
    };
    const fanoutPhases = !process.env.RELAY_BENCH_THROUGHPUT_ONLY;
    const throughputPhases = !process.env.RELAY_BENCH_FANOUT_ONLY;

    // 1. Ours with checks on and off, both up at once and measured alternately (on/off, then
    //    off/on), so a change of load on this shared machine hits both alike.
    if (wanted('ours') || wanted('ours-checks-off')) {
      const on = await start('ours');
      const pair: [ServerKind, Server][] = [
        ['ours', on],
        ['ours-checks-off', await start('ours-checks-off')],
      ];
      let turn = 0;
      const inTurn = () => (turn++ % 2 === 0 ? pair : [...pair].reverse());
      if (fanoutPhases) for (const n of FANOUT_SIZES) for (const [kind, server] of inTurn()) await measureFanout(kind, server, n);
      if (fanoutPhases && throughputPhases) {
        progress('ours idle connections');
        results.ours.idle = await idleConnections(on, room('ours', 'idle')[1], 1000);
      }
      if (throughputPhases) for (let run = 0; run < 2; run++) for (const [kind, server] of inTurn()) await measureThroughput(kind, server, run);
      for (const [kind, server] of pair) {
        if (throughputPhases) await commitFigures(kind, server);
        await server.stop();
      }
    }
    // 2. The reference, 3. ours without group commit (throughput only).
    if (wanted('reference')) {
      const server = await start('reference');
      if (fanoutPhases) for (const n of FANOUT_SIZES) await measureFanout('reference', server, n);
      if (fanoutPhases && throughputPhases) {
        progress('reference idle connections');
        results.reference.idle = await idleConnections(server, 'none', 1000);
      }
      if (throughputPhases) await measureThroughput('reference', server, 0);
      await server.stop();
    }
    if (wanted('ours-unbatched') && throughputPhases) {
      const server = await start('ours-unbatched');
      await measureThroughput('ours-unbatched', server, 0);
      await commitFigures('ours-unbatched', server);
      await server.stop();
    }
    if (process.env.RELAY_BENCH_FANOUT_ONLY) return;
    progress('room memory');
    const bigRoom = await new Promise<Record<string, number>>((resolve, reject) => {
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', here, '--room-memory', path.join(dir, 'room.sqlite')], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, number>) : reject(new Error(`room-memory exited ${code}`))));
    });
    type Fanout = Awaited<ReturnType<typeof fanout>>;
    const ours = results.ours as Record<string, Fanout>;
    const ref = results.reference as Record<string, Fanout>;
    const throughputRuns = (kind: ServerKind) => results[kind].throughputRuns;
    const tpOurs = (results.ours?.throughput as { updatesPerSecond: number }).updatesPerSecond;
    const tpRef = (results.reference?.throughput as { updatesPerSecond: number }).updatesPerSecond;
    const tpUnbatched = (results['ours-unbatched']?.throughput as { updatesPerSecond: number }).updatesPerSecond;
    const off = results['ours-checks-off'] as Record<string, Fanout>;
    const tpOff = (results['ours-checks-off']?.throughput as { updatesPerSecond: number }).updatesPerSecond;
    const fan = (n: number) => ({
      [`fanout${n}_p50_ms`]: ours[`fanout${n}`]?.p50Ms,
      [`fanout${n}_p99_ms`]: ours[`fanout${n}`]?.p99Ms,
      [`fanout${n}_reference_p50_ms`]: ref[`fanout${n}`]?.p50Ms,
      [`fanout${n}_reference_p99_ms`]: ref[`fanout${n}`]?.p99Ms,
      [`fanout${n}_p99_ratio_vs_reference`]: round2((ours[`fanout${n}`]?.p99Ms ?? 0) / (ref[`fanout${n}`]?.p99Ms ?? 1)),
      [`fanout${n}_first_update_ms`]: ours[`fanout${n}`]?.firstUpdateMs,
      [`fanout${n}_reference_first_update_ms`]: ref[`fanout${n}`]?.firstUpdateMs,
      [`fanout${n}_round_p99_ms`]: ours[`fanout${n}`]?.roundP99Ms,
      [`fanout${n}_reference_round_p99_ms`]: ref[`fanout${n}`]?.roundP99Ms,
      [`fanout${n}_stalls_over_50ms`]: ours[`fanout${n}`]?.stalls,
      [`fanout${n}_reference_stalls_over_50ms`]: ref[`fanout${n}`]?.stalls,
    });
    const p99at500 = ours.fanout500?.p99Ms ?? Infinity;
    const costRatio = round2(tpRef / tpOurs);
    console.log(
      JSON.stringify({
        benchmark: 'relay-sync',
        ...fan(10),
        ...fan(100),
        ...fan(500),
        throughput_durable_batched_updates_per_s: tpOurs,
        throughput_durable_unbatched_updates_per_s: tpUnbatched,
        throughput_durable_batched_checks_off_updates_per_s: tpOff,
        throughput_runs_checks_on: throughputRuns('ours'),
        throughput_runs_checks_off: throughputRuns('ours-checks-off'),
        checks_throughput_cost_ratio: round2(tpOff / tpOurs),
        fanout100_checks_off_p50_ms: off.fanout100?.p50Ms,
        fanout100_checks_off_p99_ms: off.fanout100?.p99Ms,
        fanout500_checks_off_p50_ms: off.fanout500?.p50Ms,
        fanout500_checks_off_p99_ms: off.fanout500?.p99Ms,
        throughput_reference_updates_per_s: tpRef,
        throughput_cost_ratio_vs_reference: costRatio,
        idle_connection_heap_bytes: (results.ours?.idle as { bytesPerIdleConnection: number }).bytesPerIdleConnection,
        idle_connection_reference_heap_bytes: (results.reference?.idle as { bytesPerIdleConnection: number }).bytesPerIdleConnection,
        room_10k_tasks_state_bytes: bigRoom.stateBytes,
        room_10k_tasks_heap_bytes: bigRoom.heapBytes,
        room_10k_tasks_load_ms: round2(bigRoom.loadMs ?? 0),
        budget_fanout500_p99_ms: 50,
        budget_cost_ratio_vs_reference: 1.5,
        budget_met: p99at500 < 50 && costRatio < 1.5,
        synchronous: 'FULL',
        checks: 'on, except the *_checks_off_* figures',
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [mode, arg1, arg2, arg3] = process.argv.slice(2);
if (mode === '--serve-ours') await serveOurs(arg1 as string, arg2 === 'batching', arg3 !== 'checks-off');
else if (mode === '--serve-reference') await serveReference();
else if (mode === '--room-memory') await roomMemory(arg1 as string);
else await main();
