// Where the UI gets archived tasks (DESIGN "A bounded live document"): the relay's archive, through
// the host (browser: HTTP with an IndexedDB cache, archive-cache-browser.ts; desktop: main over IPC
// with its SQLite cache). Every host keeps what it fetched so archived tasks still show offline.
import type { ArchivedTaskResponse, ArchivedTaskRow, ArchiveEventsResponse } from '../../src-shared/protocol/archive-api';

export interface ArchivePage {
  tasks: ArchivedTaskRow[];
  /** Cursor for the next page; null at the end (and offline). */
  next: string | null;
  total: number;
  /** The relay could not be asked: these rows come from this device's cache. */
  offline: boolean;
}

export interface ArchiveSource {
  /** One page of archived tasks for the archive search text (archiveSearchText in query.ts). */
  search(q: string, before: string | null): Promise<ArchivePage>;
  /** One archived task with its whole log; null when neither the relay nor the cache has it. */
  task(taskId: string): Promise<ArchivedTaskResponse | null>;
  /**
   * Events made on an archived task (repository.prepareArchived), for the relay's archive, which
   * checks them like any write; an accepted reopen brings the task back live. Needs the relay.
   */
  post(taskId: string, events: readonly Record<string, unknown>[]): Promise<ArchiveEventsResponse>;
  /**
   * Which of these ids are archived tasks this browser has cached (its recurrence scheduler does not
   * remake them). The desktop has none: main runs the scheduler with its own cache (desktop-session.ts).
   */
  cachedAmong?(taskIds: readonly string[]): Promise<string[]>;
}

/** Rows per page the list asks for (the relay caps at ARCHIVE_PAGE_LIMIT). */
export const ARCHIVE_LIST_PAGE = 50;
