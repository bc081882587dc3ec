// The one IPC contract between Electron main and the renderer. Every channel is
// declared here once, as a zod schema for what crosses the boundary, with the
// inferred types beside it. Main parses every input (typed `unknown` until then)
// against `invokeChannels[channel].input` and answers an IpcResult; the preload
// exposes exactly these channels and nothing else as `window.handoff`.
//
// Replica sync: the renderer's in-memory Y.Doc syncs with main's over
// `replica:message` (renderer -> main) and the `replica:message` event
// (main -> renderer), carrying y-websocket-framed messages: varuint 0 = sync
// (y-protocols step 1 / step 2 / update), varuint 1 = awareness update.
import { z } from 'zod';
import type { TaskState } from '../domain/types';
import { ArchivedTaskResponseSchema, ArchivedTaskRowSchema, ArchiveEventsRequestSchema, ArchiveEventsResponseSchema } from './archive-api';

/** Largest replica message accepted over IPC (a full 100k-task state fits). */
export const MAX_IPC_MESSAGE_BYTES = 64 * 1024 * 1024;

const bytes = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'expected binary data (Uint8Array)' })
  .refine((b) => b.byteLength > 0 && b.byteLength <= MAX_IPC_MESSAGE_BYTES, 'message must be 1 byte to 64 MiB');
const none = z.object({}).strict();
const task = z.custom<TaskState>();

export const ConnectionStateSchema = z.object({
  state: z.enum(['offline', 'connecting', 'syncing', 'online', 'signed_out']),
  unacknowledged: z.number().int().nonnegative(),
  reason: z.string().optional(),
});
export type ConnectionStateMessage = z.infer<typeof ConnectionStateSchema>;

export const IdentitySchema = z.object({
  workspaceId: z.string().min(1),
  userId: z.string().min(1),
  displayName: z.string(),
});

export const ExportFormatSchema = z.enum(['json', 'ics', 'csv']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** The list view's columns, in the order the CSV writes them. */
export const CSV_COLUMNS = ['id', 'title', 'status', 'priority', 'owner', 'due', 'type', 'queue', 'tags', 'links', 'updated'] as const;
export const CsvColumnSchema = z.enum(CSV_COLUMNS);
export type CsvColumn = z.infer<typeof CsvColumnSchema>;

/** What main keeps of changes the relay refused (the shape of RefusalExport). */
const RefusalExportSchema = z.object({
  exportedAt: z.string(),
  workspaceId: z.string(),
  userId: z.string(),
  relayReason: z.string(),
  changes: z.array(z.object({
    log: z.string(),
    reason: z.string(),
    event: z.object({ id: z.string(), type: z.string(), at: z.string(), actor: z.string(), payload: z.unknown() }),
  })),
});

export const invokeChannels = {
  /** First call of the renderer: who is signed in (null: show the first-run screen), the connection, and any recovery notice to show. */
  'replica:hello': {
    input: none,
    output: z.object({
      identity: IdentitySchema.nullable(), connection: ConnectionStateSchema, recovery: z.string().nullable(),
      /** The signed-in user's overdue tasks now ('tasks:overdue-count' tells of changes). */
      overdueCount: z.number().int().nonnegative(),
    }),
  },
  /** One y-websocket-framed sync/awareness message from the renderer's replica. */
  'replica:message': { input: z.object({ message: bytes }).strict(), output: z.null() },
  /** Tasks straight from the SQLite projection, before the Y.Doc has arrived. */
  'tasks:first-screen': { input: none, output: z.object({ tasks: z.array(task) }) },
  /**
   * Sign in from the first-run screen (or to another workspace): persisted in the app
   * settings; main closes the current workspace's replica and opens this one's file.
   * relayUrl and token null: work offline.
   */
  'session:sign-in': {
    input: z
      .object({
        relayUrl: z.url({ protocol: /^(ws|wss|http|https)$/ }).nullable(),
        token: z.string().min(8).max(4096).nullable(),
        userId: z.string().min(1).max(200),
        workspaceId: z.string().min(1).max(128),
        displayName: z.string().max(200),
      })
      .strict(),
    output: z.object({ connection: ConnectionStateSchema }),
  },
  /** Stop syncing and forget the sign-in; the workspace's local file stays (signing in again reopens it). */
  'session:sign-out': { input: none, output: z.null() },
  /** Changes the relay refused and that could not be re-appended (src-shared/doc/refusal-recovery.ts). */
  'refusals:get': { input: none, output: z.object({ refusals: RefusalExportSchema.nullable() }) },
  'refusals:dismiss': { input: none, output: z.null() },
  /**
   * Archived tasks (DESIGN "A bounded live document"): main asks the relay's archive over HTTP and
   * keeps what it got in its SQLite archive cache; offline it answers from that cache.
   */
  'archive:search': {
    input: z.object({ q: z.string().max(2_000), before: z.string().min(1).max(300).nullable() }).strict(),
    output: z.object({ tasks: z.array(ArchivedTaskRowSchema), next: z.string().nullable(), total: z.number().int().nonnegative(), offline: z.boolean() }),
  },
  'archive:task': {
    input: z.object({ taskId: z.string().min(1).max(200) }).strict(),
    output: z.object({ found: ArchivedTaskResponseSchema.nullable() }),
  },
  /** Events made on an archived task (a reopen), for the relay's archive to check and store. */
  'archive:post-events': {
    input: z.object({ taskId: z.string().min(1).max(200) }).merge(ArchiveEventsRequestSchema).strict(),
    output: ArchiveEventsResponseSchema,
  },
} as const;

export const eventChannels = {
  /** A y-websocket-framed sync/awareness message from main's replica. */
  'replica:message': bytes,
  'connection:state': ConnectionStateSchema,
  /** Overdue tasks of the signed-in user changed (the tray shows the count too). */
  'tasks:overdue-count': z.object({ count: z.number().int().nonnegative() }),
  /** Main rebuilt its replica after the relay refused a change: windows reload onto it. */
  'replica:reset': z.object({ reason: z.string(), refused: z.number().int().nonnegative() }),
  /** The operator clicked a notification about this task: open it. */
  'task:open': z.object({ taskId: z.string().min(1) }),
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;
export type InvokeInput<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['input']>;
export type InvokeOutput<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['output']>;
export type EventPayload<E extends EventChannel> = z.infer<(typeof eventChannels)[E]>;

export const INVOKE_CHANNELS = Object.keys(invokeChannels) as InvokeChannel[];
export const EVENT_CHANNELS = Object.keys(eventChannels) as EventChannel[];

export type IpcErrorCode = 'unknown_channel' | 'invalid_payload' | 'forbidden_sender' | 'failed';
export interface IpcError {
  code: IpcErrorCode;
  message: string;
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** What the preload exposes as `window.handoff`. */
export interface HandoffBridge {
  invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<IpcResult<InvokeOutput<C>>>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Main's handlers: one per invoke channel, each given its parsed input. */
export type IpcHandlers = {
  [C in InvokeChannel]: (input: InvokeInput<C>, sender: { id: number }) => InvokeOutput<C> | Promise<InvokeOutput<C>>;
};

export const isInvokeChannel = (value: unknown): value is InvokeChannel =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(invokeChannels, value);
export const isEventChannel = (value: unknown): value is EventChannel =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(eventChannels, value);
