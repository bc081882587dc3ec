// The browser host: the replica lives in IndexedDB (y-indexeddb) and syncs with
// the relay through the shared relay client (relay-connection.ts wires y-websocket's
// WebsocketProvider to it; room = workspace id, the token as a URL parameter because
// browsers cannot set headers on WebSockets).
//
// It reports the window's `offline`/`online` events to the client at once: the OS going
// offline does not close an open WebSocket, and the provider would only notice
// after its 30-second silence watchdog.
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { Awareness } from 'y-protocols/awareness';
import {
  createObservable, sameConnectionState,
  type ConnectionState, type Identity, type PresenceState, type ReplicaHost,
} from '../host/host';
import type { RefusalExport } from '../../src-shared/doc/refusal-recovery';
import { AckTracker } from '../../src-shared/protocol/ack-tracker';
import { connectionStateOf, initialRelayState } from '../../src-shared/protocol/relay-client';
import { generationCloseReason } from '../../src-shared/protocol/archive-api';
import { createArchiveClient } from '../../src-shared/protocol/archive-client';
import { loadAckState, saveAckState } from './ack-storage';
import { syncServerUrl } from './members-cache';
import { rebuildFromRelay } from './rebuild-from-relay';
import { cacheArchivedOccurrences, followGeneration, loadGeneration, persistenceName } from './generation-move';
import { createBrowserArchive } from '../archive/archive-cache-browser';
import { clearRefusals, loadRefusals, saveRefusals } from './refusal-store';
import { connectRelay, type RelayConnection } from './relay-connection';

export interface BrowserHostOptions {
  identity: Identity;
  /** ws(s)://host:port/sync — the room (workspace id) is appended. Null: work offline. */
  relayUrl: string | null;
  token: string | null;
  /** The live document's generation this replica belongs to (archive-api.ts); 0 until one moved. */
  generation?: number;
  /** The relay serves a newer generation (close 4410): open it and port this replica's events. */
  onGenerationMoved?: (generation: number) => void;
}

export { persistenceName };

export function createBrowserHost(options: BrowserHostOptions): ReplicaHost {
  const { identity, relayUrl, token } = options;
  const doc = new Y.Doc();
  const storagePrefix = `handoff:${identity.workspaceId}:${identity.userId}`;
  // The generation of the live document this replica belongs to (generation-move.ts).
  const generation = loadGeneration(storagePrefix);
  const persistence = new IndexeddbPersistence(persistenceName(identity.workspaceId, identity.userId, generation), doc);
  // Loading applies the stored document in one transaction, and Yjs encodes a transaction again as an
  // update whenever anything listens for 'update': for 10,000 tasks (6.5 MB) that took the apply from
  // 0.48 s to 1.28 s (`npm run bench -- ui-cold-load`). So nothing listens until the replica is
  // loaded: y-indexeddb's own writer (which skips its own load anyway) rejoins then, and so do this
  // host's counter and the relay connection below, which is made only then.
  doc.off('update', persistence._storeUpdate);
  const whenLoaded = persistence.whenSynced.then(() => {
    if (!destroyed) doc.on('update', persistence._storeUpdate);
  });

  const refusalsKey = `${storagePrefix}:refused`;
  const refusals = createObservable<RefusalExport | null>(loadRefusals(refusalsKey));
  const ackKey = `${storagePrefix}:acks`;
  const ack = new AckTracker(loadAckState(ackKey), (state) => {
    saveAckState(ackKey, state);
    if (relayUrl === null || token === null) connection.set(connectionStateOf(initialRelayState({ configured: false }), ack.unacknowledged));
  });
  const connection = createObservable<ConnectionState>(
    connectionStateOf(initialRelayState({ configured: relayUrl !== null && token !== null, deviceOnline: navigator.onLine }), ack.unacknowledged),
    sameConnectionState,
  );

  const archive = relayUrl !== null && token !== null ? createBrowserArchive({ relayUrl, token, workspaceId: identity.workspaceId, userId: identity.userId }) : null;
  let awareness: Awareness | null = null;
  let relay: RelayConnection | null = null;
  let rebuilding = false;
  const startRelay = (relayUrl: string, token: string, awareness: Awareness) => {
    relay = connectRelay({
      relayUrl, workspaceId: identity.workspaceId, token, doc, awareness, tracker: ack, deviceOnline: navigator.onLine,
      // The IndexedDB database opened above belongs to this generation; the URL must name the same one.
      generation,
      onState: (state) => connection.set(state),
      onRefused: (reason) => void rebuildAfterRefusal(reason),
      onGenerationMoved: (to) => {
        options.onGenerationMoved?.(to);
        void followGeneration({
          relayUrl, token, identity, storagePrefix, doc, persistence, archive, reason: generationCloseReason(to),
          onProgress: (note) => connection.set({ state: 'syncing', unacknowledged: ack.unacknowledged, ...(note ? { reason: note } : {}) }),
        });
      },
    });
    relay.start();
  };
  if (relayUrl !== null && token !== null) {
    const local = new Awareness(doc);
    const presence: PresenceState = { user: { id: identity.userId, name: identity.displayName }, openTaskId: null };
    local.setLocalState(presence);
    awareness = local;
    whenLoaded.then(() => { if (!destroyed) startRelay(relayUrl, token, local); }, () => undefined);
  }

  // Count local transactions: everything not applied by persistence or the provider.
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === persistence || (relay !== null && origin === relay.provider)) return;
    ack.localUpdate();
    relay?.localUpdate();
  };
  void whenLoaded.then(() => { if (!destroyed) doc.on('update', onUpdate); }, () => undefined);

  /**
   * The relay refused a change of ours (a role changed while we were offline, say): rebuild from
   * the relay's state, re-append what is still allowed, keep the rest for export, reload.
   */
  async function rebuildAfterRefusal(relayReason: string) {
    if (rebuilding || relayUrl === null || token === null) return;
    rebuilding = true;
    const outcome = await rebuildFromRelay({
      serverUrl: syncServerUrl(relayUrl), workspaceId: identity.workspaceId, userId: identity.userId, token, local: doc, generation,
      archive: createArchiveClient({ relayUrl, workspaceId: identity.workspaceId, token, fetch: (url, init) => fetch(url, init) }),
      kept: new Set((loadRefusals(refusalsKey)?.changes ?? []).map((c) => c.event.id)),
    });
    if (!outcome.ok) {
      // Signed out (revoked) or unreachable: keep everything here; the user can export it.
      rebuilding = false;
      relay?.rebuildFailed(outcome.reason);
      return;
    }
    if (outcome.result.refused.length > 0) {
      refusals.set(saveRefusals(refusalsKey, {
        exportedAt: new Date().toISOString(), workspaceId: identity.workspaceId, userId: identity.userId,
        relayReason, changes: outcome.result.refused,
      }));
    }
    // Cached as archived (IndexedDB), so the scheduler does not remake an archived occurrence live.
    await cacheArchivedOccurrences(archive, outcome.result.archivedOccurrences);
    saveAckState(ackKey, { made: 0, acknowledged: 0 });
    await persistence.clearData();
    window.location.reload();
  }

  const onOffline = () => relay?.deviceOffline();
  const onOnline = () => relay?.deviceOnline();
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);

  let destroyed = false;
  return {
    kind: 'browser',
    identity,
    doc,
    whenLoaded,
    connection,
    awareness,
    refusals,
    ...(archive ? { archive } : {}),
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
      relay?.destroy();
      awareness?.destroy();
      await persistence.destroy();
      doc.destroy();
    },
  };
}
