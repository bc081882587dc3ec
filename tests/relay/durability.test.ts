// Durability: what a client saw acknowledged survives a graceful restart and a kill -9.
// "Acknowledged" = relayed to another client: the relay broadcasts an update only after the group
// commit that holds it, so everything the observer received must be in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createToken } from '../../sync-server/store';
import { connectClient, startRelayProcess, tempDir, waitFor, waitSynced, type RelayProcess, type TestClient } from './helpers';

function seqs(doc: Y.Doc): number[] {
  const log = doc.getMap('tasks').get('log') as Y.Array<{ seq: number }> | undefined;
  return log ? log.toArray().map((e) => e.seq) : [];
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
    writerToken = createToken(dbPath, { workspace: 'durable', user: 'writer', role: 'operator' }).token;
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
    writer.doc.getMap('tasks').set('log', new Y.Array());
    const log = writer.doc.getMap('tasks').get('log') as Y.Array<{ seq: number }>;
    for (let i = 0; i < count; i++) log.push([{ seq: i }]);
    return { writer, observer, log };
  }

  it('keeps everything across a graceful restart (SIGTERM flushes, exits 0)', async () => {
    const token = createToken(dbPath, { workspace: 'graceful', user: 'writer', role: 'operator' }).token;
    const viewer = createToken(dbPath, { workspace: 'graceful', user: 'observer', role: 'viewer' }).token;
    const relay = await startRelayProcess(dbPath);
    relays.push(relay);
    const writer = track(connectClient(relay.port, 'graceful', token));
    const observer = track(connectClient(relay.port, 'graceful', viewer));
    await Promise.all([waitSynced(writer), waitSynced(observer)]);
    writer.doc.getMap('tasks').set('log', new Y.Array());
    const log = writer.doc.getMap('tasks').get('log') as Y.Array<{ seq: number }>;
    for (let i = 0; i < 300; i++) log.push([{ seq: i }]);
    await waitFor(() => seqs(observer.doc).length === 300, 10_000, 'observer has 300');
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
    expect(seqs(fresh.doc)).toEqual([...Array(300).keys()]);
    await again.stop();
  });

  it('keeps every acknowledged update when killed with SIGKILL mid-write, and converges without duplicates', async () => {
    const relay = await startRelayProcess(dbPath);
    relays.push(relay);
    const { writer, observer, log } = await writeAndObserve(relay.port, 'durable', 1);
    let next = 1;
    const timer = setInterval(() => {
      for (let i = 0; i < 3; i++) log.push([{ seq: next++ }]);
    }, 2);
    // Kill the moment an acknowledgement arrives, while the writer is still streaming: the relay
    // is then between group commits with more updates in flight. (That a broadcast never
    // precedes its commit is checked deterministically in sync-server/room.test.ts.)
    const killed = new Promise<number | string>((resolve) => {
      const onUpdate = () => {
        if (seqs(observer.doc).length <= 600) return;
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
    const acknowledged = seqs(observer.doc);
    const written = next;
    expect(acknowledged.length).toBeGreaterThan(600);
    expect(written).toBeGreaterThan(acknowledged.length);

    const again = await startRelayProcess(dbPath, [], relay.port);
    relays.push(again);
    // A fresh replica (no local state) sees exactly what was acknowledged, or more; nothing twice.
    const fresh = track(connectClient(again.port, 'durable', viewerToken));
    await waitSynced(fresh);
    const recovered = seqs(fresh.doc);
    expect(new Set(recovered).size).toBe(recovered.length);
    const recoveredSet = new Set(recovered);
    const lost = acknowledged.filter((s) => !recoveredSet.has(s));
    expect(lost).toEqual([]);

    // The writer reconnects and delivers what the relay never acknowledged; all converge.
    writer.provider.connect();
    await waitFor(() => seqs(fresh.doc).length === written, 15_000, 'fresh replica has every write');
    const final = seqs(fresh.doc);
    expect(new Set(final).size).toBe(written);
    expect([...final].sort((a, b) => a - b)).toEqual([...Array(written).keys()]);
    expect(final).toEqual(seqs(writer.doc));
  });
});
