// The desktop's generation move (close 4410; the rules are in src-shared/doc/generation-move.ts):
// a fresh document of generation g is synced from the relay, this user's unsent events of the old
// replica are ported into it (or into the archive) and the relay confirms them; only then is g's
// file written, g recorded as the workspace's generation (generation-files.ts) and the old file
// deleted. Closing the app mid-move loses nothing: until the pointer moves, the old file is the
// one that opens, the relay answers it with 4410 again, and porting twice is a no-op.
import { existsSync, rmSync } from 'node:fs';
import * as Y from 'yjs';
import { portToGeneration, type ArchivePort, type PortResult } from '../../src-shared/doc/generation-move';
import { rebuildWithRelay } from '../../src-shared/doc/relay-rebuild';
import { generationFromCloseReason } from '../../src-shared/protocol/archive-api';
import { createArchiveClient } from '../../src-shared/protocol/archive-client';
import { RelayCloseCode } from '../../src-shared/protocol/relay-api';
import { ArchiveCache } from '../db/archive-cache';
import { relayConnection, sleep } from '../sync/rebuild-from-relay';
import { baseReplicaFile, generationFile, saveGeneration } from './generation-files';
import { keepRefusals, readRefusals } from './refusal-rebuild';
import { REBUILT_FROM_RELAY, WorkspaceReplica } from './workspace-replica';

export type MoveResult =
  | { replica: WorkspaceReplica; generation: number; port: PortResult }
  | { replica: WorkspaceReplica; failed: string };

export interface MoveOptions {
  /** Defaults to the relay's archive over HTTP (Node's fetch). */
  archive?: ArchivePort;
  timeoutMs?: number;
}

export async function moveReplica(replica: WorkspaceReplica, to: number, moveOptions: MoveOptions = {}): Promise<MoveResult> {
  const { options } = replica;
  const relay = options.relay;
  if (!relay) return { replica, failed: 'no relay configured' };
  const archive = moveOptions.archive ?? createArchiveClient({ relayUrl: relay.url, workspaceId: options.workspaceId, token: relay.token, fetch: (url, init) => fetch(url, init) });
  const base = baseReplicaFile(options.file);
  let target = to;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const fresh = new Y.Doc();
    try {
      const outcome = await rebuildWithRelay({
        doc: fresh,
        userId: options.userId,
        connect: relayConnection(relay.url, options.workspaceId, relay.token, target),
        port: (repository) => portToGeneration(replica.doc, repository, archive, new Set((readRefusals(options.file)?.changes ?? []).map((c) => c.event.id))),
        sleep,
        ...(moveOptions.timeoutMs !== undefined ? { timeoutMs: moveOptions.timeoutMs } : {}),
      });
      if (!outcome.ok) {
        const next = outcome.code === RelayCloseCode.generationMoved ? generationFromCloseReason(outcome.reason) : null;
        if (next === null || next === target) return { replica, failed: outcome.reason };
        target = next; // the relay moved on again meanwhile
        continue;
      }
      if (outcome.result.refused.length > 0) {
        keepRefusals(options.file, {
          exportedAt: new Date().toISOString(), workspaceId: options.workspaceId, userId: options.userId,
          relayReason: `the live document moved to generation ${target}`, changes: outcome.result.refused,
        });
      }
      const oldFile = options.file;
      const next = WorkspaceReplica.open({ ...options, file: generationFile(base, target), generation: target });
      Y.applyUpdate(next.doc, Y.encodeStateAsUpdate(fresh), REBUILT_FROM_RELAY);
      // What this device has seen of the archive still shows offline in the new file.
      new ArchiveCache(replica.store.sqlite).copyTo(new ArchiveCache(next.store.sqlite));
      // g's file holds everything now (each update is committed synchronously): g opens from here on.
      saveGeneration(base, target);
      replica.close();
      if (oldFile !== next.options.file) {
        for (const suffix of ['', '-wal', '-shm']) if (existsSync(oldFile + suffix)) rmSync(oldFile + suffix);
      }
      return { replica: next, generation: target, port: outcome.result };
    } finally {
      fresh.destroy();
    }
  }
  return { replica, failed: 'the relay kept starting new generations' };
}
