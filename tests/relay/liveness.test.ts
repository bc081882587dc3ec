// Connection hygiene, in process for speed: awareness of a dropped client is cleared for the
// others, unresponsive connections are cut by ping/pong, and a token revoked while connected
// closes its live sessions with 4401.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import { RelayCloseCode } from '../../src-shared/protocol/relay-api';
import { createRelay, createToken, readServeLock, revokeToken, type Relay } from '../../sync-server/relay';
import { connectClient, tempDir, waitFor, waitSynced, type TestClient } from './helpers';

describe('relay liveness and revocation', () => {
  const tmp = tempDir();
  let relay: Relay;
  let port: number;
  let token: string;
  const clients: TestClient[] = [];
  const track = (c: TestClient) => (clients.push(c), c);

  beforeAll(async () => {
    relay = createRelay({ dbPath: `${tmp.dir}/relay.sqlite`, limits: { pingIntervalMs: 150, authRecheckMs: 150 } });
    token = createToken(relay.store, { workspace: 'live', user: 'ann', role: 'operator' }).token;
    ({ port } = await relay.listen(0, '127.0.0.1'));
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await relay?.close();
    tmp.cleanup();
  });

  it('clears the awareness state of a client whose connection dropped', async () => {
    const a = track(connectClient(port, 'live', token));
    const b = track(connectClient(port, 'live', token));
    await Promise.all([waitSynced(a), waitSynced(b)]);
    // Presence names the token's own user (the relay drops presence that names anyone else).
    a.provider.awareness.setLocalStateField('user', { id: 'ann', name: 'Ann', openTask: 't-1' });
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), 5000, 'b sees a');
    // Drop a without a goodbye: no awareness removal is sent by the client.
    a.provider.shouldConnect = false;
    (a.provider.ws as unknown as WebSocket).terminate();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 5000, 'a cleared at b');
  });

  it('cuts a connection that stops answering pings', async () => {
    const silent = new WebSocket(`ws://127.0.0.1:${port}/sync/live?token=${token}`, { autoPong: false });
    const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    await new Promise((r) => silent.once('open', r));
    expect(await closed).toBe(1006); // terminated: no close frame for a dead peer
    await waitFor(() => relay.hub.connectionCount <= clients.length, 2000, 'hub forgot it');
  });

  it('closes with 1011 when a room cannot be loaded, and stays up for the next attempt', async () => {
    const rooms = relay.store.rooms;
    const original = rooms.load.bind(rooms);
    rooms.load = () => {
      throw new Error('disk I/O error');
    };
    const other = createToken(relay.store, { workspace: 'not-loaded-yet', user: 'ann', role: 'operator' }).token;
    const c = track(connectClient(port, 'not-loaded-yet', other));
    const first = await new Promise<number>((resolve) => c.provider.once('connection-close', (e) => resolve(e?.code ?? -1)));
    rooms.load = original;
    expect(first).toBe(RelayCloseCode.internalError);
    await waitSynced(c); // the stock client retried on its own
  });

  it('closes live sessions of a revoked token with 4401', async () => {
    const doomed = createToken(relay.store, { workspace: 'live', user: 'bo', role: 'operator' }).token;
    const c = track(connectClient(port, 'live', doomed));
    await waitSynced(c);
    const closed = new Promise<{ code: number }>((resolve) => c.provider.once('closed', (e) => resolve(e)));
    revokeToken(relay.store, { token: doomed });
    expect((await closed).code).toBe(RelayCloseCode.unauthorized);
  });
});

describe('one relay per database file', () => {
  it('refuses a second relay on the same file, and takes over a stale lock', async () => {
    const tmp = tempDir();
    onTestFinished(() => tmp.cleanup());
    const dbPath = `${tmp.dir}/not-yet/relay.sqlite`; // the directory is created on demand
    const first = createRelay({ dbPath });
    const { port: firstPort } = await first.listen(0, '127.0.0.1');
    expect(readServeLock(dbPath)).toEqual({ pid: process.pid, host: '127.0.0.1', port: firstPort });
    expect(() => createRelay({ dbPath })).toThrow(new RegExp(`another relay \\(pid ${process.pid}, 127.0.0.1:${firstPort}\\)`));
    await first.close();
    expect(readServeLock(dbPath)).toBeNull();
    const second = createRelay({ dbPath });
    await second.close();
    // A lock left by a process that no longer exists (kill -9) is stale.
    writeFileSync(`${dbPath}.relay-lock`, JSON.stringify({ pid: 2147483646, port: 1 }));
    const third = createRelay({ dbPath });
    await third.close();
  });
});
