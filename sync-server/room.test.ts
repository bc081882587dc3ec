// Room + persistence, in process with fake connections: compaction preserves the document
// exactly, the database survives reopen, and nothing is broadcast that is not on disk.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { AppendQueue } from './append-queue';
import type { Principal } from './auth';
import { resolveLimits } from './limits';
import { silentLog } from './log';
import { RelayMetrics } from './metrics';
import { encodeSyncUpdate } from './protocol';
import { Room, type RoomConnection } from './room';
import { openRelayStore, type RelayStore } from './store';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function freshFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'relay-room-'));
  dirs.push(dir);
  return path.join(dir, 'relay.sqlite');
}

let nextId = 1;
function fakeConn(role: Principal['role'] = 'operator'): RoomConnection & { sent: Uint8Array[]; closedWith: number | null } {
  const conn = {
    id: nextId++,
    principal: { tokenId: 't', workspace: 'w', userId: `u${nextId}`, role },
    awarenessClientIds: new Set<number>(),
    sent: [] as Uint8Array[],
    closedWith: null as number | null,
    send(data: Uint8Array) {
      conn.sent.push(data);
    },
    close(code: number) {
      conn.closedWith = code;
    },
  };
  return conn;
}

function loadRoom(store: RelayStore, options: { batching?: boolean; onBroken?: (room: Room) => void } = {}) {
  const metrics = new RelayMetrics();
  const queue = new AppendQueue(store.rooms, { batching: options.batching ?? false, metrics });
  const room = Room.load('w', { persistence: store.rooms, queue, metrics, log: silentLog, limits: resolveLimits({ compactAfterUpdates: 1e9 }), onBroken: options.onBroken ?? (() => {}),
    // These tests are about persistence and compaction of arbitrary yjs content; the write check has its own tests.
    checks: false, membersOf: () => [], isTokenActive: () => true });
  return { room, queue, metrics };
}

type Op = { key: string; value: number } | { key: string; delete: true } | { push: string };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd'), value: fc.integer() }),
  fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd'), delete: fc.constant(true as const) }),
  fc.record({ push: fc.string({ maxLength: 6 }) }),
);

function applyOp(doc: Y.Doc, op: Op): void {
  const tasks = doc.getMap('tasks');
  if ('push' in op) {
    if (!tasks.has('log')) tasks.set('log', new Y.Array());
    (tasks.get('log') as Y.Array<string>).push([op.push]);
  } else if ('delete' in op) tasks.delete(op.key);
  else tasks.set(op.key, op.value);
}

describe('room persistence', () => {
  it('compaction keeps the document identical, and the database reloads it after reopen', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(opArb, { minLength: 1, maxLength: 4 }), fc.boolean()), { minLength: 1, maxLength: 25 }),
        (steps) => {
          const file = freshFile();
          let store = openRelayStore(file);
          let { room } = loadRoom(store);
          const client = new Y.Doc();
          const conn = fakeConn();
          room.join(conn);
          client.on('update', (u: Uint8Array) => room.handleMessage(conn, encodeSyncUpdate(u)));
          for (const [ops, compactNow] of steps) {
            client.transact(() => ops.forEach((op) => applyOp(client, op)));
            if (compactNow) {
              const before = Y.encodeStateAsUpdate(room.doc);
              room.compact();
              expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
              expect(store.rooms.updateCount('w')).toBe(0);
            }
          }
          expect(room.doc.getMap('tasks').toJSON()).toEqual(client.getMap('tasks').toJSON());
          room.leave(conn);
          room.unload({ compact: steps.length % 2 === 0 });
          store.close();

          store = openRelayStore(file);
          ({ room } = loadRoom(store));
          expect(room.doc.getMap('tasks').toJSON()).toEqual(client.getMap('tasks').toJSON());
          expect(Y.encodeStateVector(room.doc)).toEqual(Y.encodeStateVector(client));
          room.unload({ compact: false });
          store.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('stores yjs re-encodings, not client bytes, and a duplicate update adds no row', () => {
    const store = openRelayStore(freshFile());
    const { room } = loadRoom(store);
    const conn = fakeConn();
    room.join(conn);
    const client = new Y.Doc();
    client.getMap('tasks').set('x', 1);
    const update = Y.encodeStateAsUpdate(client);
    room.handleMessage(conn, encodeSyncUpdate(update));
    room.handleMessage(conn, encodeSyncUpdate(update));
    expect(store.rooms.updateCount('w')).toBe(1);
    room.unload({ compact: false });
    store.close();
  });

  it('broadcasts nothing and closes everyone with 1011 when the append fails', () => {
    const store = openRelayStore(freshFile());
    let broken: Room | null = null;
    const { room, metrics } = loadRoom(store, { batching: true, onBroken: (r) => (broken = r) });
    const writer = fakeConn();
    const reader = fakeConn();
    room.join(writer);
    room.join(reader);
    const sentBefore = reader.sent.length;
    store.rooms.appendMany = () => {
      throw new Error('disk full');
    };
    const client = new Y.Doc();
    client.getMap('tasks').set('lost', true);
    room.handleMessage(writer, encodeSyncUpdate(Y.encodeStateAsUpdate(client)));
    // A sync step 1 forces the flush; the answer must not carry the unpersisted update.
    room.handleMessage(reader, new Uint8Array([0, 0, 1, 0]));
    expect(reader.sent.length).toBe(sentBefore);
    expect(writer.closedWith).toBe(1011);
    expect(reader.closedWith).toBe(1011);
    expect(broken).toBe(room);
    expect(metrics.persistenceFailures.value).toBe(1);
    store.close();
  });

  it('answers fresh clients from a cached full state that every update invalidates', () => {
    const store = openRelayStore(freshFile());
    const { room } = loadRoom(store);
    const writer = fakeConn();
    room.join(writer);
    const client = new Y.Doc();
    client.on('update', (u: Uint8Array) => room.handleMessage(writer, encodeSyncUpdate(u)));
    const fresh = (): Y.Doc => {
      const conn = fakeConn('viewer');
      room.join(conn);
      room.handleMessage(conn, new Uint8Array([0, 0, 1, 0]));
      const doc = new Y.Doc();
      const step2 = conn.sent.at(-1) as Uint8Array;
      expect([...step2.subarray(0, 2)]).toEqual([0, 1]);
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoding.createDecoder(step2.subarray(2))));
      room.leave(conn);
      return doc;
    };
    client.getMap('tasks').set('a', 1);
    expect(fresh().getMap('tasks').toJSON()).toEqual({ a: 1 });
    expect(fresh().getMap('tasks').toJSON()).toEqual({ a: 1 });
    client.getMap('tasks').set('b', 2);
    expect(fresh().getMap('tasks').toJSON()).toEqual({ a: 1, b: 2 });
    room.unload({ compact: false });
    store.close();
  });

  it('holds step 1 answers (acknowledgements) while the sender has updates waiting for dependencies', () => {
    const file = freshFile();
    const store = openRelayStore(file);
    const { room } = loadRoom(store);
    const conn = fakeConn();
    room.join(conn);
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    client.getMap('tasks').set('first', 1);
    client.getMap('tasks').set('second', 2);
    const [first, second] = updates as [Uint8Array, Uint8Array];
    room.handleMessage(conn, encodeSyncUpdate(second)); // depends on `first`: pending, not stored
    const step2s = () => conn.sent.filter((m) => m[0] === 0 && m[1] === 1).length;
    room.handleMessage(conn, new Uint8Array([0, 0, 1, 0])); // a probe
    expect(step2s()).toBe(0); // not acknowledged: `second` is not on disk
    expect(store.rooms.updateCount('w')).toBe(0);
    room.handleMessage(conn, encodeSyncUpdate(first));
    expect(step2s()).toBe(1); // released once both are integrated and stored
    expect(store.rooms.updateCount('w')).toBeGreaterThan(0);
    room.unload({ compact: false });
    store.close();
    const reopened = openRelayStore(file);
    const { room: again } = loadRoom(reopened);
    expect(again.doc.getMap('tasks').toJSON()).toEqual({ first: 1, second: 2 });
    again.unload({ compact: false });
    reopened.close();
  });

  it('drops a viewer update without touching the document or the database', () => {
    const store = openRelayStore(freshFile());
    const { room, metrics } = loadRoom(store);
    const viewer = fakeConn('viewer');
    room.join(viewer);
    const client = new Y.Doc();
    client.getMap('tasks').set('x', 1);
    room.handleMessage(viewer, encodeSyncUpdate(Y.encodeStateAsUpdate(client)));
    expect(room.doc.getMap('tasks').size).toBe(0);
    expect(store.rooms.updateCount('w')).toBe(0);
    expect(metrics.updatesDroppedViewer.value).toBe(1);
    expect(viewer.closedWith).toBeNull();
    room.unload({ compact: false });
    store.close();
  });
});
