// The Review queue's actions (seed 002 §7.2): approve (possibly edited), reject
// with a reason, mute the source for the entity, and the same for a batch of
// suggestions after a confirm step. Every decision is SuggestionQueue's checked
// command; a batch keeps going past refusals and one notice names them.
import { SuggestionQueue } from '../../src-shared/doc/suggestion-queue';
import { applyToMany, summarizeBulk } from '../../src-shared/domain/bulk';
import type { TaskCreatedPayload } from '../../src-shared/domain/events';
import type { ReviewFilter } from '../../src-shared/domain/review-filter';
import type { Result } from '../../src-shared/domain/types';
import type { AppState, StoreInternals } from './app-store';

export type ReviewDialog =
  | { kind: 'suggestion'; suggestionId: string }
  | { kind: 'suggestion-edit'; suggestionId: string }
  | { kind: 'suggestion-approve'; suggestionIds: string[] }
  | { kind: 'suggestion-reject'; suggestionIds: string[] };

/** The fields an operator may change before approving (suggestions.ts checks the same list). */
export type ApprovalEdits = Pick<Partial<TaskCreatedPayload>, 'title' | 'ownerId' | 'dueAt' | 'priority' | 'type'>;

export interface ReviewActions {
  setReviewFilter(filter: ReviewFilter): void;
  /** Space in the Review queue: add or remove the highlighted suggestion from the review batch. */
  toggleReviewBatch(suggestionId?: string): void;
  /** What a review key acts on: the review batch if any, else the highlighted suggestion. */
  reviewTargets(): string[];
  approveSuggestions(suggestionIds: readonly string[], edits?: ApprovalEdits): boolean;
  rejectSuggestions(suggestionIds: readonly string[], reason: string): boolean;
  /** "Mute signal for this trip": that source, for that suggestion's entity. */
  muteSuggestionSource(suggestionId: string): void;
}

type Set = (partial: Partial<AppState>) => void;
type Get = () => AppState;

export function createReviewActions(set: Set, get: Get, internals: StoreInternals): ReviewActions {
  const queue = new SuggestionQueue(internals.deps.repository);
  const titleOf = (id: string) => queue.get(id)?.title ?? id;
  const info = (message: string, kind: 'info' | 'error' = 'info') =>
    set({ toasts: [...get().toasts.slice(-4), { id: internals.nextToastId(), kind, message }] });

  /** One suggestion: its own message if refused. Many: the rest still apply, one summary. */
  const decide = (ids: readonly string[], verb: string, command: (id: string) => Result<unknown>): boolean => {
    if (ids.length === 0) return false;
    set({ reviewBatch: new Set() });
    if (ids.length === 1) {
      const applied = internals.run(command(ids[0] as string));
      if (applied) set({ dialog: null });
      return applied;
    }
    const outcome = applyToMany(ids, command);
    const message = summarizeBulk(outcome, verb, titleOf, 'suggestion');
    set({ dialog: null });
    if (message !== null) info(message, outcome.refused.length > 0 ? 'error' : 'info');
    return outcome.refused.length === 0;
  };

  return {
    setReviewFilter: (reviewFilter) => set({ reviewFilter }),
    toggleReviewBatch(suggestionId) {
      const selection = get().selection();
      const id = suggestionId ?? (selection?.kind === 'suggestion' ? selection.id : null);
      if (id === null) return;
      const reviewBatch = new Set(get().reviewBatch);
      if (!reviewBatch.delete(id)) reviewBatch.add(id);
      set({ reviewBatch });
    },
    reviewTargets() {
      const { reviewBatch } = get();
      if (reviewBatch.size > 0) return [...reviewBatch];
      const selection = get().selection();
      return selection?.kind === 'suggestion' ? [selection.id] : [];
    },
    approveSuggestions: (ids, edits = {}) => decide(ids, 'approved', (id) => queue.approve(id, edits)),
    rejectSuggestions: (ids, reason) => decide(ids, 'dismissed', (id) => queue.reject(id, reason)),
    muteSuggestionSource(suggestionId) {
      const suggestion = queue.get(suggestionId);
      if (!suggestion) return;
      const entity = suggestion.link ? ` for ${suggestion.link.label || `${suggestion.link.kind} ${suggestion.link.id}`}` : '';
      if (internals.run(queue.mute(suggestion.source, suggestion.link ?? null))) info(`Muted ${suggestion.source}${entity}: its signals no longer make suggestions.`);
    },
  };
}
