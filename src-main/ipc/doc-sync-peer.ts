// Main's end of the renderer replica sync: the same y-protocols messages
// y-websocket uses (framed: varuint 0 = sync, 1 = awareness), over IPC instead
// of a socket. Main's Y.Doc is the persisted one; the renderer's is in memory.
//   - on start, main sends its sync step 1 (the renderer answers with what main lacks);
//   - the renderer's step 1 is answered with main's step 2 (everything it lacks);
//   - afterwards, every update of either doc is forwarded to the other.
// Updates applied from the renderer carry this peer as their origin, so the
// store counts them as local edits of this device and does not echo them back.
// Awareness: the renderer's presence is applied to main's awareness (which the
// relay provider broadcasts), and remote presence is forwarded to the renderer.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

export { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../src-shared/protocol/ack-tracker';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../src-shared/protocol/ack-tracker';

export class MalformedMessageError extends Error {
  constructor(message: string) {
    super(`replica message: ${message}`);
    this.name = 'MalformedMessageError';
  }
}

export class DocSyncPeer {
  /** Awareness client ids this renderer introduced: removed when it goes away. */
  private readonly rendererClients = new Set<number>();
  private destroyed = false;

  constructor(
    private readonly doc: Y.Doc,
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly send: (message: Uint8Array) => void,
  ) {
    doc.on('update', this.onDocUpdate);
    awareness.on('update', this.onAwarenessUpdate);
  }

  /** Opens the exchange: main's step 1 and the current presence of others. */
  start(): void {
    const sync = encoding.createEncoder();
    encoding.writeVarUint(sync, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(sync, this.doc);
    this.send(encoding.toUint8Array(sync));
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    if (others.length > 0) this.send(this.awarenessMessage(others));
  }

  /** Handles one message from the renderer. Throws MalformedMessageError on garbage; the doc is untouched then. */
  receive(message: Uint8Array): void {
    if (this.destroyed) return;
    const decoder = decoding.createDecoder(message);
    let kind: number;
    try {
      kind = decoding.readVarUint(decoder);
    } catch {
      throw new MalformedMessageError('empty or truncated header');
    }
    if (kind === MESSAGE_SYNC) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      try {
        // Without an error handler y-protocols logs and swallows a failed update (including
        // one our store failed to persist); rethrow so the renderer hears about it.
        syncProtocol.readSyncMessage(decoder, reply, this.doc, this, (error) => {
          throw error;
        });
      } catch (error) {
        throw new MalformedMessageError(`could not apply sync message (${(error as Error).message})`);
      }
      if (encoding.length(reply) > 1) this.send(encoding.toUint8Array(reply));
    } else if (kind === MESSAGE_AWARENESS) {
      let update: Uint8Array;
      try {
        update = decoding.readVarUint8Array(decoder);
        const clients = decodeAwarenessClients(update);
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, this);
        for (const id of clients) this.rendererClients.add(id);
      } catch (error) {
        throw new MalformedMessageError(`could not apply awareness update (${(error as Error).message})`);
      }
    } else {
      throw new MalformedMessageError(`unknown message type ${kind}`);
    }
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    awarenessProtocol.removeAwarenessStates(this.awareness, [...this.rendererClients], 'renderer closed');
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || this.destroyed) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.send(encoding.toUint8Array(encoder));
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === this || this.destroyed) return;
    const changed = [...added, ...updated, ...removed];
    if (changed.length > 0) this.send(this.awarenessMessage(changed));
  };

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }
}

/** The client ids an awareness update names (validates its framing as a side effect). */
function decodeAwarenessClients(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) {
    ids.push(decoding.readVarUint(decoder));
    decoding.readVarUint(decoder); // clock
    JSON.parse(decoding.readVarString(decoder));
  }
  return ids;
}
