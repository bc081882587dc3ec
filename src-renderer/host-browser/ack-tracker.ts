// Counts local changes the relay has not acknowledged.
//
// The y-websocket protocol has no acknowledgements, but a relay handles one
// connection's messages in order and answers a sync step 1 with a sync step 2.
// So a step 2 that answers a step 1 we sent after local change N proves the
// relay processed every message before it, i.e. changes 1..N. We send such a
// probe (coalesced) after local changes while connected, and the provider
// itself sends one on every (re)connect. Each incoming step 2 pops the oldest
// outstanding probe and acknowledges through the change count it recorded.
//
// Counters survive a reload (localStorage), so changes made offline and not yet
// delivered still show as unacknowledged after the app restarts.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

const MESSAGE_SYNC = 0;

export interface AckCounters {
  /** Local transactions ever made on this device for this workspace. */
  made: number;
  /** Of those, how many the relay has confirmed. */
  acknowledged: number;
}

export interface AckStorage {
  load(): AckCounters | null;
  save(counters: AckCounters): void;
}

export function localStorageAckStorage(key: string): AckStorage {
  return {
    load() {
      const raw = window.localStorage.getItem(key);
      if (raw === null) return null;
      const parsed = JSON.parse(raw) as Partial<AckCounters>;
      if (typeof parsed.made !== 'number' || typeof parsed.acknowledged !== 'number') return null;
      return { made: parsed.made, acknowledged: parsed.acknowledged };
    },
    save(counters) {
      window.localStorage.setItem(key, JSON.stringify(counters));
    },
  };
}

/** Is this binary y-websocket message a sync step 2? */
export function isSyncStep2(data: Uint8Array): boolean {
  if (data.length < 2) return false;
  const decoder = decoding.createDecoder(data);
  if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return false;
  return decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep2;
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export class AckTracker {
  private counters: AckCounters;
  /** For each step 1 in flight on the current socket: `made` when it was sent. */
  private outstanding: number[] = [];

  constructor(
    private readonly storage: AckStorage,
    private readonly onChange: () => void,
  ) {
    this.counters = storage.load() ?? { made: 0, acknowledged: 0 };
  }

  get unacknowledged(): number {
    return Math.max(0, this.counters.made - this.counters.acknowledged);
  }

  localChange(): void {
    this.counters = { ...this.counters, made: this.counters.made + 1 };
    this.storage.save(this.counters);
    this.onChange();
  }

  /** A step 1 went out on the socket (ours or the provider's on connect). */
  probeSent(): void {
    this.outstanding.push(this.counters.made);
  }

  /** A step 2 came in: the relay has processed everything before the oldest probe. */
  step2Received(): void {
    const through = this.outstanding.shift();
    if (through === undefined || through <= this.counters.acknowledged) return;
    this.counters = { ...this.counters, acknowledged: through };
    this.storage.save(this.counters);
    this.onChange();
  }

  /** The socket closed: probes in flight will never be answered. */
  socketClosed(): void {
    this.outstanding = [];
  }

  get hasUnprobedChanges(): boolean {
    const last = this.outstanding[this.outstanding.length - 1] ?? this.counters.acknowledged;
    return this.counters.made > last;
  }
}
