// The desktop host: an in-memory replica in the renderer, synced with Electron
// main's persisted replica over the preload bridge (window.handoff) using the
// y-protocols messages y-websocket uses (0 = sync, 1 = awareness). Main owns
// SQLite and the relay connection, so `connection` (incl. the unacknowledged
// count) is main's, pushed on 'connection:state'.
//
// whenLoaded resolves when main's sync step 2 has been applied: from then on the
// doc holds everything this device has stored, network or not.
//
// Signing in and out are main's (it owns the settings and the workspace files):
// createDesktopHost answers null while nobody is signed in, and the first-run
// screen calls desktopSignIn.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { RefusalExport } from '../../src-shared/doc/refusal-recovery';
import type { TaskState } from '../../src-shared/domain/types';
import type { HandoffBridge, InvokeChannel, InvokeInput, InvokeOutput } from '../../src-shared/protocol/ipc';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../src-shared/protocol/ack-tracker';
import { createObservable, sameConnectionState, type ConnectionState, type Identity, type PresenceState, type ReplicaHost } from '../host/host';

declare global {
  interface Window {
    /** Present only inside the desktop app (the preload exposes it). */
    handoff?: HandoffBridge;
  }
}

/** Transaction origin of updates that came from main: never sent back. */
const FROM_MAIN = Symbol('handoff.from-main');

export function desktopBridge(): HandoffBridge | null {
  return typeof window !== 'undefined' && window.handoff ? window.handoff : null;
}

async function call<C extends InvokeChannel>(bridge: HandoffBridge, channel: C, input: InvokeInput<C>): Promise<InvokeOutput<C>> {
  const result = await bridge.invoke(channel, input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

export interface DesktopHost extends ReplicaHost {
  /** A message about a local store main had to move aside and rebuild, to show once. */
  readonly recovery: string | null;
  /**
   * Every task as main's SQLite projection had it when the host was created:
   * paint the list from this while `whenLoaded` is pending (main loads its Y.Doc
   * only after answering it).
   */
  readonly firstScreen: readonly TaskState[];
}

/**
 * Sign in through main: it asks the relay who the token is (the renderer's CSP allows no
 * connection to a relay), persists the settings and opens that workspace's file.
 */
export async function desktopSignIn(bridge: HandoffBridge, session: InvokeInput<'session:sign-in'>): Promise<void> {
  const { workspaceId, userId, displayName, relayUrl, token } = session;
  const result = await bridge.invoke('session:sign-in', { workspaceId, userId, displayName, relayUrl, token });
  // The first-run form shows this sentence as it is (e.g. the relay refused the token).
  if (!result.ok) throw new Error(result.error.message.replace(/^session:sign-in: /, ''));
}

/** Main stops syncing and forgets the sign-in; the workspace's file stays for the next sign-in. */
export async function desktopSignOut(bridge: HandoffBridge): Promise<void> {
  await call(bridge, 'session:sign-out', {});
}

/** The host for the signed-in workspace, or null when nobody is signed in (show the first-run screen). */
export async function createDesktopHost(bridge: HandoffBridge): Promise<DesktopHost | null> {
  const hello = await call(bridge, 'replica:hello', {});
  if (hello.identity === null) return null;
  // Both before our sync step 1: main answers in order, and loads its Y.Doc only when the sync starts.
  const [firstScreen, kept] = await Promise.all([call(bridge, 'tasks:first-screen', {}), call(bridge, 'refusals:get', {})]);
  const refusals = createObservable<RefusalExport | null>(kept.refusals);
  const overdueCount = createObservable<number>(hello.overdueCount);
  const identity: Identity = hello.identity;
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  const connection = createObservable<ConnectionState>(hello.connection, sameConnectionState);
  const unsubscribes: (() => void)[] = [];
  let resolveLoaded!: () => void;
  let rejectLoaded!: (error: Error) => void;
  const whenLoaded = new Promise<void>((resolve, reject) => {
    resolveLoaded = resolve;
    rejectLoaded = reject;
  });
  let destroyed = false;

  const send = (message: Uint8Array) => {
    if (destroyed) return;
    void bridge.invoke('replica:message', { message }).then((result) => {
      // A refused message means main did not store an edit: that must not pass silently.
      if (!result.ok) rejectLoaded(new Error(result.error.message));
      if (!result.ok) console.error(`main refused a replica message: ${result.error.message}`);
    });
  };

  const onMainMessage = (message: Uint8Array) => {
    const decoder = decoding.createDecoder(message);
    const kind = decoding.readVarUint(decoder);
    if (kind === MESSAGE_SYNC) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      const type = syncProtocol.readSyncMessage(decoder, reply, doc, FROM_MAIN);
      if (encoding.length(reply) > 1) send(encoding.toUint8Array(reply));
      if (type === syncProtocol.messageYjsSyncStep2) resolveLoaded();
    } else if (kind === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), FROM_MAIN);
    }
  };
  unsubscribes.push(bridge.on('replica:message', onMainMessage));
  unsubscribes.push(bridge.on('connection:state', (state) => connection.set(state)));
  unsubscribes.push(bridge.on('tasks:overdue-count', ({ count }) => overdueCount.set(count)));
  // Main rebuilt its replica from the relay after a refused change: start over on the new one.
  unsubscribes.push(bridge.on('replica:reset', () => window.location.reload()));

  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === FROM_MAIN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    send(encoding.toUint8Array(encoder));
  };
  doc.on('update', onUpdate);
  const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === FROM_MAIN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]));
    send(encoding.toUint8Array(encoder));
  };
  awareness.on('update', onAwareness);
  // Presence, as the browser host publishes it: main passes it on to the relay and the other windows.
  const presence: PresenceState = { user: { id: identity.userId, name: identity.displayName || identity.userId }, openTaskId: null };
  awareness.setLocalState(presence);

  // Open the exchange: our step 1 makes main send everything it holds (step 2).
  const step1 = encoding.createEncoder();
  encoding.writeVarUint(step1, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(step1, doc);
  send(encoding.toUint8Array(step1));

  return {
    kind: 'desktop',
    identity,
    doc,
    whenLoaded,
    connection,
    awareness,
    recovery: hello.recovery,
    firstScreen: firstScreen.tasks,
    refusals,
    overdueCount,
    // Main asks the relay's archive and keeps its SQLite cache (replica/desktop-archive.ts).
    archive: {
      search: (q, before) => call(bridge, 'archive:search', { q, before }),
      task: async (taskId) => (await call(bridge, 'archive:task', { taskId })).found,
      post: (taskId, events) => call(bridge, 'archive:post-events', { taskId, events: [...events] }),
    },
    onOpenTask(listener) {
      return bridge.on('task:open', ({ taskId }) => listener(taskId));
    },
    dismissRefusals() {
      void call(bridge, 'refusals:dismiss', {}).then(() => refusals.set(null));
    },
    async destroy() {
      destroyed = true;
      for (const unsubscribe of unsubscribes) unsubscribe();
      doc.off('update', onUpdate);
      awareness.off('update', onAwareness);
      awarenessProtocol.removeAwarenessStates(awareness, [doc.clientID], 'window closed');
      awareness.destroy();
      doc.destroy();
    },
  };
}
