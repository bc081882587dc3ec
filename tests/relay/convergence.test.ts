// Real relay process, real y-websocket clients: convergence, late joiners, offline edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createToken } from '../../sync-server/store';
import { connectClient, content, sameContent, startRelayProcess, tempDir, waitFor, waitSynced, type RelayProcess, type TestClient } from './helpers';

describe('relay: convergence with stock WebsocketProvider clients', () => {
  const tmp = tempDir();
  const dbPath = `${tmp.dir}/relay.sqlite`;
  let relay: RelayProcess;
  let alice: string;
  let bob: string;
  let carol: string;
  const clients: TestClient[] = [];
  const track = (c: TestClient) => (clients.push(c), c);

  beforeAll(async () => {
    alice = createToken(dbPath, { workspace: 'acme', user: 'alice', role: 'operator' }).token;
    bob = createToken(dbPath, { workspace: 'acme', user: 'bob', role: 'lead' }).token;
    carol = createToken(dbPath, { workspace: 'acme', user: 'carol', role: 'viewer' }).token;
    relay = await startRelayProcess(dbPath);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await relay?.stop();
    tmp.cleanup();
  });

  it('two clients converge on concurrent edits and a late joiner receives everything', async () => {
    const a = track(connectClient(relay.port, 'acme', alice));
    const b = track(connectClient(relay.port, 'acme', bob));
    await Promise.all([waitSynced(a), waitSynced(b)]);
    // Concurrent: both write before seeing each other's edits.
    for (let i = 0; i < 20; i++) {
      a.doc.getMap('tasks').set(`a${i}`, new Y.Array());
      b.doc.getMap('tasks').set(`b${i}`, new Y.Array());
      (a.doc.getMap('tasks').get(`a${i}`) as Y.Array<unknown>).push([{ type: 'created', i }]);
    }
    a.doc.getMap('tasks').set('shared', 'from-a');
    b.doc.getMap('tasks').set('shared', 'from-b');
    await waitFor(() => a.doc.getMap('tasks').size === 41 && b.doc.getMap('tasks').size === 41, 10_000, 'both see 41 keys');
    await waitFor(() => sameContent(a.doc, b.doc), 10_000, 'convergence');

    const c = track(connectClient(relay.port, 'acme', carol));
    await waitSynced(c);
    await waitFor(() => sameContent(c.doc, a.doc), 10_000, 'late joiner');
  });

  it('a client that was offline with local edits converges after reconnecting', async () => {
    const a = track(connectClient(relay.port, 'acme', alice));
    const b = track(connectClient(relay.port, 'acme', bob));
    await Promise.all([waitSynced(a), waitSynced(b)]);
    b.provider.disconnect();
    b.doc.getMap('tasks').set('offline-b', 'written while offline');
    a.doc.getMap('tasks').set('online-a', 'written while b was away');
    await new Promise((r) => setTimeout(r, 100));
    expect(b.doc.getMap('tasks').get('online-a')).toBeUndefined();
    b.provider.connect();
    await waitFor(
      () => a.doc.getMap('tasks').get('offline-b') !== undefined && b.doc.getMap('tasks').get('online-a') !== undefined,
      10_000,
      'offline edits exchanged',
    );
    expect(content(a.doc)).toEqual(content(b.doc));
  });
});
