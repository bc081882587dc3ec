// Triage vocabulary the keys and the bulk actions share: the quick dismissal
// reasons (seed 002 §7.3) and the neighbour of a status in the workspace's order.
import { COMPLETION_OUTCOMES, type CompletionOutcome, type StatusDefinition } from './types';

/** The reason a dismissal records when the operator picks none in its undo window. */
export const DEFAULT_DISMISSAL_REASON = 'Dismissed during triage';

/** The undo toast's quick reasons; "Other…" asks for a free-text one. */
export const DISMISSAL_REASONS = ['Duplicate', 'Not needed', 'Handled elsewhere'] as const;

/** The outcomes a completion records (seed 003), in the picker's order: the domain's one list. */
export const OUTCOMES = COMPLETION_OUTCOMES;
export type Outcome = CompletionOutcome;

/** The status `delta` steps from `current` in the workspace's order, or null at either end (or for an unknown status). */
export function adjacentStatus(statuses: readonly StatusDefinition[], current: string, delta: -1 | 1): StatusDefinition | null {
  const at = statuses.findIndex((status) => status.id === current);
  if (at < 0) return null;
  return statuses[at + delta] ?? null;
}
