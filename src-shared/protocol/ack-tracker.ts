// Counts local updates the relay has not acknowledged yet.
//
// y-websocket has no per-update acknowledgement, but the protocol is ordered:
// one connection is a TCP stream, the relay handles its messages in order and
// answers every sync step 1 with a sync step 2. So a step 2 that answers a step 1
// we sent AFTER local update N proves the relay processed updates 1..N (our relay
// persists an update before it handles the next message, so "processed" means
// "stored"). A probe is that step 1; each incoming step 2 answers the oldest
// probe still in flight on this socket.
//
// The provider sends its own step 1 when a socket opens, BEFORE it has sent the
// offline edits (those go out in our step 2 reply to the relay's step 1). Its
// answer must acknowledge nothing: `socketOpened` queues it as an empty probe.
//
// `made` and `acknowledged` only grow; the count survives restarts through
// `onChange` (main's store writes it in the same transaction as the update; the
// browser host keeps it in localStorage).
//
// Shared by both hosts through the relay client (relay-client.ts), which decides when to probe.
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/** y-websocket's message types (the first varUint of every frame), for every host and the peer. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

/** A probe: a y-websocket sync step 1 for this document. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export interface AckState {
  made: number;
  acknowledged: number;
}

export class AckTracker {
  private state: AckState;
  /** `made` at the time each in-flight probe was sent; null = the provider's own step 1 (acknowledges nothing). */
  private inFlight: (number | null)[] = [];

  constructor(initial: AckState, private readonly onChange: (state: AckState) => void = () => {}) {
    if (initial.acknowledged > initial.made) throw new RangeError('acknowledged cannot exceed made');
    this.state = { ...initial };
  }

  get unacknowledged(): number {
    return this.state.made - this.state.acknowledged;
  }

  snapshot(): AckState {
    return { ...this.state };
  }

  /** A local update was made (and stored). */
  localUpdate(): void {
    this.state = { ...this.state, made: this.state.made + 1 };
    this.onChange(this.snapshot());
  }

  /** A socket opened; the provider's own step 1 is on its way and proves nothing about our edits. */
  socketOpened(): void {
    this.inFlight = [null];
  }

  /** We sent a probe (a step 1) after everything made so far was sent. */
  probeSent(): void {
    this.inFlight.push(this.state.made);
  }

  /** A sync step 2 arrived: it answers the oldest step 1 in flight. */
  step2Received(): void {
    if (this.inFlight.length === 0) return;
    const through = this.inFlight.shift();
    if (through === null || through === undefined || through <= this.state.acknowledged) return;
    this.state = { ...this.state, acknowledged: through };
    this.onChange(this.snapshot());
  }

  /** The socket closed: probes in flight will never be answered. */
  socketClosed(): void {
    this.inFlight = [];
  }

  /** Should a probe go out now? (Something unacknowledged and not covered by a probe in flight.) */
  needsProbe(): boolean {
    const covered = this.inFlight.reduce<number>((max, p) => (p !== null && p > max ? p : max), this.state.acknowledged);
    return this.state.made > covered;
  }

  /** Our own probes in flight (not the provider's step 1): the probe policy keeps at most one. */
  get trackedProbesInFlight(): number {
    return this.inFlight.filter((p) => p !== null).length;
  }

  /** Probes in flight (tests and diagnostics). */
  get probesInFlight(): number {
    return this.inFlight.length;
  }
}
