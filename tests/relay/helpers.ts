// Shared helpers for the relay integration tests: a real relay process (or in-process relay) on
// a loopback port, real SQLite files in a temp dir, real y-websocket clients.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';

import { waitFor } from '../support/relay-process';

export { repoRoot, startRelayProcess, tempDir, waitFor, type RelayProcess } from '../support/relay-process';

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: { code: number; reason: string }[];
  destroy(): void;
}

export function connectClient(port: number, workspace: string, token: string | null, doc = new Y.Doc(), opts: { connect?: boolean; params?: Record<string, string> } = {}): TestClient {
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, workspace, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { ...(token === null ? {} : { token }), ...opts.params },
    disableBc: true,
    connect: opts.connect ?? true,
    maxBackoffTime: 300,
  });
  const closes: { code: number; reason: string }[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    closes,
    destroy: () => {
      provider.awareness.destroy();
      provider.destroy();
    },
  };
}

export function waitSynced(client: TestClient, timeoutMs = 10_000): Promise<void> {
  return waitFor(() => client.provider.synced, timeoutMs, 'provider synced');
}

/** A stable, comparable view of a test document's content. */
export function content(doc: Y.Doc): unknown {
  return { tasks: doc.getMap('tasks').toJSON() };
}

/** Deep equality of two documents' content, independent of key insertion order. */
export function sameContent(a: Y.Doc, b: Y.Doc): boolean {
  return isDeepStrictEqual(content(a), content(b));
}

export interface RawClient {
  ws: WebSocket;
  messages: Uint8Array[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

/** A bare `ws` client that records every message and how it was closed. */
export function rawConnect(url: string): RawClient {
  const ws = new WebSocket(url);
  const messages: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
  );
  return { ws, messages, opened, closed };
}

/**
 * Sends an upgrade request with the path exactly as given (a WHATWG URL would normalise `..`)
 * and returns the first WebSocket frame the server sends: for a refusal, a close frame.
 */
export function rawUpgrade(port: number, rawPath: string): Promise<{ status: number; opcode: number; closeCode: number | null }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: rawPath,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      },
    });
    req.on('response', (res) => resolve({ status: res.statusCode ?? 0, opcode: -1, closeCode: null }));
    req.on('upgrade', (res, socket, head: Buffer) => {
      const first = (frame: Buffer) => {
        const opcode = (frame[0] ?? 0) & 0x0f;
        const closeCode = opcode === 8 && frame.length >= 4 ? frame.readUInt16BE(2) : null;
        socket.destroy();
        resolve({ status: res.statusCode ?? 0, opcode, closeCode });
      };
      // The first frame may arrive in the same chunk as the 101 response.
      if (head.length > 0) first(head);
      else socket.once('data', first);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A minimal y-protocols client over a bare `ws` socket (cheaper than a provider, for churn). */
export interface BareYClient {
  doc: Y.Doc;
  ws: WebSocket;
  synced: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export function bareYClient(url: string, doc = new Y.Doc()): BareYClient {
  const ws = new WebSocket(url);
  let markSynced: () => void = () => {};
  const synced = new Promise<void>((resolve) => (markSynced = resolve));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
  );
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === ws || ws.readyState !== ws.OPEN) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeUpdate(e, update);
    ws.send(encoding.toUint8Array(e));
  };
  doc.on('update', onUpdate);
  ws.on('open', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeSyncStep1(e, doc);
    ws.send(encoding.toUint8Array(e));
  });
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== 0) return; // awareness: ignored here
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    const kind = syncProtocol.readSyncMessage(decoder, e, doc, ws);
    if (kind === syncProtocol.messageYjsSyncStep2) markSynced();
    if (encoding.length(e) > 1) ws.send(encoding.toUint8Array(e));
  });
  ws.on('error', () => {});
  return {
    doc,
    ws,
    synced,
    closed,
    close: async () => {
      doc.off('update', onUpdate);
      ws.close();
      await closed;
    },
  };
}
