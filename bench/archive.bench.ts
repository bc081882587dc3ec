// Retention and the archive (DESIGN "A bounded live document"), in one process against a real
// relay (SQLite file, HTTP on 127.0.0.1). Prints ONE JSON object.
//   A generated workspace of BENCH_TASKS tasks (default 100,000): 90 % closed over the past year,
//   10 % open, 4-8 events each (created, assigned, started, comments, closed; some reopened and
//   closed again), ULID ids and hybrid-clock stamps as the app writes them.
//   - live document bytes, room load time and heap: the single document (generation 0) against the
//     next generation after a retention run (ratios);
//   - the retention run's duration;
//   - archive search over HTTP (filter-bar queries, free text through FTS): p50 / p95;
//   - opening one archived task with its log over HTTP: p50 / p95.
// BENCH_KEEP=1 keeps the relay's SQLite file (path on stderr) to time searches on it again.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import * as Y from 'yjs';
import { writeMembers } from '../src-shared/doc/test-support';
import { workspaceMaps } from '../src-shared/doc/schema';
import { formatStamp } from '../src-shared/domain/clock';
import type { TaskEvent } from '../src-shared/domain/events';
import { newId } from '../src-shared/domain/ids';
import { archivePaths, ArchiveSearchResponseSchema } from '../src-shared/protocol/archive-api';
import { createRelay, createToken } from '../sync-server/relay';
import { openRelayStore } from '../sync-server/store';

const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const OPEN_SHARE = 0.1;
const DAY = 86_400_000;
const W = 'bench';
const USERS = Array.from({ length: 25 }, (_, i) => `user-${i}`);
const TYPES = ['follow_up', 'qc', 'dispatch', 'billing', 'customs'];
const WORDS = ['carrier', 'pallet', 'invoice', 'customs', 'reefer', 'forklift', 'manifest', 'seal', 'dock', 'broker', 'proof', 'delivery', 'damage', 'shortage', 'recount', 'temperature'];
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);

/** Deterministic pseudo-random numbers, so every run builds the same workspace. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function gcHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i += 1) gc?.();
  return process.memoryUsage().heapUsed;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 100) / 100;
};

function history(rand: () => number, i: number, now: number): { id: string; events: TaskEvent[] } {
  const open = i % Math.round(1 / OPEN_SHARE) === 0;
  const owner = USERS[i % USERS.length]!;
  const start = now - Math.floor(rand() * 365 * DAY) - (open ? 0 : 2 * DAY);
  let wall = start;
  const events: TaskEvent[] = [];
  const push = (actor: string, type: TaskEvent['type'], payload: object) => {
    wall += 60_000 + Math.floor(rand() * 6 * 3_600_000);
    if (!open) wall = Math.min(wall, now - DAY);
    events.push({ id: newId(wall), actor, at: formatStamp({ wall, counter: events.length, node: `${actor}.b${i % 7}` }), type, payload } as TaskEvent);
  };
  const word = () => WORDS[Math.floor(rand() * WORDS.length)]!;
  push('user-0', 'task.created', {
    title: `${word()} check for shipment SH-${i} at dock ${i % 40}`,
    description: `Reported by the night shift: ${word()} and ${word()} on order PO-${i % 5000}.`,
    type: TYPES[i % TYPES.length], priority: (['urgent', 'high', 'normal', 'low'] as const)[i % 4], tags: [word()],
    links: [{ kind: 'shipment', id: `SH-${i}`, label: `Shipment SH-${i}` }],
  });
  push('user-0', 'task.assigned', { ownerId: owner });
  push(owner, 'task.status_changed', { status: 'in_progress' });
  const comments = Math.floor(rand() * 3);
  for (let c = 0; c < comments; c += 1) push(owner, 'task.commented', { commentId: newId(wall), body: `Called the ${word()}, ${word()} confirmed for ${14 + c}:30.` });
  if (open) return { id: newId(start), events };
  push(owner, 'task.completed', {});
  if (rand() < 0.05) {
    push('user-1', 'task.reopened', { reason: `${word()} still missing` });
    push(owner, 'task.completed', {});
  }
  return { id: newId(start), events };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'handoff-archive-bench-'));
  const dbPath = path.join(dir, 'relay.sqlite');
  try {
    const now = Date.now();
    const members = USERS.map((userId) => ({ userId, role: 'operator' as const }));
    const admin = createToken(dbPath, { workspace: W, user: 'admin', role: 'admin' }).token;
    for (const { userId } of members) createToken(dbPath, { workspace: W, user: userId, role: 'operator' });

    let built = performance.now();
    const doc = new Y.Doc();
    writeMembers(doc, [...members, { userId: 'admin', role: 'admin' }], () => 0);
    const rand = random(42);
    let closedTasks = 0;
    const tasks = workspaceMaps(doc).tasks;
    doc.transact(() => {
      for (let i = 0; i < TASKS; i += 1) {
        const { id, events } = history(rand, i, now);
        const log = new Y.Array<TaskEvent>();
        log.push(events);
        tasks.set(id, log);
        if (events.at(-1)?.type === 'task.completed') closedTasks += 1;
      }
    });
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    const store = openRelayStore(dbPath, { synchronous: 'NORMAL' });
    store.rooms.appendMany([{ room: W, data: state }]);
    store.close();
    const buildMs = performance.now() - built;

    // Rooms stay loaded between measurements (as with clients connected): the run starts on a loaded
    // room, so its figures are the run's, not a cold load's. The after-run load is still cold: the
    // next generation's room has never been loaded.
    const relay = createRelay({ dbPath, retentionIntervalMs: 0, limits: { roomIdleUnloadMs: 3_600_000 } });
    const load = () => {
      const heapBefore = gcHeap();
      const started = performance.now();
      return relay.hub.withRoomDurable(W, (room) => {
        const ms = performance.now() - started;
        const heap = gcHeap() - heapBefore;
        return { ms, heap, bytes: Y.encodeStateAsUpdate(room.doc).byteLength };
      });
    };
    // The room stays loaded after this (roomIdleUnloadMs above), as it is while clients are connected.
    const before = await load();
    // The run with the relay serving: the event loop's longest block, and HTTP answers during it.
    const { port } = await relay.listen(0, '127.0.0.1');
    const delay = monitorEventLoopDelay({ resolution: 10 });
    const probeMs: number[] = [];
    let running = true;
    const probe = async () => {
      while (running) {
        const started = performance.now();
        await fetch(`http://127.0.0.1:${port}${archivePaths.generation(W)}`, { headers: { authorization: `Bearer ${admin}` } }).then((r) => r.text());
        probeMs.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    delay.enable();
    // The histogram's first sample only sets its baseline: let it take one before the run.
    await new Promise((resolve) => setTimeout(resolve, 50));
    built = performance.now();
    const probing = probe();
    const run = await relay.archive.run(W, now);
    const retentionMs = performance.now() - built;
    running = false;
    await probing;
    delay.disable();
    const after = await load();
    const archivedIds = (relay.archive.store.sqlite.prepare('SELECT task_id AS id FROM archived_tasks WHERE room = ?').all(W) as { id: string }[]).map((row) => row.id);

    // A keep-alive socket from the probes above may have been closed by the server during the
    // after-run room load (undici then fails the request that reuses it): that request is retried.
    const fetchOnce = (p: string) => fetch(`http://127.0.0.1:${port}${p}`, { headers: { authorization: `Bearer ${admin}` } });
    const get = async (p: string) => {
      const started = performance.now();
      const response = await fetchOnce(p).catch(() => fetchOnce(p));
      const body = await response.text();
      if (!response.ok) throw new Error(`${p}: ${response.status} ${body}`);
      return { ms: performance.now() - started, body };
    };
    const queries = (i: number): string => {
      const word = WORDS[i % WORDS.length]!;
      switch (i % 6) {
        case 0: return word;
        case 1: return `owner:${USERS[i % USERS.length]}`;
        case 2: return `type:${TYPES[i % TYPES.length]} ${word}`;
        case 3: return `tag:${word} priority:high`;
        case 4: return `"SH-${(i * 7919) % TASKS}"`;
        default: return `closed:${new Date(now - (i % 50) * 7 * DAY).toISOString().slice(0, 10)}`;
      }
    };
    const searchMs: number[] = [];
    let hits = 0;
    for (let i = 0; i < SAMPLES; i += 1) {
      const { ms, body } = await get(`${archivePaths.search(W)}?q=${encodeURIComponent(queries(i))}&limit=50`);
      searchMs.push(ms);
      hits += ArchiveSearchResponseSchema.parse(JSON.parse(body)).total;
    }
    const pageMs: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < Math.min(SAMPLES, 50); i += 1) {
      const { ms, body }: { ms: number; body: string } = await get(`${archivePaths.search(W)}?limit=50${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`);
      pageMs.push(ms);
      cursor = ArchiveSearchResponseSchema.parse(JSON.parse(body)).next;
    }
    const openMs: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) openMs.push((await get(archivePaths.task(W, archivedIds[(i * 7919) % archivedIds.length]!))).ms);
    await relay.close();

    process.stdout.write(`${JSON.stringify({
      bench: 'archive',
      tasks: TASKS,
      closedTasks,
      buildMs: Math.round(buildMs),
      loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
      retention: {
        ...run, ms: Math.round(retentionMs), maxEventLoopBlockMs: Math.round(delay.max / 1e6), eventLoopDelayP99Ms: Math.round(delay.percentile(99) / 1e6),
        httpDuringRun: { requests: probeMs.length, p50Ms: percentile(probeMs, 0.5), maxMs: percentile(probeMs, 1) },
      },
      liveDocument: {
        beforeBytes: before.bytes, afterBytes: after.bytes, bytesRatio: Math.round((after.bytes / before.bytes) * 1000) / 1000,
        beforeLoadMs: Math.round(before.ms), afterLoadMs: Math.round(after.ms), loadRatio: Math.round((after.ms / before.ms) * 1000) / 1000,
        beforeHeapBytes: before.heap, afterHeapBytes: after.heap, heapRatio: Math.round((after.heap / before.heap) * 1000) / 1000,
      },
      archiveSearch: { samples: SAMPLES, p50Ms: percentile(searchMs, 0.5), p95Ms: percentile(searchMs, 0.95), meanTotal: Math.round(hits / SAMPLES) },
      archivePaging: { pages: pageMs.length, p50Ms: percentile(pageMs, 0.5), p95Ms: percentile(pageMs, 0.95) },
      openArchivedTask: { samples: SAMPLES, p50Ms: percentile(openMs, 0.5), p95Ms: percentile(openMs, 0.95) },
    })}\n`);
  } finally {
    // BENCH_KEEP=1 keeps the relay's SQLite file (path on stderr) to time queries against it again.
    if (process.env.BENCH_KEEP === '1') process.stderr.write(`kept ${dbPath}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
