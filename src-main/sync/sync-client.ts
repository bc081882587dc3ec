// Main's adapter for the shared relay client (src-shared/protocol/relay-client.ts): y-websocket's
// WebsocketProvider over Node's `ws`, its events fed into the client, the client's decisions (hold
// a socket or not, send a probe) carried out. States, probes and close codes are decided there,
// the same as in the browser host; nothing here interprets them.
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { relaySyncParams, relaySyncServerUrl } from '../../src-shared/protocol/relay-api';
import { encodeSyncStep1, MESSAGE_SYNC, type AckTracker } from '../../src-shared/protocol/ack-tracker';
import { RelayClient, syncFrameKind, type RelayEvent } from '../../src-shared/protocol/relay-client';
import type { ConnectionStateMessage } from '../../src-shared/protocol/ipc';

/** The same states the renderer shows, declared once in the IPC contract. */
export type ConnectionState = ConnectionStateMessage;

export interface SyncClientOptions {
  /** Relay base URL, e.g. http://127.0.0.1:8787 or ws://host:port. */
  relayUrl: string;
  workspaceId: string;
  token: string;
  /** The live document's generation this replica belongs to (archive-api.ts); 0 until one moved. */
  generation?: number;
  doc: Y.Doc;
  tracker: AckTracker;
  /** Shared presence (main's, carrying the renderers' states); the client creates its own if absent and then owns it. */
  awareness?: Awareness;
  /** Upper bound of the reconnect backoff (y-websocket doubles from 100 ms). */
  maxBackoffMs?: number;
  onState?: (state: ConnectionState) => void;
  /** The relay refused one of our updates (4409): the replica is rebuilt from the relay (no retry). */
  onRefused?: (reason: string) => void;
  /** The relay serves a newer generation (4410): open it; this client never reconnects. */
  onGenerationMoved?: (generation: number) => void;
}

export class SyncClient {
  readonly provider: WebsocketProvider;
  readonly client: RelayClient;
  private readonly generation: number;

  constructor(private readonly options: SyncClientOptions) {
    const { doc, tracker } = options;
    this.generation = options.generation ?? 0;
    this.provider = new WebsocketProvider(relaySyncServerUrl(options.relayUrl), options.workspaceId, doc, {
      connect: false,
      ...(options.awareness ? { awareness: options.awareness } : {}),
      params: relaySyncParams(options.token, this.generation),
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: options.maxBackoffMs ?? 10_000,
    });
    const provider = this.provider;
    this.client = new RelayClient({
      tracker,
      encodeProbe: () => encodeSyncStep1(doc),
      ...(options.onState ? { onState: options.onState } : {}),
      ...(options.onRefused ? { onRefused: options.onRefused } : {}),
      ...(options.onGenerationMoved ? { onGenerationMoved: options.onGenerationMoved } : {}),
    }, {
      send: (frame) => {
        const ws = provider.ws;
        if (!provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return false;
        ws.send(frame);
        return true;
      },
      setSocketWanted: (wanted) => (wanted ? provider.connect() : provider.disconnect()),
      schedule: (fn, ms) => {
        const timer = setTimeout(fn, ms);
        return () => clearTimeout(timer);
      },
    });
    bindProvider(provider, (event) => this.client.observe(event));
    this.client.start();
  }

  get state(): ConnectionState {
    return this.client.connection;
  }

  /** Called by the store after a local update was appended (and counted). */
  localUpdate(): void {
    this.client.localUpdate();
  }

  /** Use a new token after a sign-out (or a token rotation) and reconnect. */
  signIn(token: string): void {
    this.provider.params = relaySyncParams(token, this.generation);
    this.client.observe({ type: 'signed_in' });
  }

  /** Stop syncing (keeps working offline); `connect` resumes. */
  disconnect(): void {
    this.client.observe({ type: 'paused' });
  }

  connect(): void {
    this.client.observe({ type: 'resumed' });
  }

  /** Stop for good with a reason (a rebuild that could not reach the relay, a refused token). */
  signOut(reason: string): void {
    this.client.observe({ type: 'signed_out', reason });
  }

  destroy(): void {
    this.client.destroy();
    this.provider.destroy();
    // The provider never destroys an awareness; one we created is ours to end.
    if (!this.options.awareness) this.provider.awareness.destroy();
  }
}

/**
 * What the provider tells, as relay-client events. Sync frames are seen inside the provider's own
 * handler, so after the relay's step 1 our step 2 reply is on the socket before anything we send.
 * (The browser host has the same wiring in relay-connection.ts: the layers keep y-websocket out
 * of src-shared.)
 */
function bindProvider(provider: WebsocketProvider, observe: (event: RelayEvent) => void): void {
  provider.on('status', ({ status }) => {
    if (status === 'connecting') observe({ type: 'socket_opening' });
    else if (status === 'connected') observe({ type: 'socket_open' });
  });
  provider.on('connection-close', (event) => observe({ type: 'socket_closed', code: event?.code ?? null, reason: event?.reason ?? '' }));
  provider.on('connection-error', (event) => {
    observe({ type: 'socket_error', message: String((event as unknown as { message?: unknown }).message ?? '') });
  });
  const original = provider.messageHandlers[MESSAGE_SYNC]!;
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
    const subtype = decoding.peekVarUint(decoder);
    original(encoder, decoder, p, emitSynced, messageType);
    observe({ type: 'message', kind: syncFrameKind(subtype) });
  };
}
