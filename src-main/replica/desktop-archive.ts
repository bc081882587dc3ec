// Main's answer to the renderer's `archive:search` / `archive:task`: the relay's archive over
// HTTP (src-shared/protocol/archive-client.ts, every answer checked against the contract), kept in
// the workspace file's archive cache (db/archive-cache.ts); when the relay cannot be reached, the
// cache answers (its FTS index picks candidates, the query language's own matcher decides).
import type { ArchivedTaskResponse, ArchiveEventsResponse } from '../../src-shared/protocol/archive-api';
import { ArchiveRequestError, createArchiveClient, type ArchiveClient } from '../../src-shared/protocol/archive-client';
import type { InvokeOutput } from '../../src-shared/protocol/ipc';
import { ArchiveCache } from '../db/archive-cache';
import type { WorkspaceReplica } from './workspace-replica';

const PAGE = 50;

/**
 * Fetch occurrences a port found archived into the cache, so the recurrence scheduler (which skips the
 * cached ids) does not remake an archived occurrence live: the relay would refuse it (4409).
 * Best effort: a task that cannot be fetched now is found archived again by the next port.
 */
export async function cacheArchivedTasks(client: Pick<ArchiveClient, 'task'>, cache: ArchiveCache, taskIds: readonly string[]): Promise<void> {
  for (const taskId of taskIds) {
    const found = await client.task(taskId).catch(() => null);
    if (found) cache.keepTask(found);
  }
}

export class DesktopArchive {
  private readonly client: ArchiveClient | null;

  constructor(private readonly replica: () => { store: WorkspaceReplica['store']; options: WorkspaceReplica['options'] }, fetchImpl: typeof fetch = fetch) {
    const { options } = replica();
    this.client = options.relay
      ? createArchiveClient({ relayUrl: options.relay.url, workspaceId: options.workspaceId, token: options.relay.token, fetch: (url, init) => fetchImpl(url, init) })
      : null;
  }

  private cache(): ArchiveCache {
    return new ArchiveCache(this.replica().store.sqlite);
  }

  async search(q: string, before: string | null): Promise<InvokeOutput<'archive:search'>> {
    if (this.client) {
      try {
        const page = await this.client.search({ q, before, limit: PAGE });
        this.cache().keepRows(page.tasks);
        return { ...page, offline: false };
      } catch (error) {
        if (error instanceof ArchiveRequestError) throw error;
      }
    }
    const rows = this.cache().search(q, this.replica().options.userId, Date.now());
    return { tasks: before === null ? rows : [], next: null, total: rows.length, offline: true };
  }

  async task(taskId: string): Promise<ArchivedTaskResponse | null> {
    if (this.client) {
      try {
        const found = await this.client.task(taskId);
        if (found) this.cache().keepTask(found);
        return found;
      } catch (error) {
        if (error instanceof ArchiveRequestError) throw error;
      }
    }
    return this.cache().task(taskId);
  }

  cachedIds(): string[] {
    return this.cache().ids();
  }

  /** Which of these ids are in the archive cache (the recurrence scheduler's question). */
  cachedAmong(taskIds: readonly string[]): string[] {
    return this.cache().among(taskIds);
  }

  /** Events made on an archived task (a reopen): the relay checks them; a restored task leaves the cache. */
  async postEvents(taskId: string, events: readonly Record<string, unknown>[]): Promise<ArchiveEventsResponse> {
    if (!this.client) throw new Error('no relay is configured: an archived task cannot be changed from here');
    const answer = await this.client.postEvents(taskId, events);
    if (answer.restored) this.cache().remove(taskId);
    return answer;
  }
}
