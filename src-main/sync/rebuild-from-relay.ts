// Main's adapter to the shared rebuild loop (src-shared/doc/relay-rebuild.ts): a WebsocketProvider
// over `ws` for the fresh document. Used after the relay refused an update (close 4409: the shared
// rules are in src-shared/doc/refusal-recovery.ts; the replica is then replaced, refusal-rebuild.ts)
// and by the generation move (close 4410: replica/generation-move.ts).
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { portToGeneration, type ArchivePort, type PortResult } from '../../src-shared/doc/generation-move';
import { rebuildWithRelay, type RebuildConnection } from '../../src-shared/doc/relay-rebuild';
import { GENERATION_PARAM } from '../../src-shared/protocol/archive-api';
import { relaySyncServerUrl } from '../../src-shared/protocol/relay-api';

export interface NodeRebuildOptions {
  relayUrl: string;
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

export type NodeRebuildOutcome = { ok: true; state: Uint8Array; result: PortResult } | { ok: false; reason: string };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A rebuild's connection; `origin` is the origin of the relay's updates it applies to the document. */
export type NodeRebuildConnection = RebuildConnection & { readonly origin: unknown };

/** A provider for a rebuild's fresh document: no presence (main has none of its own). */
export function relayConnection(relayUrl: string, workspaceId: string, token: string, generation: number | null) {
  return (doc: Y.Doc): NodeRebuildConnection => {
    const params: Record<string, string> = { token };
    if (generation !== null) params[GENERATION_PARAM] = String(generation);
    const provider = new WebsocketProvider(relaySyncServerUrl(relayUrl), workspaceId, doc, {
      params, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
    });
    provider.awareness.setLocalState(null);
    return {
      origin: provider,
      get synced() { return provider.synced; },
      get socket() { return provider.ws; },
      onClosed(listener) { provider.on('closed', ({ code, reason }) => listener(code, reason)); },
      destroy() {
        provider.awareness.destroy();
        provider.destroy();
      },
    };
  };
}

export async function rebuildFromRelay(options: NodeRebuildOptions): Promise<NodeRebuildOutcome> {
  const fresh = new Y.Doc();
  try {
    const outcome = await rebuildWithRelay({
      doc: fresh,
      userId: options.userId,
      connect: relayConnection(options.relayUrl, options.workspaceId, options.token, options.generation ?? null),
      // The generation move's port against the current generation: a log the relay archived goes to the archive.
      port: (repository) => portToGeneration(options.local, repository, options.archive, options.kept),
      sleep,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    return outcome.ok ? { ok: true, state: Y.encodeStateAsUpdate(fresh), result: outcome.result } : { ok: false, reason: outcome.reason };
  } finally {
    fresh.destroy();
  }
}
