import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { AckTracker, encodeSyncStep1, type AckState } from './ack-tracker';
import { frameKind } from './relay-client';

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
  it('recognises a sync step 1, step 2, update and awareness, and nothing else', () => {
    const doc = new Y.Doc();
    const step1 = encodeSyncStep1(doc);
    expect(frameKind(step1)).toBe('sync_step1');
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeSyncStep2(encoder, doc);
    expect(frameKind(encoding.toUint8Array(encoder))).toBe('sync_step2');
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 0);
    syncProtocol.writeUpdate(update, Y.encodeStateAsUpdate(doc));
    expect(frameKind(encoding.toUint8Array(update))).toBe('sync_update');
    expect(frameKind(new Uint8Array([1, 1]))).toBe('awareness');
    expect(frameKind(new Uint8Array([0]))).toBe('other');
    expect(frameKind(new Uint8Array([]))).toBe('other');
    expect(frameKind(new Uint8Array([0, 7]))).toBe('other');
    expect(frameKind(new Uint8Array([0xff]))).toBe('other'); // a truncated varUint
  });
});
