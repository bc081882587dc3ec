// The browser's adapter to the shared rebuild loop (src-shared/doc/relay-rebuild.ts): a
// WebsocketProvider for the fresh document. Used after the relay refused one of this device's
// updates (close 4409: re-append what is still allowed, src-shared/doc/refusal-recovery.ts) and
// by the generation move (generation-move.ts here, close 4410).
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { Awareness } from 'y-protocols/awareness';
import { portToGeneration, type ArchivePort, type PortResult } from '../../src-shared/doc/generation-move';
import { rebuildWithRelay, type RebuildConnection } from '../../src-shared/doc/relay-rebuild';
import { GENERATION_PARAM } from '../../src-shared/protocol/archive-api';

export interface RebuildOptions {
  serverUrl: string;
  workspaceId: string;
  userId: string;
  token: string;
  local: Y.Doc;
  /** Where events of logs the relay holds archived go (never re-created live: generation-move.ts). */
  archive: ArchivePort;
  /** Ids of refused changes already kept (an earlier rebuild reported them): not tried again. */
  kept?: ReadonlySet<string>;
  /** The generation to sync (`?gen=N`); null: the relay's only document (before generations). */
  generation?: number | null;
  timeoutMs?: number;
}

export type RebuildOutcome = { ok: true; result: PortResult } | { ok: false; reason: string };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A provider for a rebuild's fresh document: no presence, no BroadcastChannel (the relay's state only). */
export function relayConnection(serverUrl: string, workspaceId: string, token: string, generation: number | null) {
  return (doc: Y.Doc): RebuildConnection => {
    const awareness = new Awareness(doc);
    awareness.setLocalState(null);
    const params: Record<string, string> = { token };
    if (generation !== null) params[GENERATION_PARAM] = String(generation);
    const provider = new WebsocketProvider(serverUrl, workspaceId, doc, { params, awareness, disableBc: true });
    return {
      get synced() { return provider.synced; },
      get socket() { return provider.ws; },
      onClosed(listener) { provider.on('closed', ({ code, reason }) => listener(code, reason)); },
      destroy() {
        provider.destroy();
        awareness.destroy();
      },
    };
  };
}

export async function rebuildFromRelay(options: RebuildOptions): Promise<RebuildOutcome> {
  const fresh = new Y.Doc();
  try {
    const outcome = await rebuildWithRelay({
      doc: fresh,
      userId: options.userId,
      connect: relayConnection(options.serverUrl, options.workspaceId, options.token, options.generation ?? null),
      // The generation move's port against the current generation: a log the relay archived goes to the archive.
      port: (repository) => portToGeneration(options.local, repository, options.archive, options.kept),
      sleep,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    return outcome.ok ? outcome : { ok: false, reason: outcome.reason };
  } finally {
    fresh.destroy();
  }
}
