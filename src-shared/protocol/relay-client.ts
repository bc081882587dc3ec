// The one relay client both hosts run (the browser's WebsocketProvider + IndexedDB, main's
// WebsocketProvider + SQLite). Hosts only observe their socket and feed what they saw in here; this
// module decides what it means, so the same relay session shows the same states on both.
//
// Model: a reducer `nextRelayState(state, event)` over phases
//   local             no relay configured (working offline for good)
//   connecting        a socket is opening (first attempt, or after sign-in / resume / device online)
//   retrying          no socket after a failure; the provider retries with backoff. A retry's
//                     opening socket keeps this phase (and its reason) until it is open
//   open              socket open, the answer to our sync step 1 has not arrived yet
//   synced            open and that sync step 2 arrived: the ONE moment "online" begins
//   device_offline    the OS says there is no network: no socket until it says online
//   paused            sync switched off on this device (work offline on purpose)
//   refused           the relay refused an update (4409): the host rebuilds from the relay
//   signed_out        the token was refused (4401/4403, other 44xx, 401/403 at the upgrade, revoked)
//   generation_moved  the replica belongs to an older generation (4410 `generation:<n>`): the host
//                     opens generation n (onGenerationMoved); this socket never reconnects
// and `connectionStateOf` maps a phase to what the UI shows (ipc.ts ConnectionState).
// `RelayClient` runs the reducer with its effects: acknowledgement probes (ack-tracker.ts), whether
// the host should hold a socket, and the refused / generation hooks. It owns no timer, socket or
// storage: the host injects `send`, `setSocketWanted` and `schedule`.
import * as decoding from 'lib0/decoding';
import type { ConnectionStateMessage } from './ipc';
import { MESSAGE_AWARENESS, MESSAGE_SYNC, type AckTracker } from './ack-tracker';
import { RelayCloseCode, isPermanentRelayClose } from './relay-api';
import { generationFromCloseReason } from './archive-api';

export type RelayPhase =
  | 'local' | 'connecting' | 'retrying' | 'open' | 'synced'
  | 'device_offline' | 'paused' | 'refused' | 'signed_out' | 'generation_moved';

export interface RelayMachineState {
  readonly phase: RelayPhase;
  /** What the OS last said about the network (browser `online`/`offline`; main: always true). */
  readonly deviceOnline: boolean;
  /** The relay's own sync step 1 arrived on this socket: our reply carried every offline edit. */
  readonly relayAsked: boolean;
  /** Why, for people (offline, signed out, refused, moved). */
  readonly reason?: string;
  /** A socket error seen before its close (the close then names it). */
  readonly lastError?: string;
  /** generation_moved: the relay's current generation. */
  readonly generation?: number;
}

/** What a frame from the relay is (y-websocket framing: varUint message type, then sync subtype). */
export type FrameKind = 'sync_step1' | 'sync_step2' | 'sync_update' | 'awareness' | 'other';

/** Everything a host observes, in its words. */
export type RelayEvent =
  /** A (new) token to use: connect. */
  | { type: 'signed_in' }
  /** Stop for good with a reason (sign-out, a rebuild that could not reach the relay). */
  | { type: 'signed_out'; reason: string }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'device_offline' }
  | { type: 'device_online' }
  | { type: 'socket_opening' }
  | { type: 'socket_open' }
  | { type: 'message'; kind: FrameKind }
  | { type: 'socket_error'; message: string }
  /** code null: closed on this side (our disconnect, or the provider's 30 s silence watchdog). */
  | { type: 'socket_closed'; code: number | null; reason: string }
  /** The relay said the token is no good outside a close code (401/403 at the upgrade, an HTTP answer). */
  | { type: 'token_revoked'; reason: string }
  /** The rebuild after a refusal (4409) could not finish. */
  | { type: 'rebuild_failed'; reason: string };

const ACTIVE: ReadonlySet<RelayPhase> = new Set(['connecting', 'retrying', 'open', 'synced']);

/** Phases in which the host should hold (or keep re-opening) a socket. */
export const wantsSocket = (state: RelayMachineState): boolean => ACTIVE.has(state.phase);

export function initialRelayState(options: { configured: boolean; deviceOnline?: boolean }): RelayMachineState {
  const deviceOnline = options.deviceOnline ?? true;
  if (!options.configured) return { phase: 'local', deviceOnline, relayAsked: false };
  return { phase: deviceOnline ? 'connecting' : 'device_offline', deviceOnline, relayAsked: false };
}

/** What a close code means for the client. */
export type CloseOutcome =
  | { kind: 'local' }
  | { kind: 'transient'; reason: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'generation_moved'; generation: number }
  | { kind: 'signed_out'; reason: string };

export function closeOutcome(code: number | null, reason: string): CloseOutcome {
  if (code === null) return { kind: 'local' };
  if (code === RelayCloseCode.refusedUpdate) return { kind: 'refused', reason: reason || 'no reason given' };
  if (code === RelayCloseCode.generationMoved) {
    const generation = generationFromCloseReason(reason);
    // A 4410 that does not say where to go cannot be followed; it is still permanent.
    if (generation !== null) return { kind: 'generation_moved', generation };
    return { kind: 'signed_out', reason: `the relay moved this workspace to a new generation without saying which (${reason || 'no reason'})` };
  }
  if (code === RelayCloseCode.unauthorized) return { kind: 'signed_out', reason: reason || 'token refused' };
  if (code === RelayCloseCode.forbidden) return { kind: 'signed_out', reason: reason || 'no access to this workspace' };
  if (isPermanentRelayClose(code)) return { kind: 'signed_out', reason: reason || `refused by the relay (${code})` };
  return { kind: 'transient', reason: `connection closed (${code}${reason ? `: ${reason}` : ''})` };
}

const REFUSED_AT_UPGRADE = /Unexpected server response: (401|403)\b/;

/** A socket error that is really the relay refusing the token at the HTTP upgrade (Node's `ws`). */
export function refusedAtUpgrade(message: string): string | null {
  const match = REFUSED_AT_UPGRADE.exec(message);
  if (!match) return null;
  return match[1] === '401' ? 'token refused' : 'no access to this workspace';
}

const signedOut = (state: RelayMachineState, reason: string): RelayMachineState =>
  ({ phase: 'signed_out', deviceOnline: state.deviceOnline, relayAsked: false, reason: `signed out: ${reason}` });

const reconnecting = (state: RelayMachineState): RelayMachineState =>
  ({ phase: state.deviceOnline ? 'connecting' : 'device_offline', deviceOnline: state.deviceOnline, relayAsked: false });

/** The connection state machine. Total: an event that means nothing in a phase leaves it as it is. */
export function nextRelayState(state: RelayMachineState, event: RelayEvent): RelayMachineState {
  const { phase } = state;
  switch (event.type) {
    case 'signed_in':
      return reconnecting(state);
    case 'signed_out':
      return signedOut(state, event.reason);
    case 'token_revoked':
      return phase === 'local' ? state : signedOut(state, event.reason);
    case 'paused':
      return ACTIVE.has(phase) || phase === 'device_offline'
        ? { phase: 'paused', deviceOnline: state.deviceOnline, relayAsked: false, reason: 'sync paused on this device' }
        : state;
    case 'resumed':
      return phase === 'paused' ? reconnecting(state) : state;
    case 'device_offline':
      if (ACTIVE.has(phase)) return { phase: 'device_offline', deviceOnline: false, relayAsked: false };
      return state.deviceOnline ? { ...state, deviceOnline: false } : state;
    case 'device_online':
      if (phase === 'device_offline') return { phase: 'connecting', deviceOnline: true, relayAsked: false };
      return state.deviceOnline ? state : { ...state, deviceOnline: true };
    case 'socket_opening':
      return state;
    case 'socket_open':
      return phase === 'connecting' || phase === 'retrying'
        ? { phase: 'open', deviceOnline: state.deviceOnline, relayAsked: false }
        : state;
    case 'message':
      if (phase !== 'open' && phase !== 'synced') return state;
      if (event.kind === 'sync_step1' && !state.relayAsked) return { ...state, relayAsked: true };
      if (event.kind === 'sync_step2' && phase === 'open') return { ...state, phase: 'synced' };
      return state;
    case 'socket_error': {
      if (!ACTIVE.has(phase)) return state;
      const refused = refusedAtUpgrade(event.message);
      if (refused !== null) return signedOut(state, refused);
      return { ...state, lastError: event.message };
    }
    case 'socket_closed': {
      if (!ACTIVE.has(phase)) return state;
      const outcome = closeOutcome(event.code, event.reason);
      const base = { deviceOnline: state.deviceOnline, relayAsked: false };
      switch (outcome.kind) {
        case 'local':
          // Our own disconnect while (re)connecting changes nothing; on an open socket it is the
          // provider's watchdog: nothing heard from the relay for 30 s.
          return phase === 'open' || phase === 'synced'
            ? { ...base, phase: 'retrying', reason: 'connection lost: nothing heard from the relay' }
            : state;
        case 'transient':
          return {
            ...base, phase: 'retrying',
            reason: state.lastError !== undefined ? `relay unreachable${state.lastError ? `: ${state.lastError}` : ''}` : outcome.reason,
          };
        case 'refused':
          return { ...base, phase: 'refused', reason: `the relay refused a change (${outcome.reason}); rebuilding from the relay` };
        case 'generation_moved':
          return {
            ...base, phase: 'generation_moved', generation: outcome.generation,
            reason: `the relay moved this workspace to generation ${outcome.generation}; opening it`,
          };
        case 'signed_out':
          return signedOut(state, outcome.reason);
      }
      return state;
    }
    case 'rebuild_failed':
      return phase === 'refused' ? signedOut(state, `the relay refused a change and could not be reached to rebuild: ${event.reason}`) : state;
  }
}

const PHASE_REASON: Partial<Record<RelayPhase, string>> = {
  local: 'no relay configured',
  device_offline: 'this device is offline',
};

/**
 * What the UI shows for a phase. "online" is exactly: synced (the step 2 answering our step 1 on
 * an open socket) with nothing unacknowledged; synced with changes still unacknowledged is "syncing".
 */
export function connectionStateOf(state: RelayMachineState, unacknowledged: number): ConnectionStateMessage {
  const reason = state.reason ?? PHASE_REASON[state.phase];
  const withReason = (name: ConnectionStateMessage['state']): ConnectionStateMessage =>
    reason === undefined ? { state: name, unacknowledged } : { state: name, unacknowledged, reason };
  switch (state.phase) {
    case 'local':
    case 'device_offline':
    case 'paused':
    case 'retrying':
      return withReason('offline');
    case 'connecting':
      return { state: 'connecting', unacknowledged };
    case 'open':
      return { state: 'syncing', unacknowledged };
    case 'synced':
      return { state: unacknowledged > 0 ? 'syncing' : 'online', unacknowledged };
    case 'refused':
    case 'generation_moved':
      return withReason('syncing');
    case 'signed_out':
      return withReason('signed_out');
  }
}

export const sameConnection = (a: ConnectionStateMessage, b: ConnectionStateMessage): boolean =>
  a.state === b.state && a.unacknowledged === b.unacknowledged && a.reason === b.reason;

/** A frame's kind from its bytes (y-websocket framing); anything undecodable is 'other'. */
export function frameKind(data: Uint8Array): FrameKind {
  const decoder = decoding.createDecoder(data);
  try {
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_AWARENESS) return 'awareness';
    if (type !== MESSAGE_SYNC || !decoding.hasContent(decoder)) return 'other';
    return syncFrameKind(decoding.readVarUint(decoder));
  } catch {
    return 'other';
  }
}

/** The kind of a sync message from its subtype (y-protocols: 0 step 1, 1 step 2, 2 update). */
export function syncFrameKind(subtype: number): FrameKind {
  return subtype === 0 ? 'sync_step1' : subtype === 1 ? 'sync_step2' : subtype === 2 ? 'sync_update' : 'other';
}

/**
 * When to probe (see ack-tracker.ts): on an open socket, once the relay's step 1 has arrived (so
 * our step 2 with every offline edit is already on the wire ahead of the probe), when something
 * made is not covered yet, and with no probe of ours in flight (its answer triggers the next).
 */
export function probeDue(state: RelayMachineState, ack: { needsProbe: boolean; trackedInFlight: number }): boolean {
  return (state.phase === 'open' || state.phase === 'synced') && state.relayAsked && ack.needsProbe && ack.trackedInFlight === 0;
}

/** A burst of local changes is coalesced into one probe sent this long after the first. */
export const PROBE_COALESCE_MS = 10;

/** What the host gives the client: its socket and its timer. */
export interface RelayClientPorts {
  /** Send a frame on the open socket; false when there is none. */
  send(frame: Uint8Array): boolean;
  /** Open the socket (and keep re-opening it after transient failures), or close it and stop. */
  setSocketWanted(wanted: boolean): void;
  /** Run `fn` after `ms`; returns its cancel. */
  schedule(fn: () => void, ms: number): () => void;
}

export interface RelayClientOptions {
  /** Counts local changes and what the relay acknowledged (the host persists it). */
  tracker: AckTracker;
  /** A probe: a sync step 1 of the replica (encodeSyncStep1(doc)). */
  encodeProbe: () => Uint8Array;
  /** Is a relay configured at all? (false: the `local` phase, forever). */
  configured?: boolean;
  deviceOnline?: boolean;
  onState?: (state: ConnectionStateMessage, machine: RelayMachineState) => void;
  /** The relay refused an update (4409): rebuild from the relay. Without it the client signs out. */
  onRefused?: (reason: string) => void;
  /** The relay serves a newer generation (4410): open it and port this replica's offline events. */
  onGenerationMoved?: (generation: number) => void;
}

export class RelayClient {
  private machine: RelayMachineState;
  private shown: ConnectionStateMessage;
  private cancelProbe: (() => void) | null = null;
  private destroyed = false;

  constructor(private readonly options: RelayClientOptions, private readonly ports: RelayClientPorts) {
    this.machine = initialRelayState({ configured: options.configured ?? true, deviceOnline: options.deviceOnline ?? true });
    this.shown = connectionStateOf(this.machine, options.tracker.unacknowledged);
  }

  get state(): RelayMachineState {
    return this.machine;
  }

  get connection(): ConnectionStateMessage {
    return this.shown;
  }

  /** Open the socket if the initial phase wants one (the host calls this once it is wired). */
  start(): void {
    if (!this.destroyed && wantsSocket(this.machine)) this.ports.setSocketWanted(true);
  }

  /** The host saw something; the state, the probes and the socket follow. */
  observe(event: RelayEvent): void {
    if (this.destroyed) return;
    const { tracker } = this.options;
    const prev = this.machine;
    const next = nextRelayState(prev, event);
    this.machine = next;
    // Acknowledgements: only frames of a socket the machine holds open count.
    if (event.type === 'socket_open' && next.phase === 'open') tracker.socketOpened();
    if (event.type === 'socket_closed' || !wantsSocket(next)) this.forgetProbes();
    if (event.type === 'message' && event.kind === 'sync_step2' && (prev.phase === 'open' || prev.phase === 'synced')) tracker.step2Received();
    this.refresh();

    const wanted = wantsSocket(next);
    if (event.type === 'signed_in' && wanted) {
      // A new token: a socket still open with the old one is replaced.
      this.ports.setSocketWanted(false);
      this.ports.setSocketWanted(true);
    } else if (wanted !== wantsSocket(prev) || (!wanted && (event.type === 'socket_open' || event.type === 'socket_opening'))) {
      this.ports.setSocketWanted(wanted);
    }

    if (next.phase !== prev.phase) {
      const relayReason = event.type === 'socket_closed' ? event.reason : '';
      if (next.phase === 'refused') {
        if (this.options.onRefused) this.options.onRefused(relayReason);
        else this.observe({ type: 'signed_out', reason: `the relay refused a change (${relayReason})` });
      }
      if (next.phase === 'generation_moved' && next.generation !== undefined) {
        if (this.options.onGenerationMoved) this.options.onGenerationMoved(next.generation);
        else this.observe({ type: 'signed_out', reason: `the relay moved this workspace to generation ${next.generation}, which this app cannot open` });
      }
    }
    if (event.type === 'message' && (event.kind === 'sync_step1' || event.kind === 'sync_step2')) {
      // After the relay's step 1 our step 2 reply goes out when the handler returns: probe after it.
      this.scheduleProbe(0);
    }
  }

  /** The host counted a local change in the tracker; show it and probe for its acknowledgement. */
  localUpdate(): void {
    if (this.destroyed) return;
    this.refresh();
    this.scheduleProbe(PROBE_COALESCE_MS);
  }

  destroy(): void {
    this.destroyed = true;
    this.cancelProbe?.();
    this.cancelProbe = null;
  }

  private forgetProbes(): void {
    this.options.tracker.socketClosed();
    this.cancelProbe?.();
    this.cancelProbe = null;
  }

  private scheduleProbe(delayMs: number): void {
    if (this.cancelProbe !== null || this.destroyed || !this.probeDue()) return;
    this.cancelProbe = this.ports.schedule(() => {
      this.cancelProbe = null;
      if (this.destroyed || !this.probeDue()) return;
      if (this.ports.send(this.options.encodeProbe())) this.options.tracker.probeSent();
    }, delayMs);
  }

  private probeDue(): boolean {
    const { tracker } = this.options;
    return probeDue(this.machine, { needsProbe: tracker.needsProbe(), trackedInFlight: tracker.trackedProbesInFlight });
  }

  private refresh(): void {
    if (this.destroyed) return;
    const next = connectionStateOf(this.machine, this.options.tracker.unacknowledged);
    if (sameConnection(next, this.shown)) return;
    this.shown = next;
    this.options.onState?.(next, this.machine);
  }
}
