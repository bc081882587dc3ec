// Desktop store benchmarks (issue 5). Prints one JSON object:
//  - cold open of a 10,000-task workspace file to a first projection query answer (My Day's list rows; target < 150 ms)
//    and to a fully loaded Yjs replica with its fold (target < 1 s);
//  - a local command durable on disk (synchronous=FULL commit): p95 target < 10 ms;
//  - the projection update per command (inside that commit): target < 1 ms;
//  - side by side, the same document loaded from our SQLite store vs y-indexeddb-equivalent raw
//    decoding (Y.applyUpdate of one encoded state), as a ratio.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { createRepository } from '../src-shared/doc/repository';
import { TEAM, writeMembers, withMembers } from '../src-shared/doc/test-support';
import { YjsStore } from '../src-main/db/yjs-store';
import { openWorkspaceFile, WorkspaceReplica } from '../src-main/replica/workspace-replica';

const TASKS = Number(process.env.BENCH_TASKS ?? 10_000);
const COMMANDS = 400;
const RUNS = 5;
const BASE = Date.parse('2026-11-21T08:00:00.000Z');
// BENCH_MAIN_FILE=path keeps the built workspace file between runs (building it takes a minute).
const keep = process.env.BENCH_MAIN_FILE;
const dir = mkdtempSync(path.join(tmpdir(), 'handoff-bench-main-'));
const file = keep ?? path.join(dir, 'bench.sqlite');
const options = { file, workspaceId: 'ws-bench', userId: 'alice' };

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const median = (samples: number[]) => percentile(samples, 50);
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

// 1. A 10,000-task document, 4 events each (create, start, comment, reassign): DESIGN.md's reference size.
function buildDocument(): Uint8Array {
const source = createRepository(withMembers(new Y.Doc(), TEAM), { actor: 'alice', now: () => BASE });
for (let i = 0; i < TASKS; i += 1) {
  const made = source.create({
    title: `Chase carrier for POD on shipment SH-${10_000 + i}`,
    description: 'Consignee asks for POD before releasing payment.',
    ownerId: TEAM[i % 2]!.userId,
    dueAt: new Date(BASE + ((i % 96) - 48) * 3_600_000).toISOString(),
    tags: i % 3 === 0 ? ['reefer'] : [],
    links: [{ kind: 'shipment', id: `SH-${10_000 + i}`, label: `Shipment SH-${10_000 + i}` }],
  });
  if (!made.ok) throw new Error(made.error.message);
  source.transition(made.value.id, 'in_progress');
  source.comment(made.value.id, 'Called the carrier, waiting for a callback.');
  source.assign(made.value.id, TEAM[(i + 1) % 2]!.userId);
}
const state = Y.encodeStateAsUpdate(source.doc);
source.destroy();
return state;
}

let encoded: Uint8Array;
if (keep && existsSync(file)) {
  const doc = new Y.Doc();
  const { store } = openWorkspaceFile(options);
  new YjsStore(store.sqlite).loadInto(doc, 'bench');
  store.close();
  encoded = Y.encodeStateAsUpdate(doc);
} else {
  encoded = buildDocument();
  // Persist it as a device would after a first sync: one remote update (+ projection), then compaction.
  const replica = WorkspaceReplica.open(options);
  writeMembers(replica.doc, TEAM);
  Y.applyUpdate(replica.doc, encoded, 'relay');
  replica.store.compactIfNeeded(true);
  replica.close();
}
const fileBytes = statSync(file).size;

// 2. Cold open -> first projection query (My Day of alice), and -> fully loaded replica.
const firstQueryMs: number[] = [];
const openFileMs: number[] = [];
const fullReplicaMs: number[] = [];
let myDayRows = 0;
for (let run = 0; run < RUNS; run += 1) {
  gc();
  let started = performance.now();
  const { store, queries } = openWorkspaceFile(options);
  openFileMs.push(performance.now() - started);
  myDayRows = queries.myDayRows('alice', new Date(BASE + 24 * 3_600_000)).length;
  firstQueryMs.push(performance.now() - started);
  store.close();
  gc();
  started = performance.now();
  const replica = WorkspaceReplica.open(options);
  if (replica.repository.view.all().length !== TASKS) throw new Error('replica incomplete');
  fullReplicaMs.push(performance.now() - started);
  replica.close();
}

// 3. Local commands: durable (returned => committed with synchronous=FULL) and the projection's share.
const replica = WorkspaceReplica.open(options);
writeMembers(replica.doc, TEAM);
const ids = replica.repository.view.all().slice(0, COMMANDS).map((t) => t.id);
const projectionMs: number[] = [];
const flush = replica.projection.flush.bind(replica.projection);
replica.projection.flush = () => {
  const started = performance.now();
  flush();
  projectionMs.push(performance.now() - started);
};
const commandMs: number[] = [];
for (let i = 0; i < COMMANDS; i += 1) {
  const started = performance.now();
  const result = i % 2 === 0 ? replica.repository.comment(ids[i]!, `note ${i}`) : replica.repository.edit(ids[i]!, { title: `Renamed ${i}` });
  commandMs.push(performance.now() - started);
  if (!result.ok) throw new Error(result.error.message);
}
replica.close();

// 4. Side by side: the document alone (no fold) from our store vs one Y.applyUpdate of its encoded state.
const storeLoadMs: number[] = [];
const rawLoadMs: number[] = [];
const { store } = openWorkspaceFile(options);
const yjs = new YjsStore(store.sqlite);
for (let run = 0; run < RUNS; run += 1) {
  gc();
  let doc = new Y.Doc();
  let started = performance.now();
  yjs.loadInto(doc, 'bench');
  storeLoadMs.push(performance.now() - started);
  doc.destroy();
  gc();
  doc = new Y.Doc();
  started = performance.now();
  Y.applyUpdate(doc, encoded);
  rawLoadMs.push(performance.now() - started);
  doc.destroy();
}
store.close();
rmSync(dir, { recursive: true, force: true });

const result = {
  benchmark: 'main-store',
  tasks: TASKS,
  events: TASKS * 4,
  documentBytes: encoded.byteLength,
  sqliteFileBytes: fileBytes,
  coldOpenToFirstQueryMs: { median: round(median(firstQueryMs)), first: round(firstQueryMs[0]!), budget: 150, met: median(firstQueryMs) < 150 },
  firstQueryRows: myDayRows,
  openFileMs: round(median(openFileMs)),
  coldOpenToLoadedReplicaMs: { median: round(median(fullReplicaMs)), first: round(fullReplicaMs[0]!), budget: 1000, met: median(fullReplicaMs) < 1000 },
  localCommandDurableMs: { p50: round(median(commandMs)), p95: round(percentile(commandMs, 95)), budgetP95: 10, met: percentile(commandMs, 95) < 10, synchronous: 'FULL' },
  projectionUpdatePerCommandMs: { p50: round(median(projectionMs)), p95: round(percentile(projectionMs, 95)), budget: 1, met: percentile(projectionMs, 95) < 1 },
  loadDocumentMs: {
    sqliteStore: round(median(storeLoadMs)),
    rawApplyUpdate: round(median(rawLoadMs)),
    ratioStoreToRaw: round(median(storeLoadMs) / median(rawLoadMs), 2),
  },
};
process.stdout.write(`${JSON.stringify(result)}\n`);
