// An archived task as the client shows it (DESIGN "A bounded live document"). The relay sends a
// folded state with each search row; the client does not take it on trust: the fields a row and
// the query language read are checked, anything malformed falls back to a safe default (a row
// with a bad title is shown as "(untitled)", never breaks the list). With the whole log (one task
// opened), the client folds it itself with the same reducer every replica uses.
import { z } from 'zod';
import type { TaskEvent } from './events';
import { matchesQuery, parseQuery } from './query';
import { foldTask, foldedEvents } from './reducer';
import { ORIGINS, PRIORITIES, RESOLUTIONS, STATUS_CATEGORIES, type FoldContext, type TaskState } from './types';
import type { FoldedEvent } from './events';

const text = (fallback: string) => z.string().max(100_000).catch(fallback);
const ids = z.array(z.string()).catch([]);

const ArchivedStateSchema = z.object({
  title: text('(untitled)'),
  description: text(''),
  status: text('done'),
  category: z.enum(STATUS_CATEGORIES).catch('done'),
  priority: z.enum(PRIORITIES).catch('normal'),
  type: text(''),
  queue: z.string().nullable().catch(null),
  ownerId: z.string().nullable().catch(null),
  dueAt: z.string().nullable().catch(null),
  startAt: z.string().nullable().catch(null),
  tags: ids,
  links: z.array(z.object({ kind: z.string(), id: z.string(), label: z.string().catch(''), url: z.string().optional() })).catch([]),
  parentId: z.string().nullable().catch(null),
  blockedBy: ids,
  comments: z.array(z.object({ id: z.string(), author: z.string(), body: z.string(), at: z.string() })).catch([]),
  origin: z.enum(ORIGINS).catch('manual'),
  resolution: z.enum(RESOLUTIONS).nullable().catch(null),
  createdAt: text(''),
  createdBy: text(''),
  updatedAt: text(''),
  updatedBy: text(''),
});

/** A TaskState for an archived row's record: checked fields, defaults for the rest (never open, never snoozed). */
export function archivedTaskState(id: string, record: Record<string, unknown>): TaskState {
  const checked = ArchivedStateSchema.parse(record);
  return {
    id,
    watchers: [],
    approvers: [],
    requiresApproval: false,
    snoozeUntil: null,
    checklist: [],
    private: false,
    rationale: null,
    evidence: [],
    confidenceScore: null,
    dismissalReason: null,
    reopenCount: 0,
    lastReopenedAt: null,
    approval: { submittedBy: null, submittedAt: null, decidedBy: null, decision: null, reason: null },
    handoff: null,
    tracking: null,
    templateId: null,
    ...checked,
  };
}

const isEvent = (value: Record<string, unknown>): boolean =>
  typeof value.id === 'string' && typeof value.at === 'string' && typeof value.type === 'string' && typeof value.actor === 'string';

/** Fold an archived log here, with the rules every replica folds by: its state and activity stream. */
export function foldArchivedLog(id: string, events: readonly Record<string, unknown>[], context: FoldContext): { state: TaskState | null; activity: FoldedEvent[] } {
  const result = foldTask(id, events.filter(isEvent) as unknown as TaskEvent[], context);
  return { state: result.state, activity: foldedEvents(result) };
}

export interface CachedArchiveRow {
  id: string;
  task: Record<string, unknown>;
  closedAt: string;
  archivedAt: string;
}

/**
 * The offline answer to an archive search: the cached rows the query matches (the query language's
 * own matcher over each row's checked state), newest closed first. Nothing when `q` does not parse.
 */
export function searchCachedArchive<R extends CachedArchiveRow>(rows: readonly R[], q: string, me: string, now: number): R[] {
  const parsed = parseQuery(q);
  if (!parsed.ok) return [];
  const context = { me, now, isBlocked: () => false, isArchived: () => true };
  return rows
    .filter((row) => matchesQuery(parsed.value, archivedTaskState(row.id, row.task), context))
    .sort((a, b) => (a.closedAt < b.closedAt ? 1 : a.closedAt > b.closedAt ? -1 : a.id < b.id ? 1 : -1));
}
