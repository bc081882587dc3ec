// The relay's archive over HTTP (archive-api.ts), one client for both hosts: the browser passes
// its `fetch`, main passes Node's. Every answer is checked against the contract's schemas before
// anything uses it (never trust the network); a refusal carries the relay's own sentence.
import type { z } from 'zod';
import {
  ArchivedTaskResponseSchema, ArchiveBatchEventsResponseSchema, ArchiveEventsResponseSchema, ArchiveSearchResponseSchema, GenerationResponseSchema,
  archivePaths, type ArchivedTaskResponse, type ArchiveBatchEventsRequest, type ArchiveBatchEventsResponse, type ArchiveEventsResponse, type ArchiveSearchResponse, type GenerationResponse,
} from './archive-api';
import { relayHttpBase } from './relay-api';

/** The part of `fetch` the client needs (src-shared has no DOM lib; both hosts' fetch fits). */
export type FetchLike = (url: string, init?: {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export class ArchiveRequestError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ArchiveRequestError';
  }
}

export interface ArchiveClientOptions {
  relayUrl: string;
  workspaceId: string;
  token: string;
  fetch: FetchLike;
}

export interface ArchiveSearch {
  q?: string;
  before?: string | null;
  limit?: number;
}

export interface ArchiveClient {
  generation(): Promise<GenerationResponse>;
  search(query: ArchiveSearch): Promise<ArchiveSearchResponse>;
  /** One archived task with its whole log; null when the archive does not hold it (a task never archived). */
  task(taskId: string): Promise<ArchivedTaskResponse | null>;
  postEvents(taskId: string, events: readonly Record<string, unknown>[]): Promise<ArchiveEventsResponse>;
  /**
   * Events an old replica holds for a suggestion that left the live document: a known id is a no-op,
   * a new one is refused (`already_decided`: final); 409 `live_suggestion` and 404 `not_found` throw.
   */
  postSuggestionEvents(suggestionId: string, events: readonly Record<string, unknown>[]): Promise<ArchiveEventsResponse>;
  /** Several tasks' events in one request, stored in one transaction (ARCHIVE_BATCH_EVENTS in all). */
  postBatch(tasks: ArchiveBatchEventsRequest['tasks']): Promise<ArchiveBatchEventsResponse>;
}

const errorBody = (body: unknown): { code: string; message: string } | null => {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return error && typeof error.code === 'string' && typeof error.message === 'string' ? { code: error.code, message: error.message } : null;
};

export function createArchiveClient(options: ArchiveClientOptions): ArchiveClient {
  const base = relayHttpBase(options.relayUrl);
  const headers = { Authorization: `Bearer ${options.token}` };

  async function request<S extends z.ZodTypeAny>(schema: S, path: string, init?: { method: string; body: string }): Promise<z.infer<S>> {
    const send = () => options.fetch(`${base}${path}`, {
      ...(init ?? {}),
      headers: init ? { ...headers, 'Content-Type': 'application/json' } : headers,
    });
    // Sent once more when it failed before any answer: a kept-alive connection the relay closed
    // while this host was busy fails the next request (ECONNRESET). Every request here is safe
    // to repeat (reads, and posted events are a no-op for an id the archive already holds).
    const response = await send().catch(() => send());
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = errorBody(body);
      throw new ArchiveRequestError(response.status, error?.code ?? 'http_error', error?.message ?? `The relay answered HTTP ${response.status}.`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ArchiveRequestError(response.status, 'bad_response', `The relay's archive answer did not match the contract: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data as z.infer<S>;
  }

  return {
    generation: () => request(GenerationResponseSchema, archivePaths.generation(options.workspaceId)),
    search({ q, before, limit }) {
      const params: string[] = [];
      if (q && q.trim()) params.push(`q=${encodeURIComponent(q.trim())}`);
      if (before) params.push(`before=${encodeURIComponent(before)}`);
      if (limit !== undefined) params.push(`limit=${limit}`);
      return request(ArchiveSearchResponseSchema, `${archivePaths.search(options.workspaceId)}${params.length ? `?${params.join('&')}` : ''}`);
    },
    async task(taskId) {
      try {
        return await request(ArchivedTaskResponseSchema, archivePaths.task(options.workspaceId, taskId));
      } catch (error) {
        if (error instanceof ArchiveRequestError && error.status === 404) return null;
        throw error;
      }
    },
    postEvents: (taskId, events) => request(ArchiveEventsResponseSchema, archivePaths.events(options.workspaceId, taskId), {
      method: 'POST', body: JSON.stringify({ events }),
    }),
    postSuggestionEvents: (suggestionId, events) => request(ArchiveEventsResponseSchema, archivePaths.suggestionEvents(options.workspaceId, suggestionId), {
      method: 'POST', body: JSON.stringify({ events }),
    }),
    postBatch: (tasks) => request(ArchiveBatchEventsResponseSchema, archivePaths.batchEvents(options.workspaceId), {
      method: 'POST', body: JSON.stringify({ tasks }),
    }),
  };
}
