// The tracking API (seed 001) and the event feed for integrations: what an integration sends to
// the relay over HTTP and what it gets back. Errors are the relay's usual
// `{ error: { code, message } }` (RelayErrorResponse in relay-api.ts).
import { z } from 'zod';

const SourceIdSchema = z.string().min(1).max(100).regex(/^[^/\s]+$/, 'no "/" or whitespace');
const StateSchema = z.string().min(1).max(100);

export const LineItemSchema = z.object({
  id: SourceIdSchema,
  title: z.string().trim().min(1).max(500),
  /** The source's state now; a new task without one starts as not_started. */
  state: StateSchema.optional(),
}).strict();

export const BlockSchema = z.object({
  id: SourceIdSchema,
  kind: z.enum(['question', 'request']),
  title: z.string().trim().min(1).max(500),
  /** The source's state now; a new task without one starts as not_started. */
  state: StateSchema.optional(),
  lineItems: z.array(LineItemSchema).max(500).default([]),
}).strict();

/**
 * POST /api/workspaces/<id>/tracking/sources: register (or update) a source, e.g. one module of
 * an advance. Idempotent by the source's own ids: the same body twice changes nothing, a new block
 * or line item adds one task. `tracking` defaults to the template's flag (when `fromTemplate`
 * names a registered template source), else true. A `template: true` source creates no tasks: it
 * only carries the flag its advances start with.
 */
export const RegisterSourceRequestSchema = z.object({
  sourceId: SourceIdSchema,
  /** Which of the workspace's status mappings (settings.statusMappings) applies. */
  mapping: z.string().min(1).max(100),
  title: z.string().trim().min(1).max(500),
  blocks: z.array(BlockSchema).max(200).default([]),
  tracking: z.boolean().optional(),
  template: z.boolean().default(false),
  fromTemplate: SourceIdSchema.optional(),
}).strict();
export type RegisterSourceRequest = z.infer<typeof RegisterSourceRequestSchema>;

/** POST .../tracking/sources/<sourceId>/state: one block's (or one line item's) state changed. */
export const SourceStateRequestSchema = z.object({
  blockId: SourceIdSchema,
  itemId: SourceIdSchema.optional(),
  state: StateSchema,
}).strict();
export type SourceStateRequest = z.infer<typeof SourceStateRequestSchema>;

/** PATCH .../tracking/sources/<sourceId>: per-source flags. */
export const SourceFlagsRequestSchema = z.object({
  tracking: z.boolean().optional(),
  template: z.boolean().optional(),
}).strict();
export type SourceFlagsRequest = z.infer<typeof SourceFlagsRequestSchema>;

export const TrackedTaskSchema = z.object({
  taskId: z.string(),
  blockId: z.string(),
  itemId: z.string().nullable(),
  status: z.string(),
  state: z.string(),
  deleted: z.boolean(),
});
export type TrackedTask = z.infer<typeof TrackedTaskSchema>;

/** Every tracking answer: the source as the relay now holds it, and how many events it wrote. */
export const SourceResponseSchema = z.object({
  sourceId: z.string(),
  mapping: z.string(),
  tracking: z.boolean(),
  template: z.boolean(),
  deleted: z.boolean(),
  written: z.number().int(),
  tasks: z.array(TrackedTaskSchema),
});
export type SourceResponse = z.infer<typeof SourceResponseSchema>;

export function trackingSourcesPath(workspace: string, sourceId?: string, action?: 'state' | 'archive' | 'restore' | 'delete' | 'undelete'): string {
  const base = `/api/workspaces/${encodeURIComponent(workspace)}/tracking/sources`;
  if (sourceId === undefined) return base;
  return `${base}/${encodeURIComponent(sourceId)}${action ? `/${action}` : ''}`;
}

// --- Event feed ----------------------------------------------------------------------------------

export const MAX_FEED_PAGE = 500;
export const MAX_FEED_WAIT_MS = 25_000;

/** GET /api/workspaces/<id>/events?after=<cursor>&limit=<n>&wait=<ms> */
export const FeedQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_FEED_PAGE).default(100),
  wait: z.coerce.number().int().min(0).max(MAX_FEED_WAIT_MS).default(0),
});
export type FeedQuery = z.infer<typeof FeedQuerySchema>;

export const FeedEventSchema = z.object({
  /** The stable cursor: relay receipt order, never reused. */
  seq: z.number().int(),
  taskId: z.string(),
  receivedAt: z.number().int(),
  event: z.object({ id: z.string(), type: z.string(), actor: z.string(), at: z.string(), payload: z.unknown() }).passthrough(),
});
export type FeedEvent = z.infer<typeof FeedEventSchema>;

export const FeedResponseSchema = z.object({
  events: z.array(FeedEventSchema),
  /** Pass as `after` next time (the last event's seq, or the `after` that was sent). */
  cursor: z.number().int(),
});
export type FeedResponse = z.infer<typeof FeedResponseSchema>;

export function eventsPath(workspace: string): string {
  return `/api/workspaces/${encodeURIComponent(workspace)}/events`;
}
