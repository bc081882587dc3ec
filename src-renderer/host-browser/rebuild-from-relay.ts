// After the relay refused one of this device's updates (close 4409): sync a fresh document from
// the relay with the same token, re-append this user's unsent changes that are still allowed
// (src-shared/doc/refusal-recovery.ts), and report the rest. The caller then replaces the local
// replica (IndexedDB) with the relay's state.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { Awareness } from 'y-protocols/awareness';
import { recover, type RecoveryResult } from '../../src-shared/doc/refusal-recovery';
import { createRepository } from '../../src-shared/doc/repository';

export interface RebuildOptions {
  serverUrl: string;
  workspaceId: string;
  userId: string;
  token: string;
  local: Y.Doc;
  timeoutMs?: number;
}

export type RebuildOutcome = { ok: true; result: RecoveryResult } | { ok: false; reason: string };

export async function rebuildFromRelay(options: RebuildOptions): Promise<RebuildOutcome> {
  const fresh = new Y.Doc();
  const awareness = new Awareness(fresh);
  awareness.setLocalState(null);
  const provider = new WebsocketProvider(options.serverUrl, options.workspaceId, fresh, { params: { token: options.token }, awareness, disableBc: true });
  let closed: string | null = null;
  provider.on('closed', ({ code, reason }) => { closed = reason || `closed with ${code}`; });
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const until = async (done: () => boolean) => {
    while (!done() && closed === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };
  try {
    await until(() => provider.synced);
    if (!provider.synced) return { ok: false, reason: closed ?? 'the relay did not answer' };
    const repository = createRepository(fresh, { actor: options.userId });
    const result = recover(options.local, repository);
    repository.destroy();
    // Let the re-appended events leave the socket before it closes.
    await until(() => (provider.ws?.bufferedAmount ?? 0) === 0);
    await new Promise((r) => setTimeout(r, 300));
    if (closed !== null) return { ok: false, reason: closed };
    return { ok: true, result };
  } finally {
    provider.destroy();
    awareness.destroy();
    fresh.destroy();
  }
}
