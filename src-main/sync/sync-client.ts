// Syncs main's replica with the relay through y-websocket's WebsocketProvider
// (Node: `ws` as its WebSocket) and makes the connection observable honestly:
//   offline     no socket (relay unreachable, or not configured); retrying with backoff
//   connecting  a socket is opening
//   syncing     connected, but the initial exchange is not done or local updates are unacknowledged
//   online      connected, synced, nothing unacknowledged
//   signed_out  the relay refused the token (44xx close, or 401/403 at the upgrade): no retry
//               until `signIn` supplies a new token
// Acknowledgements: see ack-tracker.ts. Probes (sync step 1) are coalesced: at
// most one tracked probe is in flight; when it is answered and more local
// updates were made meanwhile, the next goes out.
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { isPermanentRelayClose, RelayCloseCode, relaySyncServerUrl } from '../../src-shared/protocol/relay-api';
import { GENERATION_PARAM, generationFromCloseReason } from '../../src-shared/protocol/archive-api';
import { encodeSyncStep1, MESSAGE_SYNC, type AckTracker } from '../../src-shared/protocol/ack-tracker';
import type { ConnectionStateMessage } from '../../src-shared/protocol/ipc';

/** The same states the renderer shows, declared once in the IPC contract. */
export type ConnectionState = ConnectionStateMessage;

export interface SyncClientOptions {
  /** Relay base URL, e.g. http://127.0.0.1:8787 or ws://host:port. */
  relayUrl: string;
  workspaceId: string;
  token: string;
  doc: Y.Doc;
  tracker: AckTracker;
  /** Shared presence (main's, carrying the renderers' states); the client creates its own if absent and then owns it. */
  awareness?: Awareness;
  /** Upper bound of the reconnect backoff (y-websocket doubles from 100 ms). */
  maxBackoffMs?: number;
  onState?: (state: ConnectionState) => void;
  /** The relay refused one of our updates (4409): the replica is rebuilt from the relay (no retry). */
  onRefused?: (reason: string) => void;
  /** The generation of the live document the replica holds (`?gen=N`, archive-api.ts). */
  generation?: number;
  /** The relay's current generation is newer (4410): the replica moves (no retry). */
  onGenerationMoved?: (generation: number) => void;
}

const REFUSED_AT_UPGRADE = /Unexpected server response: (401|403)\b/;

export class SyncClient {
  readonly provider: WebsocketProvider;
  private current: ConnectionState;
  private relayStep1Seen = false;
  private probeTimer: NodeJS.Timeout | null = null;
  private destroyed = false;
  /** Why we are offline, for people; cleared when a socket opens. */
  private lastReason: string | undefined;
  /** Our own view of the socket: the provider's flags lag behind its events. */
  private socket: 'connecting' | 'open' | 'closed' = 'connecting';

  constructor(private readonly options: SyncClientOptions) {
    const { doc, tracker } = options;
    this.current = { state: 'connecting', unacknowledged: tracker.unacknowledged };
    this.provider = new WebsocketProvider(relaySyncServerUrl(options.relayUrl), options.workspaceId, doc, {
      connect: false,
      ...(options.awareness ? { awareness: options.awareness } : {}),
      params: { token: options.token, ...(options.generation !== undefined ? { [GENERATION_PARAM]: String(options.generation) } : {}) },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: options.maxBackoffMs ?? 10_000,
    });
    this.wrapSyncHandler();
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') {
        this.socket = 'open';
        this.lastReason = undefined;
        this.relayStep1Seen = false;
        tracker.socketOpened();
      } else if (status === 'disconnected') {
        this.socket = 'closed';
        tracker.socketClosed();
      } else if (this.socket !== 'closed') {
        // While retrying after a failure we stay 'offline' (with the reason) until a socket opens.
        this.socket = 'connecting';
      }
      this.refresh();
    });
    this.provider.on('sync', () => this.refresh());
    this.provider.on('closed', ({ code, reason }) => {
      if (code === RelayCloseCode.refusedUpdate && options.onRefused) {
        this.current = { state: 'syncing', unacknowledged: tracker.unacknowledged, reason: `the relay refused a change (${reason}); rebuilding from the relay` };
        options.onState?.(this.current);
        options.onRefused(reason);
      } else if (code === RelayCloseCode.generationMoved && options.onGenerationMoved && generationFromCloseReason(reason) !== null) {
        this.current = { state: 'syncing', unacknowledged: tracker.unacknowledged, reason: 'the live document moved to a new generation; moving this replica' };
        options.onState?.(this.current);
        options.onGenerationMoved(generationFromCloseReason(reason) as number);
      } else if (isPermanentRelayClose(code)) this.signOut(reason || `refused by the relay (${code})`);
    });
    this.provider.on('connection-close', (event) => {
      // Emitted before the provider resets wsconnected/wsconnecting: track it ourselves.
      this.socket = 'closed';
      if (event && !isPermanentRelayClose(event.code) && this.current.state !== 'signed_out' && !this.lastReason) {
        this.lastReason = `connection closed (${event.code}${event.reason ? `: ${event.reason}` : ''})`;
      }
      this.refresh();
    });
    this.provider.on('connection-error', (event) => {
      const message = String((event as unknown as { message?: unknown }).message ?? 'connection error');
      const refused = REFUSED_AT_UPGRADE.exec(message);
      if (refused) this.signOut(refused[1] === '401' ? 'token refused' : 'no access to this workspace');
      else this.lastReason = `relay unreachable: ${message}`;
      this.refresh();
    });
    this.provider.connect();
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Called by the store after a local update was appended (and counted). */
  localUpdate(): void {
    this.refresh();
    this.scheduleProbe();
  }

  /** Use a new token after a sign-out (or a token rotation) and reconnect. */
  signIn(token: string): void {
    this.provider.params = { ...this.provider.params, token };
    this.current = { state: 'connecting', unacknowledged: this.options.tracker.unacknowledged };
    this.provider.disconnect();
    this.lastReason = undefined;
    this.socket = 'connecting';
    this.provider.connect();
    this.refresh();
  }

  /** Stop syncing (keeps working offline); `connect` resumes. */
  disconnect(): void {
    this.provider.disconnect();
    this.lastReason = 'disconnected by the user';
    this.refresh();
  }

  connect(): void {
    if (this.current.state === 'signed_out') return;
    this.lastReason = undefined;
    this.socket = 'connecting';
    this.provider.connect();
  }

  destroy(): void {
    this.destroyed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.provider.destroy();
    // The provider never destroys an awareness; one we created is ours to end.
    if (!this.options.awareness) this.provider.awareness.destroy();
  }

  /** Stop for good with a reason (a rebuild that could not reach the relay, a refused token). */
  signOut(reason: string): void {
    this.provider.disconnect();
    this.current = { state: 'signed_out', unacknowledged: this.options.tracker.unacknowledged, reason: `signed out: ${reason}` };
    this.options.onState?.(this.current);
  }

  /** Peeks at every sync message to learn of the relay's step 1 and of step 2 answers. */
  private wrapSyncHandler(): void {
    const original = this.provider.messageHandlers[MESSAGE_SYNC]!;
    this.provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, messageType) => {
      const kind = decoding.peekVarUint(decoder);
      original(encoder, decoder, provider, emitSynced, messageType);
      if (kind === syncProtocol.messageYjsSyncStep1) {
        // Our step 2 answer (with every offline edit) is sent right after this
        // handler returns; a probe queued now goes out after it.
        this.relayStep1Seen = true;
        this.scheduleProbe(0);
      } else if (kind === syncProtocol.messageYjsSyncStep2) {
        this.options.tracker.step2Received();
        this.scheduleProbe();
      }
      this.refresh();
    };
  }

  private scheduleProbe(delayMs = 20): void {
    if (this.probeTimer || this.destroyed) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      this.sendProbe();
    }, delayMs);
  }

  private sendProbe(): void {
    const { provider, options } = this;
    const ws = provider.ws;
    if (!provider.wsconnected || !ws || ws.readyState !== ws.OPEN || !this.relayStep1Seen) return;
    if (!options.tracker.needsProbe() || options.tracker.probesInFlight > 1) return;
    ws.send(encodeSyncStep1(options.doc));
    options.tracker.probeSent();
  }

  private refresh(): void {
    if (this.destroyed) return;
    const { provider, options } = this;
    const unacknowledged = options.tracker.unacknowledged;
    let next: ConnectionState;
    if (this.current.state === 'signed_out') {
      next = { ...this.current, unacknowledged };
    } else if (this.socket === 'open') {
      const settled = provider.synced && this.relayStep1Seen && unacknowledged === 0;
      next = { state: settled ? 'online' : 'syncing', unacknowledged };
    } else if (this.socket === 'connecting') {
      next = { state: 'connecting', unacknowledged };
    } else {
      next = { state: 'offline', unacknowledged, reason: this.lastReason ?? 'not connected to the relay' };
    }
    const prev = this.current;
    if (prev.state === next.state && prev.unacknowledged === next.unacknowledged && prev.reason === next.reason) return;
    this.current = next;
    options.onState?.(next);
  }
}
