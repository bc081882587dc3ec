// Counts local changes the relay has not acknowledged.
//
// The y-websocket protocol has no acknowledgements, but a relay handles one
// connection's messages in order and answers a sync step 1 with a sync step 2.
// So a step 2 that answers a step 1 we sent after local change N proves the
// relay processed every message before it, i.e. changes 1..N. We send such a
// probe (coalesced) after local changes while connected, and right after we
// answered the relay's step 1 on (re)connect (that answer carries the changes
// made offline). Each incoming step 2 pops the oldest outstanding probe (the
// provider's own step 1 on connect included, which acknowledges nothing) and
// acknowledges through the change count it recorded.
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

function syncMessageType(data: Uint8Array): number | null {
  if (data.length < 2) return null;
  const decoder = decoding.createDecoder(data);
  if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
  return decoding.readVarUint(decoder);
}

/** Is this binary y-websocket message a sync step 2? */
export const isSyncStep2 = (data: Uint8Array): boolean => syncMessageType(data) === syncProtocol.messageYjsSyncStep2;

/** Is this binary y-websocket message a sync step 1 (the relay asking for what we have)? */
export const isSyncStep1 = (data: Uint8Array): boolean => syncMessageType(data) === syncProtocol.messageYjsSyncStep1;

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

  /**
   * A step 1 went out on the socket. `covers` is false for the provider's own
   * step 1 on connect: the relay answers it before it has our offline changes
   * (we send those in reply to the relay's step 1), so its answer proves nothing.
   */
  probeSent(covers = true): void {
    this.outstanding.push(covers ? this.counters.made : this.counters.acknowledged);
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
