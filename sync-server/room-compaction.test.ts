// When a room compacts: compaction blocks the event loop, so it waits for a quiet moment (250 ms
// without an update) once the threshold is crossed, and a room that is never quiet is compacted
// at 4x the threshold anyway.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { AppendQueue } from './append-queue';
import { resolveLimits } from './limits';
import { silentLog } from './log';
import { RelayMetrics } from './metrics';
import { encodeSyncUpdate } from './protocol';
import { Room, type RoomConnection } from './room';
import { openRelayStore, type RelayStore } from './store';

let dir: string;
let store: RelayStore;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  dir = mkdtempSync(path.join(tmpdir(), 'relay-compaction-'));
  store = openRelayStore(path.join(dir, 'relay.sqlite'));
});
afterEach(() => {
  vi.useRealTimers();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function roomWithWriter(threshold: number) {
  const metrics = new RelayMetrics();
  const queue = new AppendQueue(store.rooms, { batching: false, metrics });
  const room = Room.load('w', { persistence: store.rooms, queue, metrics, log: silentLog, limits: resolveLimits({ compactAfterUpdates: threshold }), onBroken: () => {},
    // About when compaction runs, not about the write check (which has its own tests).
    checks: false, membersOf: () => [], isTokenActive: () => true });
  const conn: RoomConnection = {
    id: 1,
    principal: { tokenId: 't', workspace: 'w', userId: 'ann', role: 'operator' },
    awarenessClientIds: new Set(),
    send: () => {},
    close: () => {},
  };
  room.join(conn);
  const doc = new Y.Doc();
  let n = 0;
  const write = () => {
    doc.once('update', (update: Uint8Array) => room.handleMessage(conn, encodeSyncUpdate(update)));
    doc.getMap('tasks').set(`t${n++}`, n);
  };
  return { room, metrics, write, rows: () => store.rooms.updateCount('w') };
}

describe('room compaction timing', () => {
  it('waits until the room has been quiet for 250 ms', () => {
    const { room, metrics, write, rows } = roomWithWriter(10);
    for (let i = 0; i < 25; i++) {
      write();
      vi.advanceTimersByTime(100);
    }
    expect(metrics.compactions.value).toBe(0); // busy all along: 25 rows, more than the threshold
    expect(rows()).toBe(25);
    vi.advanceTimersByTime(150);
    expect(metrics.compactions.value).toBe(1);
    expect(rows()).toBe(0);
    room.unload({ compact: false });
  });

  it('compacts a room that is never quiet once it has 4x the threshold', () => {
    const { room, metrics, write, rows } = roomWithWriter(10);
    let compactedAt = -1;
    for (let i = 1; i <= 60; i++) {
      write();
      vi.advanceTimersByTime(100);
      if (compactedAt < 0 && metrics.compactions.value > 0) compactedAt = i;
    }
    expect(compactedAt).toBeGreaterThanOrEqual(40);
    expect(compactedAt).toBeLessThanOrEqual(43);
    expect(rows()).toBeLessThan(25);
    room.unload({ compact: false });
  });
});
