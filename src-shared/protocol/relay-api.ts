// The contract between Handoff clients and the sync relay (sync-server/): the WebSocket URL shape,
// the close codes the relay uses, and the HTTP API responses. Both sides import these schemas, so
// a change here is a compile error on the other side rather than a surprise at runtime.
import { z } from 'zod';
import { ROLES } from '../domain/types';
import { GENERATION_PARAM } from './archive-api';

/** Roles a relay token can carry (the same list as the domain's). */
export const RelayRoleSchema = z.enum(ROLES);
export type RelayRole = z.infer<typeof RelayRoleSchema>;

/**
 * Canonical workspace id: 1-128 characters of [A-Za-z0-9_.-], starting with a letter or digit,
 * never containing "..". Nothing in it needs percent-encoding, so the relay compares the raw
 * request path against it and refuses any `%xx`, `..` or trailing-slash variant outright.
 */
export const WORKSPACE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
export const WorkspaceIdSchema = z
  .string()
  .regex(WORKSPACE_ID_PATTERN, 'workspace id: 1-128 of [A-Za-z0-9_.-], starting with a letter or digit')
  .refine((id) => !id.includes('..'), 'workspace id must not contain ".."');
export type WorkspaceIdString = z.infer<typeof WorkspaceIdSchema>;

/** Path prefix of the sync endpoint: clients connect to `ws://HOST:PORT/sync/<workspace>?token=T`. */
export const SYNC_PATH_PREFIX = '/sync';

/**
 * The relay's HTTP base (`http(s)://host:port`) from any of the forms people type or paste:
 * `http(s)://host:port`, `ws(s)://host:port`, either with `/sync`, a trailing slash, a query.
 * The one normalisation both hosts use (string rules: src-shared has no URL global).
 */
export function relayHttpBase(relayUrl: string): string {
  const trimmed = relayUrl.trim().replace(/[?#].*$/, '').replace(/\/+$/, '');
  const withoutSync = trimmed.endsWith(SYNC_PATH_PREFIX) ? trimmed.slice(0, -SYNC_PATH_PREFIX.length) : trimmed;
  return withoutSync.replace(/\/+$/, '').replace(/^ws(s?):/i, 'http$1:');
}

/** The `serverUrl` to hand to y-websocket's WebsocketProvider (it appends `/<workspace>`), from any form. */
export function relaySyncServerUrl(relayUrl: string): string {
  return `${relayHttpBase(relayUrl).replace(/^http(s?):/i, 'ws$1:')}${SYNC_PATH_PREFIX}`;
}

/**
 * The sync URL's query parameters, in order: the token (browsers cannot set headers on a
 * WebSocket) and the generation of the live document the replica belongs to (archive-api.ts).
 * Both hosts hand exactly this to WebsocketProvider's `params`.
 */
export function relaySyncParams(token: string, generation = 0): Record<string, string> {
  if (!Number.isSafeInteger(generation) || generation < 0) throw new RangeError(`generation must be a whole number >= 0, got ${generation}`);
  return { token, [GENERATION_PARAM]: String(generation) };
}

/** Full sync URL for one workspace: what WebsocketProvider builds from serverUrl + room + relaySyncParams. */
export function relaySyncUrl(relayBaseUrl: string, workspace: string, token: string, generation = 0): string {
  const query = Object.entries(relaySyncParams(token, generation))
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  return `${relaySyncServerUrl(relayBaseUrl)}/${workspace}?${query}`;
}

/**
 * WebSocket close codes. 4400-4499 are permanent: the stock y-websocket client stops reconnecting
 * on them (and emits `closed`). Codes outside that range make it reconnect with backoff, which is
 * what we want for transient conditions (shutdown, overload, a message the relay could not parse).
 */
export const RelayCloseCode = {
  /** Normal close initiated by the relay (e.g. the token was revoked mid-session uses 4401). */
  goingAway: 1001,
  /** A message that could not be decoded (random bytes, truncated, unknown type, bad update). */
  malformedMessage: 1007,
  /** Per-connection message rate exceeded; the client may reconnect after backoff. */
  policyViolation: 1008,
  /** Message larger than the configured limit (sent by `ws` itself). */
  messageTooBig: 1009,
  /** Unexpected relay-side failure (e.g. the database refused a write); the client retries. */
  internalError: 1011,
  /** Relay overloaded; try again later. */
  tryAgainLater: 1013,
  /** The URL is not `/sync/<canonical workspace id>`. */
  badRequest: 4400,
  /** No token, an unknown token or a revoked token. */
  unauthorized: 4401,
  /** A valid token for a different workspace. */
  forbidden: 4403,
  /**
   * An update the relay refused (sync-server/update-check.ts): a forged author, a deletion, a
   * backdated stamp, a write the author's role does not allow. The reason names the rule. The
   * client must not resend it: it rebuilds from the relay and re-appends what is still allowed.
   */
  refusedUpdate: 4409,
  /**
   * The client's replica belongs to an older generation of the live document (archive-api.ts):
   * the reason is `generation:<current>`. The client opens the current generation and ports what
   * it wrote offline; it never syncs the old document into the new one.
   */
  generationMoved: 4410,
} as const;
export type RelayCloseCodeValue = (typeof RelayCloseCode)[keyof typeof RelayCloseCode];

/** True for close codes after which a client must not reconnect with the same token. */
export function isPermanentRelayClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

export const RelayMemberSchema = z.object({
  userId: z.string().min(1),
  role: RelayRoleSchema,
  /** What people see (`token create --name`); absent: the user id. */
  displayName: z.string().min(1).max(200).optional(),
});
export type RelayMember = z.infer<typeof RelayMemberSchema>;

/** `GET /api/workspaces/<id>/members` with `Authorization: Bearer <token>`. */
export const MembersResponseSchema = z.object({
  workspace: WorkspaceIdSchema,
  /** The caller, as the relay sees its token. */
  me: RelayMemberSchema,
  /** Every user holding a non-revoked token for the workspace (role of their newest token). */
  members: z.array(RelayMemberSchema),
});
export type MembersResponse = z.infer<typeof MembersResponseSchema>;

export function membersPath(workspace: string): string {
  return `/api/workspaces/${workspace}/members`;
}

/** Error body of every non-2xx HTTP answer. */
export const RelayErrorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type RelayErrorResponse = z.infer<typeof RelayErrorResponseSchema>;

export const HealthResponseSchema = z.object({
  status: z.literal('ok'),
  uptimeSeconds: z.number(),
  connections: z.number().int(),
  roomsLoaded: z.number().int(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

// --- Signal intake (DESIGN "Creation paths": signal -> suggestion -> approval gate -> task) ---

/**
 * POST /api/workspaces/<id>/signals, Bearer token of an integration (or admin). A signal may name
 * a template (`templateId`: its title, type, priority and owner fill what the signal leaves out,
 * and the approved task gets the rest of its defaults) and a tracked source (`tracked`: the
 * suggestion links to the source and the task becomes a subtask of the block or line item named).
 */
export const SignalRequestSchema = z.object({
  /** Idempotency key: the same signal never makes a second suggestion. */
  signalKey: z.string().min(1).max(200),
  /** The integration that saw it (e.g. flight-feed); mutes are per source and entity. */
  source: z.string().min(1).max(100),
  /** Required unless `templateId` names a template (then the template's title). */
  title: z.string().trim().min(1).max(500).optional(),
  /** One line, plain English (seed 002 §7.4). */
  rationale: z.string().max(300).default(''),
  /** One link, two at most. */
  evidence: z.array(z.string().max(2_000)).max(2).default([]),
  confidence: z.number().min(0).max(1),
  /** Default: the template's type, else follow_up. */
  type: z.string().min(1).max(100).optional(),
  priority: z.enum(['urgent', 'high', 'normal', 'low']).optional(),
  ownerId: z.string().min(1).max(200).nullable().optional(),
  link: z.object({ kind: z.string().min(1).max(50), id: z.string().min(1).max(200), label: z.string().max(300), url: z.string().max(2_000).optional() }).nullable().optional(),
  expiresAt: z.iso.datetime().optional(),
  /** A template of the workspace (Settings > Templates). */
  templateId: z.string().min(1).max(200).optional(),
  /** A source registered through the tracking API, and optionally one of its blocks / line items. */
  tracked: z.object({
    sourceId: z.string().min(1).max(100),
    blockId: z.string().min(1).max(100).optional(),
    itemId: z.string().min(1).max(100).optional(),
  }).strict().refine((t) => t.itemId === undefined || t.blockId !== undefined, 'a line item is named with its block').optional(),
}).strict().refine((s) => s.title !== undefined || s.templateId !== undefined, { message: 'a signal needs a title or a templateId', path: ['title'] });
export type SignalRequest = z.infer<typeof SignalRequestSchema>;

export const SignalResponseSchema = z.object({
  suggestionId: z.string(),
  /** false when the signal key was seen before (nothing new was written). */
  created: z.boolean(),
  /** Set when the suggestion became a task (auto-approval above the type's threshold). */
  taskId: z.string().nullable(),
});
export type SignalResponse = z.infer<typeof SignalResponseSchema>;

export function signalsPath(workspace: string): string {
  return `/api/workspaces/${encodeURIComponent(workspace)}/signals`;
}
