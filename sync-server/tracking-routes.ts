// HTTP routes of the tracking API and the event feed (contract: src-shared/protocol/tracking-api.ts).
// Same shape as signal intake (http-routes.ts): bearer token, bounded JSON body, zod parse, then
// the change runs in `hub.withRoomDurable` (state changes: batched per event-loop turn by
// tracking-batch.ts), so the answer is sent only once the write is durable and broadcast.
//
//   POST  /api/workspaces/<id>/tracking/sources                       register / update a source
//   GET   /api/workspaces/<id>/tracking/sources/<sourceId>            the source and its tasks
//   PATCH /api/workspaces/<id>/tracking/sources/<sourceId>            { tracking?, template? }
//   POST  /api/workspaces/<id>/tracking/sources/<sourceId>/state      { blockId, itemId?, state }
//   POST  /api/workspaces/<id>/tracking/sources/<sourceId>/archive    tracking off: archived status
//   POST  /api/workspaces/<id>/tracking/sources/<sourceId>/restore    tracking on: back by state
//   POST  /api/workspaces/<id>/tracking/sources/<sourceId>/delete     tasks leave every list
//   POST  /api/workspaces/<id>/tracking/sources/<sourceId>/undelete   admin only
//   GET   /api/workspaces/<id>/events?after=&limit=&wait=             the event feed
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  FeedQuerySchema, RegisterSourceRequestSchema, SourceFlagsRequestSchema, SourceStateRequestSchema, type SourceStateRequest,
} from '../src-shared/protocol/tracking-api';
import { withArticle } from '../src-shared/util/text';
import { authorize, error, json, readJson, type HttpDeps } from './http-routes';
import type { Principal } from './auth';
import type { Room } from './room';
import type { TrackingResult } from './tracking';

/** A registration of 200 blocks with their line items fits easily. */
const MAX_TRACKING_BYTES = 256 * 1024;

const SOURCES_PATH = /^\/api\/workspaces\/([^/]+)\/tracking\/sources(?:\/([^/]+)(?:\/(state|archive|restore|delete|undelete))?)?$/;
const EVENTS_PATH = /^\/api\/workspaces\/([^/]+)\/events$/;

const TRACKING_ROLES: ReadonlySet<string> = new Set(['integration', 'lead', 'admin']);
const FEED_ROLES: ReadonlySet<string> = new Set(['integration', 'admin']);

type Action = (room: Room, actor: string, body: unknown) => TrackingResult;
/** Runs a route's change and resolves once it is durable (its own room call, or a batch of state changes). */
type Runner = (deps: HttpDeps, workspace: string, actor: string, body: unknown) => Promise<TrackingResult>;

const inRoom = (action: Action): Runner => (deps, workspace, actor, body) =>
  deps.hub.withRoomDurable(workspace, (room) => action(room, actor, body));

/** Handles the request when the path is one of these routes; false otherwise. */
export function routeTracking(req: IncomingMessage, res: ServerResponse, deps: HttpDeps, path: string, query: string): boolean {
  const events = EVENTS_PATH.exec(path);
  if (events) {
    if (req.method !== 'GET') error(res, 405, 'method_not_allowed', 'the event feed is read with GET');
    else void handleFeed(req, res, deps, events[1] as string, query);
    return true;
  }
  const match = SOURCES_PATH.exec(path);
  if (!match) return false;
  const [, workspace = '', rawSource, action] = match;
  let sourceId: string;
  try {
    sourceId = rawSource === undefined ? '' : decodeURIComponent(rawSource);
  } catch {
    error(res, 400, 'bad_source', 'invalid source id');
    return true;
  }
  const t = deps.tracking;
  const route = (method: string, schema: z.ZodType | null, run: Runner) => {
    if (req.method !== method) error(res, 405, 'method_not_allowed', `use ${method} here`);
    else void handleTracking(req, res, deps, workspace, schema, run);
  };
  if (!rawSource) route('POST', RegisterSourceRequestSchema, inRoom((room, actor, body) => t.register(room, actor, body as never)));
  // The hot path (1,000/s): changes that arrive together share one transaction and one commit.
  else if (action === 'state') route('POST', SourceStateRequestSchema, (d, ws, actor, body) => d.trackingStates.submit(ws, actor, sourceId, body as SourceStateRequest));
  else if (action === 'archive') route('POST', null, inRoom((room, actor) => t.setFlags(room, actor, sourceId, { tracking: false })));
  else if (action === 'restore') route('POST', null, inRoom((room, actor) => t.setFlags(room, actor, sourceId, { tracking: true })));
  else if (action === 'delete' || action === 'undelete') route('POST', null, inRoom((room, actor) => t.remove(room, actor, sourceId, action === 'undelete')));
  else if (req.method === 'PATCH') route('PATCH', SourceFlagsRequestSchema, inRoom((room, actor, body) => t.setFlags(room, actor, sourceId, body as never)));
  else route('GET', null, inRoom((room, actor) => t.get(room, actor, sourceId)));
  return true;
}

function allowed(res: ServerResponse, principal: Principal, roles: ReadonlySet<string>, what: string): boolean {
  if (roles.has(principal.role)) return true;
  error(res, 403, 'forbidden', `${withArticle(principal.role)} token cannot ${what} (${[...roles].join(', ')} only)`);
  return false;
}

async function handleTracking(
  req: IncomingMessage, res: ServerResponse, deps: HttpDeps, workspace: string, schema: z.ZodType | null, run: Runner,
): Promise<void> {
  const principal = authorize(req, res, deps, workspace);
  if (!principal || !allowed(res, principal, TRACKING_ROLES, 'use the tracking API')) return;
  let body: unknown = {};
  if (schema) {
    const parsed = await readJson(req, res, MAX_TRACKING_BYTES, schema, 'invalid_request');
    if (!parsed.ok) return;
    body = parsed.value;
  } else {
    req.resume();
  }
  try {
    const result = await run(deps, workspace, principal.userId, body);
    if (!result.ok) {
      error(res, result.status, result.error.code, result.error.message);
      return;
    }
    deps.log('info', 'tracking_write', { room: workspace, user: principal.userId, source: result.value.sourceId, written: result.value.written });
    json(res, result.created ? 201 : 200, result.value);
  } catch (failure) {
    deps.log('error', 'tracking_failed', { room: workspace, error: failure instanceof Error ? failure.message : String(failure) });
    error(res, 503, 'not_stored', 'the relay could not store the change; retry it (tracking writes are idempotent)');
  }
}

async function handleFeed(req: IncomingMessage, res: ServerResponse, deps: HttpDeps, workspace: string, query: string): Promise<void> {
  const principal = authorize(req, res, deps, workspace);
  if (!principal || !allowed(res, principal, FEED_ROLES, 'read the event feed')) return;
  const parsed = FeedQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(query)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    error(res, 400, 'bad_query', `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
    return;
  }
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  const page = await deps.feed.read(workspace, parsed.data, gone.signal);
  if (!res.destroyed) json(res, 200, page);
}
