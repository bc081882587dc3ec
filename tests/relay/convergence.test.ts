// Real relay process, real y-websocket clients: convergence, late joiners, offline edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../sync-server/store';
import { RelayCloseCode } from '../../src-shared/protocol/relay-api';
import { connectClient, content, sameContent, startRelayProcess, tempDir, waitFor, waitSynced, type RelayProcess, type TestClient } from './helpers';
import { commentBodies, hasTitle, taskOf, taskTitles, writeComment, writeTask, writeTitle } from './task-writes';

/** No client had an update refused (every write here is an honest one). */
const noRefusals = (...clients: TestClient[]) => clients.flatMap((c) => c.closes).filter((c) => c.code === RelayCloseCode.refusedUpdate);

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
    // A task both will edit, known to both before they go concurrent.
    const shared = writeTask(a.doc, 'alice', 'Shared: original title');
    await waitFor(() => taskOf(b.doc, shared) !== undefined, 10_000, 'shared task reaches b');
    // Concurrent: both write before seeing each other's edits.
    const expected: string[] = ['Shared: original title'];
    for (let i = 0; i < 20; i++) {
      const fromA = writeTask(a.doc, 'alice', `a${i}`);
      writeTask(b.doc, 'bob', `b${i}`);
      writeComment(a.doc, 'alice', fromA, `created ${i}`);
      expected.push(`a${i}`, `b${i}`);
    }
    // Both rename the same task and comment on it concurrently: the fold picks one title everywhere.
    writeTitle(a.doc, 'alice', shared, 'Shared: from a');
    writeTitle(b.doc, 'bob', shared, 'Shared: from b');
    writeComment(a.doc, 'alice', shared, 'a was here');
    writeComment(b.doc, 'bob', shared, 'b was here');
    await waitFor(() => a.doc.getMap('tasks').size === 41 && b.doc.getMap('tasks').size === 41, 10_000, 'both see 41 tasks');
    await waitFor(() => sameContent(a.doc, b.doc), 10_000, 'convergence');
    expect(taskOf(a.doc, shared)?.title).toBe(taskOf(b.doc, shared)?.title);
    expect(['Shared: from a', 'Shared: from b']).toContain(taskOf(a.doc, shared)?.title);
    expect(commentBodies(b.doc, shared).sort()).toEqual(['a was here', 'b was here']);
    expect(taskTitles(a.doc)).toEqual(taskTitles(b.doc));
    expect(taskTitles(a.doc)).toHaveLength(41);
    expect(noRefusals(a, b)).toEqual([]);

    const c = track(connectClient(relay.port, 'acme', carol));
    await waitSynced(c);
    await waitFor(() => sameContent(c.doc, a.doc), 10_000, 'late joiner');
    expect(taskTitles(c.doc)).toEqual(taskTitles(a.doc));
    expect(taskOf(c.doc, shared)?.title).toBe(taskOf(a.doc, shared)?.title);
    expect(noRefusals(c)).toEqual([]);
  });

  it('a client that was offline with local edits converges after reconnecting', async () => {
    const a = track(connectClient(relay.port, 'acme', alice));
    const b = track(connectClient(relay.port, 'acme', bob));
    await Promise.all([waitSynced(a), waitSynced(b)]);
    b.provider.disconnect();
    const offline = writeTask(b.doc, 'bob', 'written while offline');
    const online = writeTask(a.doc, 'alice', 'written while b was away');
    await new Promise((r) => setTimeout(r, 100));
    expect(taskOf(b.doc, online)).toBeUndefined();
    b.provider.connect();
    await waitFor(
      () => taskOf(a.doc, offline) !== undefined && taskOf(b.doc, online) !== undefined,
      10_000,
      'offline edits exchanged',
    );
    expect(taskOf(a.doc, offline)?.title).toBe('written while offline');
    expect(hasTitle(b.doc, 'written while b was away')).toBe(true);
    expect(taskTitles(a.doc)).toEqual(taskTitles(b.doc));
    expect(noRefusals(a, b)).toEqual([]);
    expect(content(a.doc)).toEqual(content(b.doc));
  });
});
