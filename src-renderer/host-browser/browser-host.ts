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
import { loadAckState, saveAckState } from './ack-storage';
import { syncServerUrl } from './members-cache';
import { rebuildFromRelay } from './rebuild-from-relay';
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

export function persistenceName(workspaceId: string, userId: string): string {
  return `handoff:${workspaceId}:${userId}`;
}

export function createBrowserHost(options: BrowserHostOptions): ReplicaHost {
  const { identity, relayUrl, token } = options;
  const doc = new Y.Doc();
  const storagePrefix = `handoff:${identity.workspaceId}:${identity.userId}`;
  const persistence = new IndexeddbPersistence(persistenceName(identity.workspaceId, identity.userId), doc);
  const whenLoaded = persistence.whenSynced.then(() => undefined);

  const refusalsKey = `${storagePrefix}:refused`;
  const refusals = createObservable<RefusalExport | null>(loadRefusals(refusalsKey));
  const ackKey = `${storagePrefix}:acks`;
  const ack = new AckTracker(loadAckState(ackKey), (state) => {
    saveAckState(ackKey, state);
    if (relay === null) connection.set(connectionStateOf(initialRelayState({ configured: false }), ack.unacknowledged));
  });
  const connection = createObservable<ConnectionState>(
    connectionStateOf(initialRelayState({ configured: relayUrl !== null && token !== null, deviceOnline: navigator.onLine }), ack.unacknowledged),
    sameConnectionState,
  );

  let awareness: Awareness | null = null;
  let relay: RelayConnection | null = null;
  let rebuilding = false;
  if (relayUrl !== null && token !== null) {
    awareness = new Awareness(doc);
    const presence: PresenceState = { user: { id: identity.userId, name: identity.displayName }, openTaskId: null };
    awareness.setLocalState(presence);
    relay = connectRelay({
      relayUrl, workspaceId: identity.workspaceId, token, doc, awareness, tracker: ack, deviceOnline: navigator.onLine,
      ...(options.generation !== undefined ? { generation: options.generation } : {}),
      onState: (state) => connection.set(state),
      onRefused: (reason) => void rebuildAfterRefusal(reason),
      ...(options.onGenerationMoved ? { onGenerationMoved: options.onGenerationMoved } : {}),
    });
    const started = relay;
    whenLoaded.then(() => { if (!destroyed) started.start(); }, () => undefined);
  }

  // Count local transactions: everything not applied by persistence or the provider.
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === persistence || (relay !== null && origin === relay.provider)) return;
    ack.localUpdate();
    relay?.localUpdate();
  };
  doc.on('update', onUpdate);

  /**
   * The relay refused a change of ours (a role changed while we were offline, say): rebuild from
   * the relay's state, re-append what is still allowed, keep the rest for export, reload.
   */
  async function rebuildAfterRefusal(relayReason: string) {
    if (rebuilding || relayUrl === null || token === null) return;
    rebuilding = true;
    const outcome = await rebuildFromRelay({ serverUrl: syncServerUrl(relayUrl), workspaceId: identity.workspaceId, userId: identity.userId, token, local: doc });
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
