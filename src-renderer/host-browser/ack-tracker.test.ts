import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { AckTracker, encodeSyncStep1, isSyncStep2, type AckCounters } from './ack-tracker';
import { httpBaseFromRelayUrl, parseMembers, syncServerUrl } from './members-cache';

function memory(initial: AckCounters | null = null) {
  let saved = initial;
  return { load: () => saved, save: (counters: AckCounters) => { saved = counters; }, get saved() { return saved; } };
}

describe('ack tracker', () => {
  it('acknowledges changes only through the probe a step 2 answers, in order', () => {
    const storage = memory();
    const tracker = new AckTracker(storage, () => undefined);
    tracker.localChange(); // made offline
    tracker.probeSent(false); // the provider's step 1 on connect: answered before our changes arrive
    tracker.localChange();
    tracker.probeSent(); // our probe after changes 1 and 2 (sent after our step 2)
    tracker.localChange();
    expect(tracker.unacknowledged).toBe(3);
    tracker.step2Received(); // answers the connect probe: nothing acknowledged
    expect(tracker.unacknowledged).toBe(3);
    tracker.step2Received(); // answers the probe sent after change 2
    expect(tracker.unacknowledged).toBe(1);
    expect(tracker.hasUnprobedChanges).toBe(true);
  });

  it('forgets probes of a closed socket and survives a restart', () => {
    const storage = memory();
    const tracker = new AckTracker(storage, () => undefined);
    tracker.localChange();
    tracker.probeSent();
    tracker.socketClosed();
    tracker.step2Received(); // a late answer of another socket proves nothing
    expect(tracker.unacknowledged).toBe(1);
    const restarted = new AckTracker(storage, () => undefined);
    expect(restarted.unacknowledged).toBe(1);
  });

  it('recognises a sync step 2 and builds a step 1', () => {
    const doc = new Y.Doc();
    const step1 = encodeSyncStep1(doc);
    expect(isSyncStep2(step1)).toBe(false);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeSyncStep2(encoder, doc);
    expect(isSyncStep2(encoding.toUint8Array(encoder))).toBe(true);
    expect(isSyncStep2(new Uint8Array([1, 1]))).toBe(false);
  });
});

describe('relay URLs and members', () => {
  it('accepts ws, http and /sync forms of the relay URL', () => {
    expect(httpBaseFromRelayUrl('ws://127.0.0.1:8787/sync')).toBe('http://127.0.0.1:8787');
    expect(httpBaseFromRelayUrl('wss://relay.example.com')).toBe('https://relay.example.com');
    expect(syncServerUrl('http://127.0.0.1:8787')).toBe('ws://127.0.0.1:8787/sync');
    expect(syncServerUrl('ws://127.0.0.1:8787/sync')).toBe('ws://127.0.0.1:8787/sync');
  });

  it('refuses a members list of the wrong shape instead of guessing', () => {
    expect(parseMembers([{ userId: 'a', role: 'lead' }])).toEqual([{ userId: 'a', role: 'lead' }]);
    expect(() => parseMembers([{ userId: 'a', role: 'king' }])).toThrow();
  });
});
