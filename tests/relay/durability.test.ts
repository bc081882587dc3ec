// Durability: what a client saw acknowledged survives a graceful restart and a kill -9.
// "Acknowledged" = relayed to another client: the relay broadcasts an update only after the group
// commit that holds it, so everything the observer received must be in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { RelayCloseCode } from '../../src-shared/protocol/relay-api';
import { createToken } from '../../sync-server/store';
import { connectClient, startRelayProcess, tempDir, waitFor, waitSynced, type RelayProcess, type TestClient } from './helpers';
import { commentBodies, taskOf, writeComment, writeTask } from './task-writes';

// The writer's tokens are created for this user; it appends one comment per sequence number to
// one task (real, checked events), and the observers count the comments that reached them.
const WRITER = 'writer';

function seqs(doc: Y.Doc, taskId: string): number[] {
  return commentBodies(doc, taskId).map(Number);
}

/** A task whose log receives the sequence, and the function that appends sequence number `seq`. */
function sequenceLog(doc: Y.Doc): { taskId: string; append(seq: number): void } {
  const taskId = writeTask(doc, WRITER, 'Durable sequence');
  return { taskId, append: (seq) => writeComment(doc, WRITER, taskId, String(seq)) };
}

describe('relay durability', () => {
  const tmp = tempDir();
  const clients: TestClient[] = [];
  const relays: RelayProcess[] = [];
  const track = (c: TestClient) => (clients.push(c), c);
  let writerToken: string;
  let viewerToken: string;
  const dbPath = `${tmp.dir}/relay.sqlite`;

  beforeAll(() => {
    writerToken = createToken(dbPath, { workspace: 'durable', user: WRITER, role: 'operator' }).token;
    viewerToken = createToken(dbPath, { workspace: 'durable', user: 'observer', role: 'viewer' }).token;
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const r of relays) await r.stop('SIGKILL');
    tmp.cleanup();
  });

  async function writeAndObserve(port: number, room: string, count: number) {
    const writer = track(connectClient(port, room, writerToken));
    const observer = track(connectClient(port, room, viewerToken));
    await Promise.all([waitSynced(writer), waitSynced(observer)]);
    const log = sequenceLog(writer.doc);
    for (let i = 0; i < count; i++) log.append(i);
    return { writer, observer, log };
  }

  it('keeps everything across a graceful restart (SIGTERM flushes, exits 0)', async () => {
    const token = createToken(dbPath, { workspace: 'graceful', user: WRITER, role: 'operator' }).token;
    const viewer = createToken(dbPath, { workspace: 'graceful', user: 'observer', role: 'viewer' }).token;
    const relay = await startRelayProcess(dbPath);
    relays.push(relay);
    const writer = track(connectClient(relay.port, 'graceful', token));
    const observer = track(connectClient(relay.port, 'graceful', viewer));
    await Promise.all([waitSynced(writer), waitSynced(observer)]);
    const { taskId, append } = sequenceLog(writer.doc);
    for (let i = 0; i < 300; i++) append(i);
    await waitFor(() => seqs(observer.doc, taskId).length === 300, 10_000, 'observer has 300');
    const closed = new Promise<number>((resolve) => writer.provider.once('connection-close', (e) => resolve(e?.code ?? -1)));
    writer.provider.shouldConnect = false;
    observer.provider.shouldConnect = false;
    expect(await relay.stop('SIGTERM')).toBe(0);
    expect(await closed).toBe(1001);
    expect(relay.logs.some((l) => l.event === 'stopped')).toBe(true);

    const again = await startRelayProcess(dbPath);
    relays.push(again);
    const fresh = track(connectClient(again.port, 'graceful', viewer));
    await waitSynced(fresh);
    expect(seqs(fresh.doc, taskId)).toEqual([...Array(300).keys()]);
    expect(taskOf(fresh.doc, taskId)?.comments.map((c) => c.body)).toEqual([...Array(300).keys()].map(String));
    await again.stop();
  });

  it('keeps every acknowledged update when killed with SIGKILL mid-write, and converges without duplicates', async () => {
    const relay = await startRelayProcess(dbPath);
    relays.push(relay);
    const { writer, observer, log } = await writeAndObserve(relay.port, 'durable', 1);
    let next = 1;
    const timer = setInterval(() => {
      for (let i = 0; i < 3; i++) log.append(next++);
    }, 2);
    // Kill the moment an acknowledgement arrives, while the writer is still streaming: the relay
    // is then between group commits with more updates in flight. (That a broadcast never
    // precedes its commit is checked deterministically in sync-server/room.test.ts.)
    const killed = new Promise<number | string>((resolve) => {
      const onUpdate = () => {
        if (seqs(observer.doc, log.taskId).length <= 600) return;
        observer.doc.off('update', onUpdate);
        resolve(relay.stop('SIGKILL'));
      };
      observer.doc.on('update', onUpdate);
    });
    expect(await killed).toBe('SIGKILL');
    // The writer keeps writing while the relay is down (offline edits), then stops.
    await new Promise((r) => setTimeout(r, 100));
    clearInterval(timer);
    writer.provider.disconnect();
    observer.provider.disconnect();
    const acknowledged = seqs(observer.doc, log.taskId);
    const written = next;
    expect(acknowledged.length).toBeGreaterThan(600);
    expect(written).toBeGreaterThan(acknowledged.length);

    const again = await startRelayProcess(dbPath, [], relay.port);
    relays.push(again);
    // A fresh replica (no local state) sees exactly what was acknowledged, or more; nothing twice.
    const fresh = track(connectClient(again.port, 'durable', viewerToken));
    await waitSynced(fresh);
    const recovered = seqs(fresh.doc, log.taskId);
    expect(new Set(recovered).size).toBe(recovered.length);
    const recoveredSet = new Set(recovered);
    const lost = acknowledged.filter((s) => !recoveredSet.has(s));
    expect(lost).toEqual([]);

    // The writer reconnects and delivers what the relay never acknowledged; all converge.
    writer.provider.connect();
    await waitFor(() => seqs(fresh.doc, log.taskId).length === written, 15_000, 'fresh replica has every write');
    const final = seqs(fresh.doc, log.taskId);
    expect(new Set(final).size).toBe(written);
    expect([...final].sort((a, b) => a - b)).toEqual([...Array(written).keys()]);
    expect(final).toEqual(seqs(writer.doc, log.taskId));
    expect(taskOf(fresh.doc, log.taskId)?.comments).toHaveLength(written);
    expect([...writer.closes, ...observer.closes, ...fresh.closes].filter((c) => c.code === RelayCloseCode.refusedUpdate)).toEqual([]);
  });
});
