// The desktop's generation move (close 4410; the rules are in src-shared/doc/generation-move.ts):
// g's replica file is opened offline and synced from the relay, this user's unsent events of the
// old replica are ported into it (or into the archive) and the relay confirms them; only then is g
// recorded as the workspace's generation (generation-files.ts), the old file deleted and g's
// replica connected. The new replica is the rebuild's document, so the relay's state is decoded,
// folded and projected once. Closing the app mid-move loses nothing: until the pointer moves, the
// old file is the one that opens (a half-filled g file is deleted and refilled on the next try),
// the relay answers it with 4410 again, and porting twice is a no-op.
import { existsSync, rmSync } from 'node:fs';
import { portToGeneration, type ArchivePort, type PortResult } from '../../src-shared/doc/generation-move';
import { rebuildWithRelay } from '../../src-shared/doc/relay-rebuild';
import { generationFromCloseReason } from '../../src-shared/protocol/archive-api';
import { createArchiveClient } from '../../src-shared/protocol/archive-client';
import { RelayCloseCode } from '../../src-shared/protocol/relay-api';
import { ArchiveCache } from '../db/archive-cache';
import { relayConnection, sleep } from '../sync/rebuild-from-relay';
import { cacheArchivedTasks } from './desktop-archive';
import { baseReplicaFile, generationFile, saveGeneration } from './generation-files';
import { keepRefusals, readRefusals } from './refusal-rebuild';
import { WorkspaceReplica } from './workspace-replica';

export type MoveResult =
  | { replica: WorkspaceReplica; generation: number; port: PortResult }
  | { replica: WorkspaceReplica; failed: string };

export interface MoveOptions {
  /** Defaults to the relay's archive over HTTP (Node's fetch). */
  archive?: ArchivePort;
  timeoutMs?: number;
  /** Told when each step of the move is done (bench/generation-move.bench.ts splits the time by it). */
  onStep?: (step: 'synced' | 'ported' | 'confirmed' | 'moved') => void;
}

export async function moveReplica(replica: WorkspaceReplica, to: number, moveOptions: MoveOptions = {}): Promise<MoveResult> {
  const { options } = replica;
  const relay = options.relay;
  if (!relay) return { replica, failed: 'no relay configured' };
  const client = createArchiveClient({ relayUrl: relay.url, workspaceId: options.workspaceId, token: relay.token, fetch: (url, init) => fetch(url, init) });
  const archive = moveOptions.archive ?? client;
  const base = baseReplicaFile(options.file);
  let target = to;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const file = generationFile(base, target);
    if (file === options.file) return { replica, failed: `the replica already is generation ${target}` };
    // A file left by an attempt that did not complete holds nothing the old file lacks: start clean.
    removeReplicaFile(file);
    // g's replica is filled in place (synced, ported, folded and projected once), offline until the move completes.
    const next = WorkspaceReplica.open({ ...options, file, generation: target }, { connect: false });
    let moved = false;
    try {
      const outcome = await rebuildWithRelay({
        doc: next.doc,
        repository: next.repository,
        userId: options.userId,
        connect: (doc) => {
          const connection = relayConnection(relay.url, options.workspaceId, relay.token, target)(doc);
          next.trustRelayOrigin(connection.origin);
          return connection;
        },
        port: (repository) => portToGeneration(replica.doc, repository, archive, new Set((readRefusals(options.file)?.changes ?? []).map((c) => c.event.id))),
        sleep,
        ...(moveOptions.timeoutMs !== undefined ? { timeoutMs: moveOptions.timeoutMs } : {}),
        ...(moveOptions.onStep ? { onStep: moveOptions.onStep } : {}),
      });
      if (!outcome.ok) {
        const newer = outcome.code === RelayCloseCode.generationMoved ? generationFromCloseReason(outcome.reason) : null;
        if (newer === null || newer === target) return { replica, failed: outcome.reason };
        target = newer; // the relay moved on again meanwhile
        continue;
      }
      if (outcome.result.refused.length > 0) {
        keepRefusals(options.file, {
          exportedAt: new Date().toISOString(), workspaceId: options.workspaceId, userId: options.userId,
          relayReason: `the live document moved to generation ${target}`, changes: outcome.result.refused,
        });
      }
      // What this device has seen of the archive still shows offline in the new file.
      new ArchiveCache(replica.store.sqlite).copyTo(new ArchiveCache(next.store.sqlite));
      // An archived occurrence this device never fetched: cached, so its scheduler does not remake it live.
      await cacheArchivedTasks(client, new ArchiveCache(next.store.sqlite), outcome.result.archivedOccurrences);
      // g's file holds everything now (each update is committed synchronously): g opens from here on.
      saveGeneration(base, target);
      moved = true;
      replica.close();
      removeReplicaFile(options.file);
      next.connect(relay);
      moveOptions.onStep?.('moved');
      return { replica: next, generation: target, port: outcome.result };
    } finally {
      if (!moved) {
        next.close();
        removeReplicaFile(file);
      }
    }
  }
  return { replica, failed: 'the relay kept starting new generations' };
}

function removeReplicaFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
}
