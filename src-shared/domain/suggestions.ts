// Suggestions (seed 002, stages 2-3): a proposed task in the review queue, with
// rationale, evidence and a confidence score, until someone approves (possibly
// editing it) or rejects it, or it expires. Like a task, a suggestion is a fold
// of its own event log; the first decision in merged order wins and a later one
// is kept but marked rejected.
import { withDefaults } from '../util/with-defaults';
import { checkSuggestionAuthority } from './authority';
import type { TaskCreatedPayload } from './events';
import type { EntityLink, Result, Role, Stamp, UserId } from './types';

/** A template's task defaults (templates.ts taskFromTemplate), as the approval sees them. */
export type TemplateDefaults = Partial<TaskCreatedPayload>;

export interface SuggestionProposal {
  title: string;
  rationale: string;
  /** One link, two at most: the source signal. */
  evidence: string[];
  /** 0..1, captured from day one for calibration. */
  confidence: number;
  type: string;
  priority?: TaskCreatedPayload['priority'];
  ownerId?: UserId | null;
  link?: EntityLink | null;
  /** The integration that sent the signal (e.g. flight-feed). */
  source: string;
  /** Idempotency key of the signal: the same signal never makes a second suggestion. */
  signalKey: string;
  expiresAt: string;
  /** The template the signal named: the approved task gets its defaults. */
  templateId?: string;
  /** The task the suggestion is about (a tracked source's block): the approved task is its subtask. */
  parentId?: string;
}

export type SuggestionEvent =
  | { id: string; actor: UserId; at: Stamp; type: 'suggestion.created'; payload: SuggestionProposal }
  | { id: string; actor: UserId; at: Stamp; type: 'suggestion.approved'; payload: { edits?: Partial<TaskCreatedPayload>; auto?: boolean } }
  | { id: string; actor: UserId; at: Stamp; type: 'suggestion.rejected'; payload: { reason: string } };

export interface SuggestionState extends SuggestionProposal {
  id: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: UserId | null;
  reason: string | null;
  createdAt: Stamp;
  createdBy: UserId;
}

export interface FoldedSuggestion {
  state: SuggestionState | null;
  rejected: { event: SuggestionEvent; code: string; message: string }[];
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** A suggestion's creation payload is sound (the relay checks it before storing one, the fold before applying). */
export function isProposal(p: unknown): p is SuggestionProposal {
  if (typeof p !== 'object' || p === null) return false;
  const v = p as Record<string, unknown>;
  return isString(v.title) && v.title.trim() !== '' && isString(v.rationale) && Array.isArray(v.evidence) &&
    v.evidence.every(isString) && typeof v.confidence === 'number' && v.confidence >= 0 && v.confidence <= 1 &&
    isString(v.type) && isString(v.source) && isString(v.signalKey) && isString(v.expiresAt) && !Number.isNaN(Date.parse(v.expiresAt)) &&
    (v.templateId === undefined || isString(v.templateId)) && (v.parentId === undefined || isString(v.parentId));
}

export const SUGGESTION_EVENT_TYPES: readonly SuggestionEvent['type'][] = ['suggestion.created', 'suggestion.approved', 'suggestion.rejected'];

/** Why this event cannot apply to this suggestion, or null. `role` is the author's role as of the event. */
export function checkSuggestionEvent(
  state: SuggestionState | null, event: SuggestionEvent, role: Role | undefined,
): { code: string; message: string } | null {
  if (!(SUGGESTION_EVENT_TYPES as readonly string[]).includes(event.type)) {
    return { code: 'unknown_event', message: `Unknown suggestion event "${String(event.type)}".` };
  }
  const authority = checkSuggestionAuthority(event.type, event.actor, role);
  if (authority) return authority;
  if (event.type === 'suggestion.created') {
    if (state) return { code: 'duplicate_suggestion', message: 'This suggestion already exists.' };
    return isProposal(event.payload) ? null : { code: 'invalid_payload', message: 'The suggestion is missing a field.' };
  }
  if (!state) return { code: 'unknown_suggestion', message: 'This suggestion does not exist on this device.' };
  if (state.status !== 'pending') {
    return { code: 'already_decided', message: `"${state.title}" was already ${state.status} by ${state.decidedBy ?? 'someone'}.` };
  }
  if (event.type === 'suggestion.rejected' && !(isString(event.payload?.reason) && event.payload.reason.trim())) {
    return { code: 'reason_required', message: 'Say why the suggestion is rejected.' };
  }
  return null;
}

export function foldSuggestion(
  id: string, events: readonly SuggestionEvent[], roleAt: (user: UserId, at: Stamp) => Role | undefined,
): FoldedSuggestion {
  const ordered = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  let state = null as SuggestionState | null;
  const rejected: FoldedSuggestion['rejected'] = [];
  for (const event of ordered) {
    const refusal = checkSuggestionEvent(state, event, roleAt(event.actor, event.at));
    if (refusal) {
      rejected.push({ event, ...refusal });
      continue;
    }
    if (event.type === 'suggestion.created') {
      state = { ...event.payload, evidence: event.payload.evidence.slice(0, 2), id, status: 'pending', decidedBy: null, reason: null, createdAt: event.at, createdBy: event.actor };
    } else if (state && event.type === 'suggestion.approved') {
      state = { ...state, status: 'approved', decidedBy: event.actor };
    } else if (state && event.type === 'suggestion.rejected') {
      state = { ...state, status: 'rejected', decidedBy: event.actor, reason: event.payload.reason };
    }
  }
  return { state, rejected };
}

export function isExpired(suggestion: SuggestionState, now: number): boolean {
  return suggestion.status === 'pending' && Date.parse(suggestion.expiresAt) <= now;
}

/**
 * The task an approved suggestion becomes: its rationale and evidence travel with it. With the
 * template the signal named, the template's defaults fill what the suggestion does not say.
 */
export function taskFromSuggestion(
  suggestion: SuggestionState, edits: Partial<TaskCreatedPayload> = {}, template?: TemplateDefaults,
): TaskCreatedPayload {
  // An edit left `undefined` (a form field not filled in) keeps the suggestion's value.
  const fromTemplate: Partial<TaskCreatedPayload> = template ? { ...template, templateId: suggestion.templateId ?? null } : {};
  const about: Partial<TaskCreatedPayload> = suggestion.parentId ? { parentId: suggestion.parentId } : {};
  return withDefaults<TaskCreatedPayload>({
    ...fromTemplate,
    ...about,
    title: suggestion.title,
    type: suggestion.type,
    priority: suggestion.priority ?? 'normal',
    ownerId: suggestion.ownerId ?? null,
    links: suggestion.link ? [suggestion.link] : [],
    rationale: suggestion.rationale,
    evidence: suggestion.evidence,
    confidenceScore: suggestion.confidence,
    origin: 'suggestion',
  }, edits);
}

export type SuggestResult = Result<{ suggestion: SuggestionState; created: boolean; taskId: string | null }>;
