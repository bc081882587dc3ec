// The archive and live-document generations (DESIGN "A bounded live document"): what clients and
// the relay agree on. Closed tasks past the workspace's retention window leave the live Yjs
// document for the relay's relational archive; the relay then starts a new *generation* of the
// live document holding only live logs. Every generation is a separate Yjs document, so a client
// syncs exactly one: the sync URL names it (`?gen=N`), and the relay answers a stale generation
// with close 4410 (`RelayCloseCode.generationMoved`, reason `generation:<current>`). The client
// then opens a fresh local replica for the current generation, syncs it, and ports what it wrote
// offline: events of live tasks are re-appended (same ids: porting twice is a no-op), events of
// archived tasks are posted to the archive (`POST .../archive/tasks/<id>/events`), where the relay
// checks them with the same rules as the socket; a reopen the fold accepts brings the task back
// into the live document with its whole log.
// Errors are the relay's usual `{ error: { code, message } }` (RelayErrorResponse in relay-api.ts).
import { z } from 'zod';

/** The query parameter of the sync URL that names the generation a client's replica belongs to. */
export const GENERATION_PARAM = 'gen';

/** Close reason prefix for `RelayCloseCode.generationMoved`: `generation:<current>`. */
export const GENERATION_REASON_PREFIX = 'generation:';

export function generationCloseReason(generation: number): string {
  return `${GENERATION_REASON_PREFIX}${generation}`;
}

/** The current generation from a 4410 close reason, or null when the reason is not one. */
export function generationFromCloseReason(reason: string): number | null {
  if (!reason.startsWith(GENERATION_REASON_PREFIX)) return null;
  const value = Number(reason.slice(GENERATION_REASON_PREFIX.length));
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** Default retention window (settings key `retentionDays`): closed longer than this leaves the live document. */
export { DEFAULT_RETENTION_DAYS } from '../domain/statuses';

/** `GET /api/workspaces/<id>/generation` (any member token). */
export const GenerationResponseSchema = z.object({
  generation: z.number().int().min(0),
  /** When the current generation was started (ISO), null for generation 0. */
  startedAt: z.string().nullable(),
});
export type GenerationResponse = z.infer<typeof GenerationResponseSchema>;

/** One archived task as a list row: its folded state (TaskState as JSON) plus when it was archived. */
export const ArchivedTaskRowSchema = z.object({
  id: z.string(),
  /** The folded TaskState at archiving (or after the last archive write). */
  task: z.record(z.string(), z.unknown()),
  closedAt: z.string(),
  archivedAt: z.string(),
});
export type ArchivedTaskRow = z.infer<typeof ArchivedTaskRowSchema>;

/**
 * `GET /api/workspaces/<id>/archive?q=<filter-bar query>&before=<cursor>&limit=<n>` (any member
 * token): archived tasks, newest closed first; `q` is the filter bar's query language (free text
 * goes to full-text search over title, description, comments and links).
 */
export const ArchiveSearchResponseSchema = z.object({
  tasks: z.array(ArchivedTaskRowSchema),
  /** Pass as `before` for the next page; null at the end. */
  next: z.string().nullable(),
  total: z.number().int().min(0),
});
export type ArchiveSearchResponse = z.infer<typeof ArchiveSearchResponseSchema>;

export const ARCHIVE_PAGE_LIMIT = 200;

/** `GET /api/workspaces/<id>/archive/tasks/<taskId>`: one archived task with its whole log (rejected events included). */
export const ArchivedTaskResponseSchema = z.object({
  task: ArchivedTaskRowSchema,
  events: z.array(z.record(z.string(), z.unknown())),
});
export type ArchivedTaskResponse = z.infer<typeof ArchivedTaskResponseSchema>;

/**
 * `POST /api/workspaces/<id>/archive/tasks/<taskId>/events` with `{ events }`: events a client
 * wrote offline against an older generation for a task that is now archived. Each is checked as
 * on the socket (author = the token's user, role, payload, stamp); one already in the log is a
 * no-op. `restored` is true when the log now folds to an open task, which the relay has moved
 * back into the live document (whole log) — the client sees it arrive over sync.
 */
export const ArchiveEventsRequestSchema = z.object({
  events: z.array(z.record(z.string(), z.unknown())).min(1).max(1_000),
}).strict();
export type ArchiveEventsRequest = z.infer<typeof ArchiveEventsRequestSchema>;

export const ArchiveEventsResponseSchema = z.object({
  /** Event ids newly stored (already-known ids are left out). */
  accepted: z.array(z.string()),
  /** Events refused by the rules, with the rule's sentence; they are not stored. */
  refused: z.array(z.object({ id: z.string(), reason: z.string() })),
  restored: z.boolean(),
});
export type ArchiveEventsResponse = z.infer<typeof ArchiveEventsResponseSchema>;

/** Events a batch may carry in all (the same bound as one task's request). */
export const ARCHIVE_BATCH_EVENTS = 1_000;

/**
 * `POST /api/workspaces/<id>/archive/events` with `{ tasks: [{ taskId, events }] }`: the same port
 * for several tasks in one request, stored in one transaction and answered once durable (a
 * generation move ports many archived tasks at once). Each task is checked as in its own request;
 * `found: false` means neither the archive nor the live document holds it (a task made offline).
 */
export const ArchiveBatchEventsRequestSchema = z.object({
  tasks: z.array(z.object({ taskId: z.string().min(1).max(200) }).merge(ArchiveEventsRequestSchema).strict()).min(1).max(ARCHIVE_BATCH_EVENTS)
    .refine((tasks) => new Set(tasks.map((t) => t.taskId)).size === tasks.length, 'each task at most once')
    .refine((tasks) => tasks.reduce((n, t) => n + t.events.length, 0) <= ARCHIVE_BATCH_EVENTS, `at most ${ARCHIVE_BATCH_EVENTS} events in all`),
}).strict();
export type ArchiveBatchEventsRequest = z.infer<typeof ArchiveBatchEventsRequestSchema>;

export const ArchiveBatchEventsResponseSchema = z.object({
  tasks: z.array(ArchiveEventsResponseSchema.extend({ taskId: z.string(), found: z.boolean() })),
});
export type ArchiveBatchEventsResponse = z.infer<typeof ArchiveBatchEventsResponseSchema>;

/** `POST /api/workspaces/<id>/archive/run` (admin token): run retention now, start a new generation. */
export const ArchiveRunResponseSchema = z.object({
  archivedTasks: z.number().int().min(0),
  archivedSuggestions: z.number().int().min(0),
  generation: z.number().int().min(0),
});
export type ArchiveRunResponse = z.infer<typeof ArchiveRunResponseSchema>;

/** `GET /api/workspaces/<id>/archive/stats` (admin token), also `npm run relay -- archive stats`. */
export const ArchiveStatsResponseSchema = z.object({
  generation: z.number().int().min(0),
  liveTasks: z.number().int().min(0),
  archivedTasks: z.number().int().min(0),
  liveDocumentBytes: z.number().int().min(0),
  retentionDays: z.number().min(0),
});
export type ArchiveStatsResponse = z.infer<typeof ArchiveStatsResponseSchema>;

const base = (workspace: string) => `/api/workspaces/${workspace}`;
export const archivePaths = {
  generation: (workspace: string) => `${base(workspace)}/generation`,
  search: (workspace: string) => `${base(workspace)}/archive`,
  task: (workspace: string, taskId: string) => `${base(workspace)}/archive/tasks/${encodeURIComponent(taskId)}`,
  events: (workspace: string, taskId: string) => `${base(workspace)}/archive/tasks/${encodeURIComponent(taskId)}/events`,
  /** Events an old generation's replica wrote for a suggestion now archived (same body and answer as `events`). */
  suggestionEvents: (workspace: string, suggestionId: string) => `${base(workspace)}/archive/suggestions/${encodeURIComponent(suggestionId)}/events`,
  batchEvents: (workspace: string) => `${base(workspace)}/archive/events`,
  run: (workspace: string) => `${base(workspace)}/archive/run`,
  stats: (workspace: string) => `${base(workspace)}/archive/stats`,
};
