// The browser host: the replica lives in IndexedDB (y-indexeddb) and syncs with
// the relay through y-websocket's WebsocketProvider (room = workspace id, the
// token as a URL parameter because browsers cannot set headers on WebSockets).
//
// It reacts to the window's `offline`/`online` events at once: the OS going
// offline does not close an open WebSocket, and the provider would only notice
// after its 30-second silence watchdog.
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import { Awareness } from 'y-protocols/awareness';
import {
  createObservable, sameConnectionState,
  type ConnectionState, type Identity, type PresenceState, type ReplicaHost,
} from '../host/host';
import type { RefusalExport } from '../../src-shared/doc/refusal-recovery';
import { AckTracker, encodeSyncStep1, isSyncStep1, isSyncStep2 } from '../../src-shared/protocol/ack-tracker';
import { GENERATION_PARAM } from '../../src-shared/protocol/archive-api';
import { RelayCloseCode } from '../../src-shared/protocol/relay-api';
import { loadAckState, saveAckState } from './ack-storage';
import { syncServerUrl } from './members-cache';
import { rebuildFromRelay } from './rebuild-from-relay';
import { followGeneration, loadGeneration, persistenceName } from './generation-move';
import { createBrowserArchive } from '../archive/archive-cache-browser';
import { clearRefusals, loadRefusals, saveRefusals } from './refusal-store';

export interface BrowserHostOptions {
  identity: Identity;
  /** ws(s)://host:port/sync — the room (workspace id) is appended. Null: work offline. */
  relayUrl: string | null;
  token: string | null;
}

export { persistenceName };

export function createBrowserHost(options: BrowserHostOptions): ReplicaHost {
  const { identity, relayUrl, token } = options;
  const doc = new Y.Doc();
  const storagePrefix = `handoff:${identity.workspaceId}:${identity.userId}`;
  // The generation of the live document this replica belongs to (generation-move.ts).
  const generation = loadGeneration(storagePrefix);
  const persistence = new IndexeddbPersistence(persistenceName(identity.workspaceId, identity.userId, generation), doc);
  const whenLoaded = persistence.whenSynced.then(() => undefined);

  const connection = createObservable<ConnectionState>(
    { state: 'offline', unacknowledged: 0, reason: relayUrl ? undefined : 'Working offline: no relay configured.' },
    sameConnectionState,
  );
  let signedOutReason: string | null = null;
  /** Set while the replica is being rebuilt after a refused update. */
  let rebuilding: string | null = null;
  const refusalsKey = `${storagePrefix}:refused`;
  const refusals = createObservable<RefusalExport | null>(loadRefusals(refusalsKey));
  const ackKey = `${storagePrefix}:acks`;
  const ack = new AckTracker(loadAckState(ackKey), (state) => {
    saveAckState(ackKey, state);
    refresh();
  });

  // Count local transactions: everything not applied by persistence or the provider.
  let provider: WebsocketProvider | null = null;
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === persistence || (provider !== null && origin === provider)) return;
    ack.localUpdate();
    scheduleProbe();
  };
  doc.on('update', onUpdate);

  let awareness: Awareness | null = null;
  if (relayUrl !== null && token !== null) {
    awareness = new Awareness(doc);
    const presence: PresenceState = { user: { id: identity.userId, name: identity.displayName }, openTaskId: null };
    awareness.setLocalState(presence);
    provider = new WebsocketProvider(syncServerUrl(relayUrl), identity.workspaceId, doc, {
      params: { token, [GENERATION_PARAM]: String(generation) },
      awareness,
      connect: false,
      // Two tabs of the same origin would otherwise sync through BroadcastChannel
      // and hide whether the relay has the change.
      disableBc: true,
    });
    const p = provider;
    p.on('status', ({ status }) => {
      if (status === 'connected' && p.ws) {
        const ws = p.ws;
        ack.socketOpened(); // the provider sends its step 1 right after this event
        // Runs after the provider's own onmessage (registered first), so when the relay's
        // step 1 arrives our step 2 (with the offline changes) is already on the socket.
        ws.addEventListener('message', (event: MessageEvent) => {
          if (!(event.data instanceof ArrayBuffer)) return;
          const data = new Uint8Array(event.data);
          if (isSyncStep2(data)) ack.step2Received();
          else if (isSyncStep1(data) && ws.readyState === WebSocket.OPEN) {
            ws.send(encodeSyncStep1(doc));
            ack.probeSent();
          }
        });
      }
      if (status === 'disconnected') ack.socketClosed();
      refresh();
    });
    p.on('sync', () => refresh());
    p.on('closed', ({ code, reason }) => {
      if (code === RelayCloseCode.refusedUpdate) {
        void rebuildAfterRefusal(reason);
        return;
      }
      if (code === RelayCloseCode.generationMoved) {
        void followGeneration({ relayUrl, token, identity, storagePrefix, doc, persistence, reason, onProgress: (note) => { rebuilding = note; refresh(); } });
        return;
      }
      signedOutReason = reason || `The relay refused this token (code ${code}).`;
      refresh();
    });
    whenLoaded.then(() => { if (navigator.onLine && !destroyed) p.connect(); }, () => undefined);
  }

  let probeScheduled = false;
  function scheduleProbe() {
    if (probeScheduled || provider === null) return;
    probeScheduled = true;
    // Coalesce a burst of changes into one probe; the update itself is already
    // queued on the socket ahead of it.
    queueMicrotask(() => {
      probeScheduled = false;
      const ws = provider?.ws;
      if (!provider?.wsconnected || !ws || ws.readyState !== WebSocket.OPEN || !ack.needsProbe()) return;
      ws.send(encodeSyncStep1(doc));
      ack.probeSent();
    });
  }

  /**
   * The relay refused a change of ours (a role changed while we were offline, say): rebuild from
   * the relay's state, re-append what is still allowed, keep the rest for export, reload.
   */
  async function rebuildAfterRefusal(relayReason: string) {
    if (rebuilding !== null || relayUrl === null || token === null) return;
    rebuilding = `The relay refused a change (${relayReason}); rebuilding this device's copy from the relay.`;
    refresh();
    const outcome = await rebuildFromRelay({ serverUrl: syncServerUrl(relayUrl), workspaceId: identity.workspaceId, userId: identity.userId, token, local: doc, generation });
    if (!outcome.ok) {
      // Signed out (revoked) or unreachable: keep everything here; the user can export it.
      rebuilding = null;
      signedOutReason = `The relay refused a change and could not be reached to rebuild: ${outcome.reason}`;
      refresh();
      return;
    }
    if (outcome.result.refused.length > 0) {
      refusals.set(saveRefusals(refusalsKey, {
        exportedAt: new Date().toISOString(), workspaceId: identity.workspaceId, userId: identity.userId,
        relayReason, changes: outcome.result.refused,
      }));
    }
    saveAckState(ackKey, { made: 0, acknowledged: 0 });
    await persistence.clearData();
    window.location.reload();
  }

  function refresh() {
    const unacknowledged = ack.unacknowledged;
    let next: ConnectionState;
    if (rebuilding !== null) next = { state: 'syncing', unacknowledged, reason: rebuilding };
    else if (signedOutReason !== null) next = { state: 'signed_out', unacknowledged, reason: signedOutReason };
    else if (provider === null) next = { state: 'offline', unacknowledged, reason: 'Working offline: no relay configured.' };
    else if (!navigator.onLine) next = { state: 'offline', unacknowledged, reason: 'This device is offline.' };
    else if (provider.wsconnected && provider.synced) next = { state: unacknowledged > 0 ? 'syncing' : 'online', unacknowledged };
    else if (provider.wsconnected) next = { state: 'syncing', unacknowledged };
    else next = { state: 'connecting', unacknowledged };
    connection.set(next);
  }

  const onOffline = () => {
    provider?.disconnect();
    refresh();
  };
  const onOnline = () => {
    if (provider !== null && signedOutReason === null) provider.connect();
    refresh();
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);
  refresh();

  let destroyed = false;
  return {
    kind: 'browser',
    identity,
    doc,
    whenLoaded,
    connection,
    awareness,
    refusals,
    ...(relayUrl !== null && token !== null ? { archive: createBrowserArchive({ relayUrl, token, workspaceId: identity.workspaceId, userId: identity.userId }) } : {}),
    dismissRefusals() {
      clearRefusals(refusalsKey);
      refusals.set(null);
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      doc.off('update', onUpdate);
      if (provider !== null) {
        provider.destroy();
      }
      awareness?.destroy();
      await persistence.destroy();
      doc.destroy();
    },
  };
}
