// HTTP routes of the archive and the generations (contract: src-shared/protocol/archive-api.ts).
//   GET  /api/workspaces/<id>/generation                      any member
//   GET  /api/workspaces/<id>/archive?q=&before=&limit=        any member: search, newest closed first
//   GET  /api/workspaces/<id>/archive/tasks/<taskId>           any member: one task with its whole log
//   POST /api/workspaces/<id>/archive/tasks/<taskId>/events    any member: port offline events (checked)
//   POST /api/workspaces/<id>/archive/suggestions/<id>/events  any member: the same for an archived suggestion (refused: decided)
//   POST /api/workspaces/<id>/archive/events                  any member: the same for several tasks at once
//   POST /api/workspaces/<id>/archive/run                      admin: retention now, next generation
//   GET  /api/workspaces/<id>/archive/stats                    admin
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ARCHIVE_PAGE_LIMIT, ArchiveBatchEventsRequestSchema, ArchiveEventsRequestSchema, type ArchiveRunResponse } from '../src-shared/protocol/archive-api';
import { withArticle } from '../src-shared/util/text';
import type { ArchiveService } from './archive-service';
import { CursorError } from './archive-search';
import type { Principal } from './auth';
import { authorize, error, json, readJson, type HttpDeps } from './http-routes';

const GENERATION_PATH = /^\/api\/workspaces\/([^/]+)\/generation$/;
const ARCHIVE_PATH = /^\/api\/workspaces\/([^/]+)\/archive(?:\/(run|stats|events)|\/(tasks|suggestions)\/([^/]+)(\/events)?)?$/;

/** 1,000 events of a few hundred bytes each, with room to spare. */
const MAX_PORT_BYTES = 2 * 1024 * 1024;

const SearchQuerySchema = z.object({
  q: z.string().max(2_000).default(''),
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(ARCHIVE_PAGE_LIMIT).default(50),
}).strict();

type Deps = HttpDeps & { archive: ArchiveService };

/** Handles the request when the path is one of these routes; false otherwise. */
export function routeArchive(req: IncomingMessage, res: ServerResponse, deps: HttpDeps, path: string, query: string): boolean {
  const generation = GENERATION_PATH.exec(path);
  const match = generation ? null : ARCHIVE_PATH.exec(path);
  if (!generation && !match) return false;
  if (!deps.archive) {
    error(res, 404, 'not_found', 'this relay keeps no archive');
    return true;
  }
  const withArchive = deps as Deps;
  const workspace = (generation ?? match)?.[1] ?? '';
  const method = (wanted: string) => {
    if (req.method === wanted || (wanted === 'GET' && req.method === 'HEAD')) return true;
    error(res, 405, 'method_not_allowed', `use ${wanted} here`);
    return false;
  };
  const principal = () => authorize(req, res, deps, workspace);
  if (generation) {
    if (method('GET') && principal()) json(res, 200, withArchive.archive.generation(workspace));
    return true;
  }
  const [, , action, kind, rawTask, events] = match as RegExpExecArray;
  let taskId = '';
  try {
    taskId = rawTask === undefined ? '' : decodeURIComponent(rawTask);
  } catch {
    error(res, 400, 'bad_task', 'invalid task id');
    return true;
  }
  if (action === 'run') {
    if (method('POST')) void run(res, withArchive, workspace, principal());
  } else if (action === 'events') {
    if (method('POST')) void portBatch(req, res, withArchive, workspace, principal());
  } else if (action === 'stats') {
    if (method('GET')) stats(res, withArchive, workspace, principal());
  } else if (kind === 'suggestions') {
    if (!events) error(res, 404, 'not_found', 'archived suggestions take events only: POST .../archive/suggestions/<id>/events');
    else if (method('POST')) void port(req, res, withArchive, workspace, taskId, principal(), 'suggestion');
  } else if (events) {
    if (method('POST')) void port(req, res, withArchive, workspace, taskId, principal());
  } else if (rawTask !== undefined) {
    if (method('GET')) task(res, withArchive, workspace, taskId, principal());
  } else if (method('GET')) {
    search(res, withArchive, workspace, query, principal());
  }
  return true;
}

function admin(res: ServerResponse, principal: Principal | null, what: string): principal is Principal {
  if (!principal) return false;
  if (principal.role === 'admin') return true;
  error(res, 403, 'forbidden', `${withArticle(principal.role)} token cannot ${what} (admin only)`);
  return false;
}

async function run(res: ServerResponse, deps: Deps, workspace: string, principal: Principal | null): Promise<void> {
  if (!admin(res, principal, 'run retention')) return;
  try {
    const { archivedTasks, archivedSuggestions, generation } = await deps.archive.run(workspace);
    json(res, 200, { archivedTasks, archivedSuggestions, generation } satisfies ArchiveRunResponse);
  } catch (failure) {
    deps.log('error', 'retention_failed', { room: workspace, error: failure instanceof Error ? failure.message : String(failure) });
    error(res, 503, 'not_stored', 'the retention run did not complete; nothing changed, run it again');
  }
}

function stats(res: ServerResponse, deps: Deps, workspace: string, principal: Principal | null): void {
  if (admin(res, principal, 'read archive statistics')) json(res, 200, deps.archive.stats(workspace));
}

function search(res: ServerResponse, deps: Deps, workspace: string, query: string, principal: Principal | null): void {
  if (!principal) return;
  const parsed = SearchQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(query)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    error(res, 400, 'bad_query', `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
    return;
  }
  try {
    const { q, before, limit } = parsed.data;
    const found = deps.archive.search(workspace, { q, before: before ?? null, limit, me: principal.userId, now: Date.now() });
    if (!found.ok) error(res, 400, 'bad_query', `q at ${found.error.position}: ${found.error.message}`);
    else json(res, 200, found.value);
  } catch (failure) {
    if (!(failure instanceof CursorError)) throw failure;
    error(res, 400, 'bad_query', failure.message);
  }
}

function task(res: ServerResponse, deps: Deps, workspace: string, taskId: string, principal: Principal | null): void {
  if (!principal) return;
  const found = deps.archive.task(workspace, taskId);
  if (found) json(res, 200, found);
  else error(res, 404, 'not_found', `task ${taskId} is not in the archive`);
}

async function portBatch(req: IncomingMessage, res: ServerResponse, deps: Deps, workspace: string, principal: Principal | null): Promise<void> {
  if (!principal) return;
  const body = await readJson(req, res, MAX_PORT_BYTES, ArchiveBatchEventsRequestSchema, 'invalid_events');
  if (!body.ok) return;
  try {
    const tasks = await deps.archive.portBatch(workspace, principal, body.value.tasks);
    const count = (pick: (t: (typeof tasks)[number]) => number) => tasks.reduce((n, t) => n + pick(t), 0);
    deps.log('info', 'archive_events', { room: workspace, user: principal.userId, tasks: tasks.length, accepted: count((t) => t.accepted.length), refused: count((t) => t.refused.length), restored: count((t) => (t.restored ? 1 : 0)) });
    json(res, 200, { tasks });
  } catch (failure) {
    deps.log('error', 'archive_events_failed', { room: workspace, error: failure instanceof Error ? failure.message : String(failure) });
    error(res, 503, 'not_stored', 'the relay could not store the events; send them again (a known event is a no-op)');
  }
}

async function port(req: IncomingMessage, res: ServerResponse, deps: Deps, workspace: string, taskId: string, principal: Principal | null, kind: 'task' | 'suggestion' = 'task'): Promise<void> {
  if (!principal) return;
  const body = await readJson(req, res, MAX_PORT_BYTES, ArchiveEventsRequestSchema, 'invalid_events');
  if (!body.ok) return;
  try {
    const result = kind === 'task' ? await deps.archive.port(workspace, taskId, principal, body.value.events) : await deps.archive.portSuggestion(workspace, taskId, body.value.events);
    if (!result.ok) {
      error(res, result.status, result.code, result.message);
      return;
    }
    deps.log('info', 'archive_events', { room: workspace, user: principal.userId, task: taskId, accepted: result.value.accepted.length, refused: result.value.refused.length, restored: result.value.restored });
    json(res, 200, result.value);
  } catch (failure) {
    deps.log('error', 'archive_events_failed', { room: workspace, task: taskId, error: failure instanceof Error ? failure.message : String(failure) });
    error(res, 503, 'not_stored', 'the relay could not store the events; send them again (a known event is a no-op)');
  }
}
