// Plain HTTP routes next to the WebSocket endpoint: health, Prometheus metrics and the members
// API. Browser clients on another origin call the members API, so every answer carries CORS
// headers (`*` is safe: authentication is a bearer token, never a cookie) and OPTIONS preflights
// are answered. Errors are JSON `{ error: { code, message } }`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { HealthResponse, MembersResponse, RelayErrorResponse } from '../src-shared/protocol/relay-api';
import { SignalRequestSchema, WorkspaceIdSchema } from '../src-shared/protocol/relay-api';
import type { Principal, TokenRegistry } from './auth';
import type { RelayMetrics } from './metrics';
import type { RoomHub } from './rooms';
import type { SignalIntake } from './signals';
import type { EventFeed } from './event-feed';
import { routeArchive } from './archive-routes';
import type { ArchiveService } from './archive-service';
import { routeTracking } from './tracking-routes';
import type { TrackingIntake } from './tracking';
import type { StateChangeBatcher } from './tracking-batch';
import { withArticle } from '../src-shared/util/text';

export interface HttpDeps {
  tokens: TokenRegistry;
  metrics: RelayMetrics;
  hub: RoomHub;
  signals: SignalIntake;
  tracking: TrackingIntake;
  /** Tracked state changes, committed together per event-loop turn (tracking-batch.ts). */
  trackingStates: StateChangeBatcher;
  feed: EventFeed;
  /** The archive and generations (archive-routes.ts). */
  archive?: ArchiveService;
  startedAt: number;
  log: (level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown>) => void;
}

/** A signal is a few hundred bytes; anything near this is not a signal. */
const MAX_SIGNAL_BYTES = 64 * 1024;

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PATCH, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type',
  'access-control-max-age': '600',
};

function send(res: ServerResponse, status: number, body: string, contentType: string): void {
  // A known length: the answer goes out in one piece, not chunked (the tracking bench's hot path).
  res.writeHead(status, { ...CORS_HEADERS, 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

export function error(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, { error: { code, message } } satisfies RelayErrorResponse);
}

const MEMBERS_PATH = /^\/api\/workspaces\/([^/]+)\/members$/;
const SIGNALS_PATH = /^\/api\/workspaces\/([^/]+)\/signals$/;

export function handleHttpRequest(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): void {
  const rawUrl = req.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);

  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS);
    res.end();
    return;
  }
  const signals = SIGNALS_PATH.exec(path);
  if (signals) {
    if (req.method !== 'POST') error(res, 405, 'method_not_allowed', 'signals are POSTed');
    else void handleSignal(req, res, deps, signals[1] as string);
    return;
  }
  if (routeTracking(req, res, deps, path, queryStart === -1 ? '' : rawUrl.slice(queryStart + 1))) return;
  if (routeArchive(req, res, deps, path, queryStart === -1 ? '' : rawUrl.slice(queryStart + 1))) return;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    error(res, 405, 'method_not_allowed', 'only GET is supported');
    return;
  }
  if (path === '/healthz') {
    const body: HealthResponse = {
      status: 'ok',
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      connections: deps.hub.connectionCount,
      roomsLoaded: deps.hub.roomsLoaded,
    };
    json(res, 200, body);
    return;
  }
  if (path === '/metrics') {
    send(res, 200, deps.metrics.render(), 'text/plain; version=0.0.4; charset=utf-8');
    return;
  }
  const members = MEMBERS_PATH.exec(path);
  if (members) {
    handleMembers(req, res, deps, members[1] as string);
    return;
  }
  error(res, 404, 'not_found', 'no such route');
}

/** The token's principal if it may use this workspace; otherwise the refusal has been sent. */
export function authorize(req: IncomingMessage, res: ServerResponse, deps: HttpDeps, workspace: string): Principal | null {
  if (!WorkspaceIdSchema.safeParse(workspace).success) {
    error(res, 400, 'bad_workspace', 'invalid workspace id');
    return null;
  }
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    res.setHeader('www-authenticate', 'Bearer');
    error(res, 401, 'unauthorized', 'missing bearer token');
    return null;
  }
  const principal = deps.tokens.verify(match[1]);
  if (!principal) {
    res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
    error(res, 401, 'unauthorized', 'invalid or revoked token');
    return null;
  }
  if (principal.workspace !== workspace) {
    error(res, 403, 'forbidden', 'token is not valid for this workspace');
    return null;
  }
  return principal;
}

function handleMembers(req: IncomingMessage, res: ServerResponse, deps: HttpDeps, workspace: string): void {
  const principal = authorize(req, res, deps, workspace);
  if (!principal) return;
  const body: MembersResponse = {
    workspace,
    me: { userId: principal.userId, role: principal.role },
    members: deps.tokens.members(workspace),
  };
  json(res, 200, body);
}

/**
 * How much of an oversized upload is read and thrown away after the 413. Closing a socket that
 * still has unread input makes the kernel answer with a TCP reset, and a client that is still
 * uploading then reports "connection reset" instead of the 413; past this bound it gets the reset.
 */
const MAX_DISCARD_BYTES = 8 * 1024 * 1024;

/**
 * Answers 413 now (status, headers and body are flushed, so a client that reads while it uploads
 * sees it at once) but ends the response only when the upload is over: ending a `Connection: close`
 * response makes node destroy the socket, which would reset a client still sending.
 */
function refuseOversized(req: IncomingMessage, res: ServerResponse, limit: number, alreadyRead: number): void {
  const body = JSON.stringify({ error: { code: 'payload_too_large', message: `a request body is at most ${limit} bytes` } } satisfies RelayErrorResponse);
  res.writeHead(413, {
    ...CORS_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  res.write(body);
  let discarded = alreadyRead;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.byteLength;
    if (discarded > MAX_DISCARD_BYTES) req.socket.destroy();
  });
  req.on('end', () => res.end());
  req.on('error', () => res.destroy());
  req.resume();
}

/** Reads a request body up to `limit` bytes; null (and 413 sent) when it is larger. */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    if (Number(req.headers['content-length']) > limit) {
      refuseOversized(req, res, limit, 0);
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData).off('end', onEnd).off('error', onError);
      refuseOversized(req, res, limit, size);
      resolve(null);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    const onError = () => resolve(null);
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/**
 * A bounded JSON body parsed by `schema`; otherwise the refusal (413, 400 bad_json, 422 `code`
 * naming the first issue) has been sent.
 */
export async function readJson<T>(
  req: IncomingMessage, res: ServerResponse, limit: number, schema: z.ZodType<T>, code: string,
): Promise<{ ok: true; value: T } | { ok: false }> {
  const body = await readBody(req, res, limit);
  if (body === null) return { ok: false };
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch {
    error(res, 400, 'bad_json', 'the body is not JSON');
    return { ok: false };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    error(res, 422, code, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    return { ok: false };
  }
  return { ok: true, value: parsed.data };
}

async function handleSignal(req: IncomingMessage, res: ServerResponse, deps: HttpDeps, workspace: string): Promise<void> {
  const principal = authorize(req, res, deps, workspace);
  if (!principal) return;
  if (principal.role !== 'integration' && principal.role !== 'admin') {
    error(res, 403, 'forbidden', `${withArticle(principal.role)} token cannot post signals (integration or admin only)`);
    return;
  }
  const signal = await readJson(req, res, MAX_SIGNAL_BYTES, SignalRequestSchema, 'invalid_signal');
  if (!signal.ok) return;
  // The same signal never makes a second suggestion, also once its suggestion is archived.
  const archived = deps.archive?.store.suggestionBySignal(workspace, signal.value.signalKey);
  if (archived) {
    json(res, 200, { suggestionId: archived.suggestionId, created: false, taskId: archived.status === 'approved' ? archived.suggestionId : null });
    return;
  }
  try {
    const result = deps.hub.withRoom(workspace, (room) => deps.signals.receive(room, principal.userId, signal.value));
    if (!result.ok) {
      error(res, result.error.code === 'muted' ? 409 : 422, result.error.code, result.error.message);
      return;
    }
    deps.log('info', 'signal_received', { room: workspace, user: principal.userId, source: signal.value.source, created: result.value.created });
    json(res, result.value.created ? 201 : 200, result.value);
  } catch (failure) {
    deps.log('error', 'signal_failed', { room: workspace, error: failure instanceof Error ? failure.message : String(failure) });
    error(res, 503, 'not_stored', 'the relay could not store the signal; retry with the same signalKey');
  }
}
