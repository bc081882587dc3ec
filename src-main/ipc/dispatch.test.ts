// The IPC contract on the handlers as plain functions: every channel refuses
// malformed payloads with a clear error (and never runs its handler then),
// unknown channels and foreign senders are refused, and the replica channel
// really syncs a renderer Y.Doc with main's persisted one.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createRepository } from '../../src-shared/doc/repository';
import { INVOKE_CHANNELS, type InvokeChannel, type IpcHandlers } from '../../src-shared/protocol/ipc';
import { WorkspaceReplica } from '../replica/workspace-replica';
import { makeTempDir } from '../../tests/main/temp-dir';
import { DocSyncPeer } from './doc-sync-peer';
import { dispatchInvoke, type SenderInfo } from './dispatch';
import { createHandlers } from './handlers';

const temp = makeTempDir();
const replica = WorkspaceReplica.open({ file: temp.file('ipc.sqlite'), workspaceId: 'ws-ipc', userId: 'alice' });
const APP = 'file://';
const sender: SenderInfo = { id: 7, frameUrl: 'file:///app/index.html', isMainFrame: true };
const toRenderer: Uint8Array[] = [];
const peer = new DocSyncPeer(replica.doc, new Awareness(replica.doc), (m) => toRenderer.push(m));
const handlers: IpcHandlers = {
  ...createHandlers({
    session: () => ({
      queries: replica.queries, identity: { workspaceId: 'ws-ipc', userId: 'alice', displayName: 'Alice' },
      recovery: null, connection: replica.connection, overdueCount: 0,
    }),
    peerFor: () => peer,
    refusals: () => null,
    dismissRefusals: () => undefined,
    archive: () => null,
  }),
  // The app's channels (replica/desktop-app.ts, tested in tests/main/desktop-host.test.ts).
  'session:sign-in': async () => ({ connection: replica.connection }),
  'session:sign-out': () => null,
};
const spied = Object.fromEntries(Object.entries(handlers).map(([k, fn]) => [k, vi.fn(fn as never)])) as unknown as IpcHandlers;
const call = (channel: unknown, payload: unknown, from: SenderInfo = sender) => dispatchInvoke(spied, channel, payload, from, APP);

afterAll(() => {
  peer.destroy();
  replica.close();
  temp.remove();
});

const GENERIC_BAD: unknown[] = [undefined, null, 42, 'text', [], { unexpected: true }];
/** Channel-specific malformed inputs. A new channel without an entry fails the first test. */
const SPECIFIC_BAD: Record<InvokeChannel, unknown[]> = {
  'replica:hello': [{ workspaceId: 'x' }],
  'replica:message': [{ message: 'AAEC' }, { message: [0, 1, 2] }, { message: new Uint8Array(0) }, { message: new Uint8Array([0]), extra: 1 }],
  'tasks:first-screen': [{ limit: 10 }],
  'refusals:get': [{ all: true }],
  'refusals:dismiss': [{ id: 'x' }],
  'session:sign-in': [
    { relayUrl: 'file:///etc/passwd', token: 'abcdefgh123', userId: 'a', workspaceId: 'w', displayName: '' },
    { relayUrl: 'ws://127.0.0.1:1', token: 'short', userId: 'a', workspaceId: 'w', displayName: '' },
    { relayUrl: 'ws://127.0.0.1:1', token: 'abcdefgh123', userId: '', workspaceId: 'w', displayName: '' },
    { token: 'abcdefgh123', userId: 'a', workspaceId: 'w', displayName: '' },
  ],
  'session:sign-out': [{ keepFile: false }],
  'archive:search': [{ q: 'x' }, { q: 1, before: null }, { q: 'x'.repeat(2_001), before: null }, { q: '', before: '' }],
  'archive:task': [{ taskId: '' }, { taskId: 7 }, { taskId: 'x', extra: 1 }],
  'archive:post-events': [{ taskId: 'x', events: [] }, { taskId: '', events: [{ id: 'e' }] }, { taskId: 'x', events: ['e'] }, { taskId: 'x', events: [{ id: 'e' }], extra: 1 }],
};

describe('IPC dispatch', () => {
  it('has malformed-payload cases for every channel of the contract', () => {
    expect(Object.keys(SPECIFIC_BAD).sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it.each(INVOKE_CHANNELS)('%s refuses malformed payloads with a clear error, without running the handler', async (channel) => {
    for (const payload of [...GENERIC_BAD, ...SPECIFIC_BAD[channel]]) {
      const result = await call(channel, payload);
      expect(result.ok, `${channel} accepted ${String(JSON.stringify(payload))}`).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_payload');
        expect(result.error.message.startsWith(`${channel}: `)).toBe(true);
        expect(result.error.message.length).toBeGreaterThan(channel.length + 5);
      }
    }
    expect(spied[channel]).not.toHaveBeenCalled();
  });

  it('refuses unknown channels and senders other than our own main frame', async () => {
    expect(await call('fs:read', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await call('replica:hello', {}, { ...sender, isMainFrame: false })).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await call('replica:hello', {}, { ...sender, frameUrl: 'https://evil.example/' })).toMatchObject({
      ok: false, error: { code: 'forbidden_sender' },
    });
    expect(await dispatchInvoke(spied, 'replica:hello', {}, { ...sender, frameUrl: 'http://127.0.0.1:5174/' }, 'http://127.0.0.1:5173')).toMatchObject({
      ok: false, error: { code: 'forbidden_sender' },
    });
    const app = (frameUrl: string) => dispatchInvoke(spied, 'replica:hello', {}, { ...sender, frameUrl }, 'app://handoff');
    expect(await app('app://handoff/index.html')).toMatchObject({ ok: true });
    expect(await app('app://evil/index.html')).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await app('app://handoff.evil/index.html')).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('answers well-formed calls', async () => {
    expect(await call('replica:hello', {})).toMatchObject({ ok: true, value: { identity: { userId: 'alice' }, recovery: null } });
    expect(await call('tasks:first-screen', {})).toEqual({ ok: true, value: { tasks: [] } });
    expect(await call('session:sign-in', { relayUrl: null, token: null, userId: 'a', workspaceId: 'w', displayName: 'A' })).toMatchObject({ ok: true });
  });

  it('syncs a renderer replica with main both ways over replica:message, and refuses garbage bytes', async () => {
    const rendererDoc = new Y.Doc();
    const fromMain = (message: Uint8Array) => {
      const decoder = decoding.createDecoder(message);
      if (decoding.readVarUint(decoder) !== 0) return;
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, 0);
      syncProtocol.readSyncMessage(decoder, reply, rendererDoc, 'main');
      if (encoding.length(reply) > 1) void call('replica:message', { message: encoding.toUint8Array(reply) });
    };
    rendererDoc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'main') return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeUpdate(encoder, update);
      void call('replica:message', { message: encoding.toUint8Array(encoder) });
    });
    peer.start();
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, 0);
    syncProtocol.writeSyncStep1(step1, rendererDoc);
    await call('replica:message', { message: encoding.toUint8Array(step1) });
    const drain = async () => {
      for (let i = 0; i < 10; i += 1) {
        await new Promise((r) => setTimeout(r, 0));
        for (const m of toRenderer.splice(0)) fromMain(m);
      }
    };
    await drain();

    const inRenderer = createRepository(rendererDoc, { actor: 'alice' });
    const made = inRenderer.create({ title: 'Made in the renderer' });
    await drain();
    expect(made.ok && replica.queries.get(made.value.id)?.title).toBe('Made in the renderer');
    expect(replica.connection.unacknowledged).toBeGreaterThan(0); // a local edit of this device

    const inMain = replica.repository.create({ title: 'Made in main' });
    await drain();
    expect(inMain.ok && inRenderer.view.get(inMain.value.id)?.title).toBe('Made in main');

    const before = Y.encodeStateVector(replica.doc);
    const garbage = await call('replica:message', { message: new Uint8Array([0, 2, 200, 1, 2, 3]) });
    expect(garbage).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringMatching(/^replica:message: replica message:/) } });
    expect(await call('replica:message', { message: new Uint8Array([9, 0]) })).toMatchObject({
      ok: false, error: { message: expect.stringContaining('unknown message type 9') },
    });
    expect(Y.encodeStateVector(replica.doc)).toEqual(before);
    inRenderer.destroy();
  });
});
