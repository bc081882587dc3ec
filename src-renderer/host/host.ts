// The seam between the renderer and wherever its replica lives. Two hosts
// implement it (DESIGN.md "Two ways the renderer runs"):
//   - host-browser: the replica persisted in IndexedDB (y-indexeddb) and synced
//     with the relay by y-websocket's WebsocketProvider;
//   - host-desktop: an in-memory replica synced with Electron main over the
//     preload bridge (main owns SQLite persistence and the relay connection).
// The UI only ever sees this interface, so the same bundle runs in both.
//
// Invariants every host keeps:
//   - `doc` is the workspace Y.Doc; the UI reads and writes it only through the
//     repository in src-shared/doc (never doc.getMap with a string).
//   - `whenLoaded` resolves once the locally persisted state is in `doc`, so a
//     list rendered after it shows every task this device knows, network or not.
//     It rejects only if local persistence itself failed.
//   - `connection` changes synchronously with what the host learns (a window
//     `offline` event flips it to 'offline' at once, not after a timeout).
//   - `unacknowledged` counts local changes (transactions made on this device)
//     that the relay has not yet confirmed holding; it survives a reload.
import type * as Y from 'yjs';
import type { RefusalExport } from '../../src-shared/doc/refusal-recovery';
import type { ConnectionStateMessage } from '../../src-shared/protocol/ipc';
import { sameConnection } from '../../src-shared/protocol/relay-client';
import type { Awareness } from 'y-protocols/awareness';
import type { UserId } from '../../src-shared/domain/types';

/**
 * offline | connecting | syncing | online | signed_out; `unacknowledged`: local changes the relay
 * has not confirmed; `reason`: why, in one sentence for people. Declared once in the IPC contract,
 * which main's sync client uses too.
 */
export type ConnectionState = ConnectionStateMessage;
export type ConnectionStateName = ConnectionState['state'];

/** Members as the document's members log records them (the relay writes it). */
export type { Member } from '../../src-shared/domain/members';

/** A value that changes over time; `subscribe` returns the unsubscribe. */
export interface Observable<T> {
  get(): T;
  subscribe(listener: (value: T) => void): () => void;
}

/** What the signed-in operator put on the first-run screen (or the URL). */
export interface Identity {
  workspaceId: string;
  userId: UserId;
  displayName: string;
}

/** Awareness state every host publishes for the local user. */
export interface PresenceState {
  user: { id: UserId; name: string };
  /** The task the user has open in the panel, if any. */
  openTaskId: string | null;
}

export interface ReplicaHost {
  readonly kind: 'browser' | 'desktop';
  readonly identity: Identity;
  readonly doc: Y.Doc;
  readonly whenLoaded: Promise<void>;
  readonly connection: Observable<ConnectionState>;
  /** y-protocols awareness shared with other clients, or null when it has none (offline-only). */
  readonly awareness: Awareness | null;
  /**
   * Changes the relay refused that could not be re-appended after the rebuild (see
   * src-shared/doc/refusal-recovery.ts), until the user dismisses them; null when there are none.
   */
  readonly refusals?: Observable<RefusalExport | null>;
  dismissRefusals?(): void;
  /** The signed-in user's overdue tasks as main counts them (desktop; the browser counts in the page). */
  readonly overdueCount?: Observable<number>;
  /** Requests from outside the page (a clicked OS notification) to open a task; returns the unsubscribe. */
  onOpenTask?(listener: (taskId: string) => void): () => void;
  /** Flush what must not be lost and release sockets, storage handles, listeners. */
  destroy(): Promise<void>;
}

/** A tiny Observable implementation both hosts can use. */
export function createObservable<T>(initial: T, equals: (a: T, b: T) => boolean = Object.is) {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  const observable: Observable<T> & { set(next: T): void } = {
    get: () => value,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      if (equals(value, next)) return;
      value = next;
      for (const listener of [...listeners]) listener(value);
    },
  };
  return observable;
}

/** One definition of "the same connection state", the relay client's. */
export const sameConnectionState: (a: ConnectionState, b: ConnectionState) => boolean = sameConnection;
