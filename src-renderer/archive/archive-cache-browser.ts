// The browser's archive: the relay's archive over HTTP (src-shared/protocol/archive-client.ts,
// answers checked against the contract), with every row and task fetched kept in IndexedDB so the
// archived tasks this device has seen still show offline (searched with the query language's own
// matcher, searchCachedArchive).
import * as idb from 'lib0/indexeddb';
import { searchCachedArchive } from '../../src-shared/domain/archived-task';
import type { ArchivedTaskResponse, ArchivedTaskRow } from '../../src-shared/protocol/archive-api';
import { ArchiveRequestError, createArchiveClient } from '../../src-shared/protocol/archive-client';
import { ARCHIVE_LIST_PAGE, type ArchiveSource } from './archive-source';

interface CacheEntry {
  row: ArchivedTaskRow;
  events?: ArchivedTaskResponse['events'];
}

const STORE = 'tasks';

export function archiveCacheName(workspaceId: string, userId: string): string {
  return `handoff-archive:${workspaceId}:${userId}`;
}

export function createBrowserArchive(options: { relayUrl: string; token: string; workspaceId: string; userId: string }): ArchiveSource {
  const client = createArchiveClient({ relayUrl: options.relayUrl, workspaceId: options.workspaceId, token: options.token, fetch: (url, init) => fetch(url, init) });
  let opened: Promise<IDBDatabase> | null = null;
  const db = () => (opened ??= idb.openDB(archiveCacheName(options.workspaceId, options.userId), (d) => idb.createStores(d, [[STORE]])));

  async function keep(entries: CacheEntry[]): Promise<void> {
    const database = await db();
    const [store] = idb.transact(database, [STORE]) as [IDBObjectStore];
    await Promise.all(entries.map(async (entry) => {
      // A search row never drops the log an earlier open fetched.
      const previous = (await idb.get(store, entry.row.id)) as unknown as CacheEntry | undefined;
      await idb.put(store, { ...previous, ...entry, events: entry.events ?? previous?.events } as unknown as string, entry.row.id);
    }));
  }

  async function cached(): Promise<CacheEntry[]> {
    const database = await db();
    const [store] = idb.transact(database, [STORE], 'readonly') as [IDBObjectStore];
    return (await idb.getAll(store)) as CacheEntry[];
  }

  // Only a relay that answered with a refusal (4xx/5xx) is not "offline": its sentence is shown.
  const isUnreachable = (error: unknown) => !(error instanceof ArchiveRequestError);

  return {
    async search(q, before) {
      try {
        const page = await client.search({ q, before, limit: ARCHIVE_LIST_PAGE });
        void keep(page.tasks.map((row) => ({ row }))).catch(() => undefined);
        return { ...page, offline: false };
      } catch (error) {
        if (!isUnreachable(error)) throw error;
        const rows = searchCachedArchive((await cached()).map((entry) => entry.row), q, options.userId, Date.now());
        return { tasks: before === null ? rows : [], next: null, total: rows.length, offline: true };
      }
    },
    async task(taskId) {
      try {
        const found = await client.task(taskId);
        if (found) await keep([{ row: found.task, events: found.events }]).catch(() => undefined);
        return found;
      } catch (error) {
        if (!isUnreachable(error)) throw error;
        const database = await db();
        const [store] = idb.transact(database, [STORE], 'readonly') as [IDBObjectStore];
        const entry = (await idb.get(store, taskId)) as unknown as CacheEntry | undefined;
        return entry?.events ? { task: entry.row, events: entry.events } : null;
      }
    },
    async cachedAmong(taskIds) {
      const [store] = idb.transact(await db(), [STORE], 'readonly') as [IDBObjectStore];
      const held = await Promise.all(taskIds.map((id) => idb.rtop(store.getKey(id))));
      return taskIds.filter((_, i) => held[i] !== undefined);
    },
    async post(taskId, events) {
      const answer = await client.postEvents(taskId, events);
      if (answer.restored) {
        // Live again: it arrives over sync; the cache must not show it as archived offline.
        const [store] = idb.transact(await db(), [STORE]) as [IDBObjectStore];
        await idb.del(store, taskId).catch(() => undefined);
      }
      return answer;
    },
  };
}
