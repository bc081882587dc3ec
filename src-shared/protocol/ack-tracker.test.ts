import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { AckTracker, encodeSyncStep1, isSyncStep1, isSyncStep2, type AckState } from './ack-tracker';

describe('AckTracker', () => {
  it('acknowledges only through the change count a probe was sent after', () => {
    const saved: AckState[] = [];
    const tracker = new AckTracker({ made: 0, acknowledged: 0 }, (s) => saved.push(s));
    tracker.localUpdate();
    tracker.localUpdate();
    tracker.socketOpened(); // the provider's own step 1 goes out first
    tracker.step2Received(); // ...and its answer proves nothing about our edits
    expect(tracker.unacknowledged).toBe(2);
    expect(tracker.needsProbe()).toBe(true);
    tracker.probeSent(); // covers 1..2
    tracker.localUpdate(); // 3, after the probe
    tracker.step2Received();
    expect(tracker.unacknowledged).toBe(1);
    expect(tracker.needsProbe()).toBe(true);
    tracker.probeSent();
    tracker.step2Received();
    expect(tracker.unacknowledged).toBe(0);
    expect(tracker.needsProbe()).toBe(false);
    expect(saved.at(-1)).toEqual({ made: 3, acknowledged: 3 });
  });

  it('forgets probes of a closed socket and keeps counting across a restart', () => {
    const tracker = new AckTracker({ made: 5, acknowledged: 2 });
    tracker.socketOpened();
    tracker.probeSent();
    tracker.socketClosed();
    tracker.step2Received(); // a late frame from the old socket: nothing in flight any more
    expect(tracker.unacknowledged).toBe(3);
    expect(tracker.probesInFlight).toBe(0);
    expect(() => new AckTracker({ made: 1, acknowledged: 2 })).toThrow(RangeError);
  });
});

describe('sync message classification', () => {
  it('recognises a sync step 1 and step 2, and nothing else', () => {
    const doc = new Y.Doc();
    const step1 = encodeSyncStep1(doc);
    expect(isSyncStep1(step1)).toBe(true);
    expect(isSyncStep2(step1)).toBe(false);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeSyncStep2(encoder, doc);
    expect(isSyncStep2(encoding.toUint8Array(encoder))).toBe(true);
    expect(isSyncStep2(new Uint8Array([1, 1]))).toBe(false);
    expect(isSyncStep1(new Uint8Array([0]))).toBe(false);
  });
});
