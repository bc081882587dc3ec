// Plain HTTP routes next to the WebSocket endpoint: health, Prometheus metrics and the members
// API. Browser clients on another origin call the members API, so every answer carries CORS
// headers (`*` is safe: authentication is a bearer token, never a cookie) and OPTIONS preflights
// are answered. Errors are JSON `{ error: { code, message } }`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HealthResponse, MembersResponse, RelayErrorResponse } from '../src-shared/protocol/relay-api';
import { WorkspaceIdSchema } from '../src-shared/protocol/relay-api';
import type { TokenRegistry } from './auth';
import type { RelayMetrics } from './metrics';
import type { RoomHub } from './rooms';

export interface HttpDeps {
  tokens: TokenRegistry;
  metrics: RelayMetrics;
  hub: RoomHub;
  startedAt: number;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type',
  'access-control-max-age': '600',
};

function send(res: ServerResponse, status: number, body: string, contentType: string): void {
  res.writeHead(status, { ...CORS_HEADERS, 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

function error(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, { error: { code, message } } satisfies RelayErrorResponse);
}

const MEMBERS_PATH = /^\/api\/workspaces\/([^/]+)\/members$/;

export function handleHttpRequest(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): void {
  const rawUrl = req.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);

  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS);
    res.end();
    return;
  }
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

function handleMembers(req: IncomingMessage, res: ServerResponse, deps: HttpDeps, workspace: string): void {
  if (!WorkspaceIdSchema.safeParse(workspace).success) {
    error(res, 400, 'bad_workspace', 'invalid workspace id');
    return;
  }
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    res.setHeader('www-authenticate', 'Bearer');
    error(res, 401, 'unauthorized', 'missing bearer token');
    return;
  }
  const principal = deps.tokens.verify(match[1]);
  if (!principal) {
    res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
    error(res, 401, 'unauthorized', 'invalid or revoked token');
    return;
  }
  if (principal.workspace !== workspace) {
    error(res, 403, 'forbidden', 'token is not valid for this workspace');
    return;
  }
  const body: MembersResponse = {
    workspace,
    me: { userId: principal.userId, role: principal.role },
    members: deps.tokens.members(workspace),
  };
  json(res, 200, body);
}
