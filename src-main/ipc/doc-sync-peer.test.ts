// Presence through main: the renderer's awareness state reaches main's awareness
// (which the relay provider broadcasts), others' states reach the renderer, and a
// renderer that goes away takes its presence with it.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DocSyncPeer, MESSAGE_AWARENESS, MalformedMessageError } from './doc-sync-peer';

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

describe('DocSyncPeer presence', () => {
  it('carries presence both ways and removes the renderer’s on destroy', () => {
    const mainDoc = new Y.Doc();
    const mainAwareness = new awarenessProtocol.Awareness(mainDoc);
    mainAwareness.setLocalState(null);
    const toRenderer: Uint8Array[] = [];
    const peer = new DocSyncPeer(mainDoc, mainAwareness, (m) => toRenderer.push(m));

    const rendererDoc = new Y.Doc();
    const rendererAwareness = new awarenessProtocol.Awareness(rendererDoc);
    rendererAwareness.setLocalState({ user: { id: 'alice', name: 'Alice' }, openTaskId: 't1' });
    peer.receive(awarenessMessage(rendererAwareness, [rendererDoc.clientID]));
    expect(mainAwareness.getStates().get(rendererDoc.clientID)).toEqual({ user: { id: 'alice', name: 'Alice' }, openTaskId: 't1' });
    expect(toRenderer).toHaveLength(0); // not echoed back

    // Someone on another device, as the relay provider would apply it.
    const remoteDoc = new Y.Doc();
    const remote = new awarenessProtocol.Awareness(remoteDoc);
    remote.setLocalState({ user: { id: 'bob', name: 'Bob' }, openTaskId: null });
    awarenessProtocol.applyAwarenessUpdate(mainAwareness, awarenessProtocol.encodeAwarenessUpdate(remote, [remoteDoc.clientID]), 'relay');
    const forwarded = toRenderer.at(-1)!;
    const decoder = decoding.createDecoder(forwarded);
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AWARENESS);
    awarenessProtocol.applyAwarenessUpdate(rendererAwareness, decoding.readVarUint8Array(decoder), 'main');
    expect(rendererAwareness.getStates().get(remoteDoc.clientID)).toMatchObject({ user: { id: 'bob' } });

    expect(() => peer.receive(new Uint8Array([MESSAGE_AWARENESS, 5, 1, 2]))).toThrow(MalformedMessageError);
    peer.destroy();
    expect(mainAwareness.getStates().has(rendererDoc.clientID)).toBe(false);
    expect(mainAwareness.getStates().has(remoteDoc.clientID)).toBe(true);
    for (const a of [mainAwareness, rendererAwareness, remote]) a.destroy();
  });
});
