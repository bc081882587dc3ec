// What the keys mean in the Review queue, whose rows are suggestions (seed 002
// §7.2): Enter opens the highlighted one with its rationale and evidence, `a`
// approves, `e` edits then approves, `x` rejects with a reason, `m` mutes its
// source for its entity, Space selects; with a selection, `a` and `x` ask to
// confirm the batch. Task keys that mean nothing for a suggestion do nothing.
import type { KeyAction } from '../keyboard/keymap';
import type { AppState } from '../store/app-store';

/** Returns false when the action is not a review key (the caller handles view keys). */
export function runReviewAction(action: KeyAction, state: AppState, highlighted: string): boolean {
  const targets = state.reviewTargets();
  const many = state.reviewBatch.size > 0;
  switch (action) {
    case 'open': state.openDialog({ kind: 'suggestion', suggestionId: highlighted }); return true;
    case 'approve':
      if (many) state.openDialog({ kind: 'suggestion-approve', suggestionIds: targets });
      else state.approveSuggestions(targets);
      return true;
    case 'assign': state.openDialog({ kind: 'suggestion-edit', suggestionId: highlighted }); return true;
    case 'dismiss': state.openDialog({ kind: 'suggestion-reject', suggestionIds: targets }); return true;
    case 'set-status': state.muteSuggestionSource(highlighted); return true;
    case 'toggle-select': state.toggleReviewBatch(highlighted); return true;
    default: return false;
  }
}
