// A client offline with edits against an old generation reconnects and converges (issue 14's
// budget: < 5 s for 1,000 edits), on the desktop host's real code (WorkspaceReplica, moveReplica)
// against a real relay in this process (needs the relay's generations and archive).
//   BENCH_TASKS live tasks (default 10,000) + BENCH_CLOSED closed ones (default 1,000), written by
//   a client through the relay; the desktop replica syncs them, goes offline and makes BENCH_EDITS
//   comments (default 1,000: 90 % on live tasks, 10 % on closed ones, which the archive receives);
//   an admin runs retention (generation 1); the replica reconnects, gets 4410 and moves.
// Prints ONE JSON object: move (4410 to moved replica), converge (reconnect to online with nothing
// unacknowledged) with its split by step and the process's CPU time for it (client and relay share
// this process: on a loaded machine CPU time compares runs better than wall time), the port's
// counts, and a cold open of the new generation's file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createRepository } from '../src-shared/doc/repository';
import { archivePaths } from '../src-shared/protocol/archive-api';
import { relayHttpBase, relaySyncServerUrl } from '../src-shared/protocol/relay-api';
import { createRelay, createToken } from '../sync-server/relay';
import { moveReplica, type MoveResult } from '../src-main/replica/generation-move';
import { WorkspaceReplica } from '../src-main/replica/workspace-replica';

const LIVE = Number(process.env.BENCH_TASKS ?? 10_000);
const CLOSED = Number(process.env.BENCH_CLOSED ?? 1_000);
const EDITS = Number(process.env.BENCH_EDITS ?? 1_000);
const W = 'bench-gen';
const LIMITS = { messagesPerSecond: 1e9, messageBurst: 1e9, connectionsPerIpPerSecond: 1e9, connectionBurstPerIp: 1e9 };
const round = (n: number) => Math.round(n);
const until = async (done: () => boolean, what: string, ms = 120_000) => {
  process.stderr.write(`# ${what}\n`);
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const dir = mkdtempSync(path.join(tmpdir(), 'handoff-genbench-'));
const dbPath = path.join(dir, 'relay.sqlite');
const ann = createToken(dbPath, { workspace: W, user: 'ann', role: 'operator' }).token;
const adm = createToken(dbPath, { workspace: W, user: 'adm', role: 'admin' }).token;
const relay = createRelay({ dbPath, limits: LIMITS });
const { port } = await relay.listen(0, '127.0.0.1');
const url = `ws://127.0.0.1:${port}`;

// Seed through the relay: sync the members log first, then append every task offline and send them as one update.
const seedDoc = new Y.Doc();
const seed = new WebsocketProvider(relaySyncServerUrl(url), W, seedDoc, { params: { token: adm, gen: '0' }, WebSocketPolyfill: WebSocket as never, disableBc: true });
await until(() => seed.synced, 'seed synced');
seed.disconnect();
const admRepo = createRepository(seedDoc, { actor: 'adm' });
admRepo.updateSettings({ retentionDays: 0 });
const live: string[] = [];
const closed: string[] = [];
for (let i = 0; i < LIVE + CLOSED; i += 1) {
  const made = admRepo.create({ title: `Chase carrier for POD on shipment SH-${10_000 + i}`, ownerId: 'ann', links: [{ kind: 'shipment', id: `SH-${i}`, label: `Shipment SH-${i}` }] });
  if (!made.ok) throw new Error(made.error.message);
  admRepo.comment(made.value.id, 'Called the carrier, waiting for a callback.');
  if (i < CLOSED) {
    admRepo.complete(made.value.id);
    closed.push(made.value.id);
  } else live.push(made.value.id);
}
seed.connect();
await until(() => seed.synced, 'seed sent');

const file = path.join(dir, 'ann.sqlite');
let moving: Promise<MoveResult> | null = null;
let moveStarted = 0;
const steps: Record<string, number> = {};
const replica = WorkspaceReplica.open({
  file, workspaceId: W, userId: 'ann', generation: 0, relay: { url, token: ann, maxBackoffMs: 200 },
  onGenerationMoved: (generation) => { moveStarted = performance.now(); moving = moveReplica(replica, generation, { onStep: (step) => { steps[step] = performance.now(); } }); },
});
await until(() => replica.connection.state === 'online' && replica.repository.view.get(live[live.length - 1]!) !== undefined, 'replica synced', 300_000);

replica.setSyncEnabled(false);
for (let i = 0; i < EDITS; i += 1) {
  const onClosed = i % 10 === 9;
  const target = onClosed ? closed[i % closed.length]! : live[i % live.length]!;
  const done = replica.repository.comment(target, `Offline note ${i}`);
  if (!done.ok) throw new Error(done.error.message);
}

const run = await fetch(`${relayHttpBase(url)}${archivePaths.run(W)}`, { method: 'POST', headers: { Authorization: `Bearer ${adm}` } });
const ran = await run.json() as { archivedTasks: number; generation: number };
seed.destroy();
admRepo.destroy();

const cpuBefore = process.cpuUsage();
const reconnected = performance.now();
replica.setSyncEnabled(true);
await until(() => moving !== null, '4410');
const moved = await (moving as unknown as Promise<MoveResult>);
if ('failed' in moved) throw new Error(moved.failed);
const moveMs = performance.now() - moveStarted;
const next = moved.replica;
await until(() => next.connection.state === 'online' && next.connection.unacknowledged === 0, 'moved replica online');
const converged = performance.now();
const convergeMs = converged - reconnected;
// CPU time of this process (client and relay) for the same span: less at the mercy of the machine's load.
const convergeCpu = process.cpuUsage(cpuBefore);
// Where the time went: 4410, fresh sync into g's file (fold + projection), port, confirmation, switch, g online.
const splitMs = {
  until4410: round(moveStarted - reconnected), syncIntoNewFile: round(steps.synced! - moveStarted), port: round(steps.ported! - steps.synced!),
  confirm: round(steps.confirmed! - steps.ported!), switchFiles: round(steps.moved! - steps.confirmed!), newReplicaOnline: round(converged - steps.moved!),
};
const ported = { reappended: moved.port.reappended, archived: moved.port.archived, refused: moved.port.refused.length };
const nextOptions = { ...next.options, relay: null };
next.close();

// Cold open of the new generation's file: the store, the Y.Doc and the fold of every live task.
const started = performance.now();
const cold = WorkspaceReplica.open(nextOptions);
const coldOpenMs = performance.now() - started;
const liveAfter = cold.repository.view.all().length;
cold.close();
await relay.close();
rmSync(dir, { recursive: true, force: true });

process.stdout.write(`${JSON.stringify({
  bench: 'generation-move',
  liveTasks: LIVE, closedTasks: CLOSED, offlineEdits: EDITS, archivedByRun: ran.archivedTasks, generation: moved.generation,
  moveMs: round(moveMs), reconnectToConvergedMs: round(convergeMs), budgetMs: 5_000, withinBudget: convergeMs < 5_000, splitMs,
  reconnectToConvergedCpuMs: round((convergeCpu.user + convergeCpu.system) / 1_000),
  ported, desktopColdOpenNewGenerationMs: round(coldOpenMs), liveTasksAfter: liveAfter,
}, null, 2)}\n`);
process.exit(0); // a socket of the closed relay's clients can keep the loop alive: the figures are out
