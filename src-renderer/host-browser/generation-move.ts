// The browser's generation move (close 4410, src-shared/doc/generation-move.ts has the rules):
// a fresh replica of generation g in its own IndexedDB database, synced from the relay, with this
// user's unsent events ported into it (or into the archive). Only when the relay has confirmed the
// port is g recorded as this workspace's generation; the host then deletes the old database and
// reloads onto g. Closing the tab mid-move loses nothing: the old database is still the one that
// opens, the relay answers it with 4410 again and the move runs again (porting twice is a no-op).
import * as Y from 'yjs';
import { IndexeddbPersistence, storeState } from 'y-indexeddb';
import { portToGeneration, type PortResult } from '../../src-shared/doc/generation-move';
import { rebuildWithRelay } from '../../src-shared/doc/relay-rebuild';
import { generationFromCloseReason } from '../../src-shared/protocol/archive-api';
import { createArchiveClient } from '../../src-shared/protocol/archive-client';
import { RelayCloseCode } from '../../src-shared/protocol/relay-api';
import type { ArchiveSource } from '../archive/archive-source';
import { syncServerUrl } from './members-cache';
import { saveAckState } from './ack-storage';
import { relayConnection, sleep } from './rebuild-from-relay';
import { loadRefusals, saveRefusals } from './refusal-store';

/**
 * Fetch occurrences a port found archived into the archive cache (fetching keeps them), so the
 * recurrence scheduler, which skips cached ids, does not remake them live (the relay would refuse
 * it: 4409). Best effort: one not fetched now is found archived again by the next port.
 */
export async function cacheArchivedOccurrences(archive: Pick<ArchiveSource, 'task'> | null, taskIds: readonly string[]): Promise<void> {
  if (!archive) return;
  for (const taskId of taskIds) await archive.task(taskId).catch(() => null);
}

/** Ids of the refused changes this device keeps already (an earlier run of the move kept them). */
const keptRefusals = (storagePrefix: string) => new Set((loadRefusals(`${storagePrefix}:refused`)?.changes ?? []).map((c) => c.event.id));

/** The IndexedDB database of one generation's replica (generation 0 keeps the name it always had). */
export function persistenceName(workspaceId: string, userId: string, generation = 0): string {
  const base = `handoff:${workspaceId}:${userId}`;
  return generation === 0 ? base : `${base}:gen${generation}`;
}

const generationKey = (storagePrefix: string) => `${storagePrefix}:generation`;

/** The generation this device's replica of the workspace belongs to (0 before any move). */
export function loadGeneration(storagePrefix: string): number {
  const value = Number(window.localStorage.getItem(generationKey(storagePrefix)) ?? '0');
  return Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

export function saveGeneration(storagePrefix: string, generation: number): void {
  window.localStorage.setItem(generationKey(storagePrefix), String(generation));
}

export interface BrowserMoveOptions {
  relayUrl: string;
  workspaceId: string;
  userId: string;
  token: string;
  storagePrefix: string;
  /** The replica of the old generation (left untouched). */
  local: Y.Doc;
  to: number;
  timeoutMs?: number;
}

export type BrowserMoveOutcome = { ok: true; generation: number; result: PortResult } | { ok: false; reason: string };

/** Move to generation `to` (following further moves the relay reports on the way, a few times at most). */
export async function moveBrowserReplica(options: BrowserMoveOptions): Promise<BrowserMoveOutcome> {
  const { workspaceId, userId, token } = options;
  const archive = createArchiveClient({ relayUrl: options.relayUrl, workspaceId, token, fetch: (url, init) => fetch(url, init) });
  let target = options.to;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const doc = new Y.Doc();
    const persistence = new IndexeddbPersistence(persistenceName(workspaceId, userId, target), doc);
    try {
      await persistence.whenSynced;
      const outcome = await rebuildWithRelay({
        doc,
        userId,
        connect: relayConnection(syncServerUrl(options.relayUrl), workspaceId, token, target),
        port: (repository) => portToGeneration(options.local, repository, archive, keptRefusals(options.storagePrefix)),
        sleep,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      });
      if (outcome.ok) {
        // Everything on disk before g becomes the generation that opens.
        await storeState(persistence, true);
        saveGeneration(options.storagePrefix, target);
        return { ok: true, generation: target, result: outcome.result };
      }
      const next = outcome.code === RelayCloseCode.generationMoved ? generationFromCloseReason(outcome.reason) : null;
      if (next === null || next === target) return { ok: false, reason: outcome.reason };
      // The relay moved on again meanwhile: the half-filled database of `target` is dropped below.
      await persistence.clearData();
      target = next;
    } finally {
      await persistence.destroy();
      doc.destroy();
    }
  }
  return { ok: false, reason: 'the relay kept starting new generations' };
}

export interface FollowOptions {
  relayUrl: string;
  token: string;
  identity: { workspaceId: string; userId: string };
  storagePrefix: string;
  /** The host's replica and its database (the old generation). */
  doc: Y.Doc;
  persistence: IndexeddbPersistence;
  /** The 4410 close reason, `generation:<current>`. */
  reason: string;
  /** What the connection indicator says meanwhile. */
  onProgress(note: string | null): void;
  /** The host's archive: occurrences the port found archived are cached there (null: no relay archive). */
  archive: ArchiveSource | null;
  /** Replaced in tests; the product reloads onto the new generation. */
  reload?: () => void;
}

const RETRY_MS = 15_000;
let following = false;

/** The host's reaction to a 4410 close: move, keep refusals, drop the old database, reload. */
export async function followGeneration(options: FollowOptions): Promise<void> {
  const to = generationFromCloseReason(options.reason);
  if (to === null || following) return;
  following = true;
  const { identity, storagePrefix, doc } = options;
  options.onProgress(`The workspace's live document moved to generation ${to}; moving this device's copy.`);
  try {
    let outcome: BrowserMoveOutcome;
    let changedMeanwhile: boolean;
    do {
      // Edits made while the port runs would be in no replica once the old one is deleted: port again.
      changedMeanwhile = false;
      const onUpdate = () => { changedMeanwhile = true; };
      doc.on('update', onUpdate);
      outcome = await moveBrowserReplica({ relayUrl: options.relayUrl, workspaceId: identity.workspaceId, userId: identity.userId, token: options.token, storagePrefix, local: doc, to });
      doc.off('update', onUpdate);
    } while (outcome.ok && changedMeanwhile);
    if (!outcome.ok) {
      // The old replica stays as it is; try again later (the relay or its archive may be back).
      options.onProgress(`Could not move to generation ${to} yet (${outcome.reason}); everything stays on this device, retrying.`);
      setTimeout(() => { following = false; void followGeneration(options); }, RETRY_MS);
      return;
    }
    if (outcome.result.refused.length > 0) {
      saveRefusals(`${storagePrefix}:refused`, {
        exportedAt: new Date().toISOString(), workspaceId: identity.workspaceId, userId: identity.userId,
        relayReason: `the live document moved to generation ${outcome.generation}`, changes: outcome.result.refused,
      });
    }
    await cacheArchivedOccurrences(options.archive, outcome.result.archivedOccurrences);
    saveAckState(`${storagePrefix}:acks`, { made: 0, acknowledged: 0 });
    await options.persistence.clearData();
    following = false;
    (options.reload ?? (() => window.location.reload()))();
  } catch (error) {
    following = false;
    options.onProgress(`Could not move to generation ${to}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
