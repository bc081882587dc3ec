// The desktop replica after the relay refused one of its updates (close 4409): rebuilt from the
// relay's state with this user's still-allowed changes re-appended (sync/rebuild-from-relay.ts;
// events of a task the relay holds archived go to its archive, never into a live log again),
// the refused ones written to `<workspace file>.refused.json` for export, and the old SQLite file
// moved aside (never deleted). The caller swaps the returned replica in and reloads its windows.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as Y from 'yjs';
import type { RefusalExport } from '../../src-shared/doc/refusal-recovery';
import { createArchiveClient } from '../../src-shared/protocol/archive-client';
import { ArchiveCache } from '../db/archive-cache';
import { rebuildFromRelay } from '../sync/rebuild-from-relay';
import { cacheArchivedTasks } from './desktop-archive';
import { baseReplicaFile } from './generation-files';
import { REBUILT_FROM_RELAY, WorkspaceReplica } from './workspace-replica';

/** One refusals file per workspace, whichever generation's file the replica is in. */
export function refusalsFile(workspaceFile: string): string {
  return `${baseReplicaFile(workspaceFile)}.refused.json`;
}

export function readRefusals(workspaceFile: string): RefusalExport | null {
  const file = refusalsFile(workspaceFile);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as RefusalExport;
}

export function keepRefusals(workspaceFile: string, next: RefusalExport): void {
  const previous = readRefusals(workspaceFile);
  // By event id: a move or rebuild that runs twice reports the same refusals again.
  const merged = previous ? { ...next, changes: [...previous.changes, ...next.changes.filter((c) => !previous.changes.some((p) => p.event.id === c.event.id))] } : next;
  writeFileSync(refusalsFile(workspaceFile), JSON.stringify(merged, null, 2));
}

export type RebuildResult = { replica: WorkspaceReplica; refused: number; movedTo: string } | { replica: WorkspaceReplica; failed: string };

export async function rebuildReplica(replica: WorkspaceReplica, relayReason: string): Promise<RebuildResult> {
  const { options } = replica;
  const relay = options.relay;
  if (!relay) return { replica, failed: 'no relay configured' };
  const archive = createArchiveClient({ relayUrl: relay.url, workspaceId: options.workspaceId, token: relay.token, fetch: (url, init) => fetch(url, init) });
  const kept = new Set((readRefusals(options.file)?.changes ?? []).map((c) => c.event.id));
  const outcome = await rebuildFromRelay({ relayUrl: relay.url, workspaceId: options.workspaceId, userId: options.userId, token: relay.token, local: replica.doc, archive, kept, generation: options.generation ?? null });
  if (!outcome.ok) {
    replica.sync?.signOut(`the relay refused a change and could not be reached to rebuild: ${outcome.reason}`);
    return { replica, failed: outcome.reason };
  }
  if (outcome.result.refused.length > 0) {
    keepRefusals(options.file, {
      exportedAt: new Date().toISOString(), workspaceId: options.workspaceId, userId: options.userId, relayReason, changes: outcome.result.refused,
    });
  }
  // The archive cache lives in the replica's file: carried over, with the tasks this port found archived.
  const cached = new ArchiveCache(replica.store.sqlite).entries();
  replica.close();
  const movedTo = `${options.file}.before-refusal-${Date.now()}`;
  renameSync(options.file, movedTo);
  for (const suffix of ['-wal', '-shm']) if (existsSync(options.file + suffix)) renameSync(options.file + suffix, movedTo + suffix);
  const fresh = WorkspaceReplica.open(options);
  Y.applyUpdate(fresh.doc, outcome.state, REBUILT_FROM_RELAY);
  const cache = new ArchiveCache(fresh.store.sqlite);
  cache.restore(cached);
  await cacheArchivedTasks(archive, cache, outcome.result.archivedOccurrences);
  return { replica: fresh, refused: outcome.result.refused.length, movedTo };
}
