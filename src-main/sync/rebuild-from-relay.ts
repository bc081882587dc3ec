// Main's half of the recovery after the relay refused an update (close 4409; the shared rules are
// in src-shared/doc/refusal-recovery.ts): sync a fresh document from the relay with the same
// token, re-append this user's unsent changes that are still allowed, and hand back the fresh
// state and what was refused. The replica is then replaced by the fresh state (refusal-rebuild.ts).
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { recover, type RecoveryResult } from '../../src-shared/doc/refusal-recovery';
import { createRepository } from '../../src-shared/doc/repository';
import { relaySyncServerUrl } from '../../src-shared/protocol/relay-api';

export interface NodeRebuildOptions {
  relayUrl: string;
  workspaceId: string;
  userId: string;
  token: string;
  local: Y.Doc;
  timeoutMs?: number;
}

export type NodeRebuildOutcome = { ok: true; state: Uint8Array; result: RecoveryResult } | { ok: false; reason: string };

export async function rebuildFromRelay(options: NodeRebuildOptions): Promise<NodeRebuildOutcome> {
  const fresh = new Y.Doc();
  const provider = new WebsocketProvider(relaySyncServerUrl(options.relayUrl), options.workspaceId, fresh, {
    params: { token: options.token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
  });
  provider.awareness.setLocalState(null);
  let closed: string | null = null;
  provider.on('closed', ({ code, reason }) => { closed = reason || `closed with ${code}`; });
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const settle = async (done: () => boolean) => {
    while (!done() && closed === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  };
  try {
    await settle(() => provider.synced);
    if (!provider.synced) return { ok: false, reason: closed ?? 'the relay did not answer' };
    const repository = createRepository(fresh, { actor: options.userId });
    const result = recover(options.local, repository);
    repository.destroy();
    // The re-appended events must be on the relay before the socket closes: wait for the send
    // buffer to drain and one more round trip (a second sync leaves `synced` set only once answered).
    await settle(() => (provider.ws?.bufferedAmount ?? 0) === 0);
    await new Promise((r) => setTimeout(r, 200));
    if (closed !== null) return { ok: false, reason: closed };
    return { ok: true, state: Y.encodeStateAsUpdate(fresh), result };
  } finally {
    provider.awareness.destroy();
    provider.destroy();
    fresh.destroy();
  }
}
