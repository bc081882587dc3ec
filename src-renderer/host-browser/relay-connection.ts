// The browser host's adapter for the shared relay client (src-shared/protocol/relay-client.ts):
// y-websocket's WebsocketProvider, its events fed into the client, the client's decisions (hold a
// socket or not, send a probe) carried out. No DOM here beyond the WebSocket the provider opens
// (a test hands it a WHATWG WebSocket in Node); window offline/online, IndexedDB and localStorage
// stay in browser-host.ts. Main's sync-client.ts is the same wiring over Node's `ws`.
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { relaySyncParams, relaySyncServerUrl } from '../../src-shared/protocol/relay-api';
import { encodeSyncStep1, MESSAGE_SYNC, type AckTracker } from '../../src-shared/protocol/ack-tracker';
import { RelayClient, syncFrameKind, type RelayEvent } from '../../src-shared/protocol/relay-client';
import type { ConnectionStateMessage } from '../../src-shared/protocol/ipc';

export interface RelayConnectionOptions {
  /** Any form people type: ws(s)://host:port[/sync], http(s)://… */
  relayUrl: string;
  workspaceId: string;
  token: string;
  /** The live document's generation this replica belongs to (archive-api.ts); 0 until one moved. */
  generation?: number;
  doc: Y.Doc;
  awareness: Awareness;
  tracker: AckTracker;
  /** What the OS says about the network when the connection starts. */
  deviceOnline: boolean;
  /** A WHATWG WebSocket class; the browser's own by default. */
  WebSocketClass?: typeof WebSocket;
  maxBackoffMs?: number;
  onState: (state: ConnectionStateMessage) => void;
  onRefused?: (reason: string) => void;
  onGenerationMoved?: (generation: number) => void;
}

export interface RelayConnection {
  readonly provider: WebsocketProvider;
  readonly client: RelayClient;
  /** The host counted a local change in the tracker. */
  localUpdate(): void;
  /** The OS said the network went away / came back. */
  deviceOffline(): void;
  deviceOnline(): void;
  /** The rebuild after a refusal (4409) could not finish: signed out with that reason. */
  rebuildFailed(reason: string): void;
  /** Start connecting (the host calls it once its local replica is loaded). */
  start(): void;
  destroy(): void;
}

export function connectRelay(options: RelayConnectionOptions): RelayConnection {
  const { doc, tracker } = options;
  const provider = new WebsocketProvider(relaySyncServerUrl(options.relayUrl), options.workspaceId, doc, {
    params: relaySyncParams(options.token, options.generation ?? 0),
    awareness: options.awareness,
    connect: false,
    // Two tabs of the same origin would otherwise sync through BroadcastChannel
    // and hide whether the relay has the change.
    disableBc: true,
    ...(options.WebSocketClass ? { WebSocketPolyfill: options.WebSocketClass } : {}),
    ...(options.maxBackoffMs !== undefined ? { maxBackoffTime: options.maxBackoffMs } : {}),
  });
  const client = new RelayClient({
    tracker,
    encodeProbe: () => encodeSyncStep1(doc),
    deviceOnline: options.deviceOnline,
    onState: options.onState,
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
  bindProvider(provider, (event) => client.observe(event));
  return {
    provider,
    client,
    localUpdate: () => client.localUpdate(),
    deviceOffline: () => client.observe({ type: 'device_offline' }),
    deviceOnline: () => client.observe({ type: 'device_online' }),
    rebuildFailed: (reason) => client.observe({ type: 'rebuild_failed', reason }),
    start: () => client.start(),
    destroy() {
      client.destroy();
      provider.destroy();
    },
  };
}

/**
 * What the provider tells, as relay-client events. Sync frames are seen inside the provider's own
 * handler, so after the relay's step 1 our step 2 reply is on the socket before anything we send.
 */
function bindProvider(provider: WebsocketProvider, observe: (event: RelayEvent) => void): void {
  provider.on('status', ({ status }) => {
    if (status === 'connecting') observe({ type: 'socket_opening' });
    else if (status === 'connected') observe({ type: 'socket_open' });
  });
  provider.on('connection-close', (event) => observe({ type: 'socket_closed', code: event?.code ?? null, reason: event?.reason ?? '' }));
  // A browser's error event says nothing more than that the socket failed.
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
