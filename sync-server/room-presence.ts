// A room's presence (y-protocols awareness): who is online and which task they have open. Not
// stored. A connection speaks only for itself (presence-check.ts): a state naming someone else,
// or touching another connection's awareness ids, is dropped and counted.
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { errorFields } from './log';
import { presenceRefusal } from './presence-check';
import { encodeAwareness, MalformedMessageError } from './protocol';
import type { RoomConnection, RoomDeps } from './room-deps';

export class RoomPresence {
  readonly awareness: awarenessProtocol.Awareness;

  constructor(
    doc: Y.Doc,
    private readonly room: string,
    private readonly connections: ReadonlySet<RoomConnection>,
    private readonly deps: Pick<RoomDeps, 'metrics' | 'log'>,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The relay has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onUpdate);
  }

  /** Everyone's current presence, for a connection that just joined (or asked). */
  sendAll(conn: RoomConnection): void {
    const ids = [...this.awareness.getStates().keys()];
    if (ids.length > 0) conn.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
  }

  receive(conn: RoomConnection, update: Uint8Array): void {
    const refusal = presenceRefusal(update, conn.principal.userId, (id) => this.ownedByAnother(conn, id));
    if (refusal) {
      this.deps.metrics.presenceDropped.inc();
      this.deps.log('warn', 'presence_dropped', { room: this.room, conn: conn.id, user: conn.principal.userId, reason: refusal });
      return;
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
    } catch (error) {
      throw new MalformedMessageError(`bad awareness update: ${errorFields(error).error}`);
    }
  }

  /** A connection left: its states go, for everyone at once. */
  leave(conn: RoomConnection): void {
    if (conn.awarenessClientIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessClientIds], null);
  }

  destroy(): void {
    this.awareness.off('update', this.onUpdate);
    this.awareness.destroy();
  }

  private ownedByAnother(conn: RoomConnection, clientId: number): boolean {
    for (const other of this.connections) if (other !== conn && other.awarenessClientIds.has(clientId)) return true;
    return false;
  }

  private readonly onUpdate = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    if (origin !== null && typeof origin === 'object' && this.connections.has(origin as RoomConnection)) {
      const ids = (origin as RoomConnection).awarenessClientIds;
      for (const id of change.added) ids.add(id);
      for (const id of change.removed) ids.delete(id);
    }
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0 || this.connections.size === 0) return;
    const message = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    for (const conn of this.connections) conn.send(message);
  };
}
