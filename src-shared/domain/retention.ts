// Retention (DESIGN "A bounded live document"): which logs leave the live document for the archive.
//   - A task leaves when it is closed (done or canceled) and has been for longer than the
//     workspace's `retentionDays`. "Closed at" is the stamp of the applied event that moved it from
//     an open category into a closed one, the last time that happened (a reopen and a second close
//     count from the second); comments and other edits of a closed task do not move it. An open
//     task never leaves, however old. A tracked task (seed 001) leaves like any other: its source
//     can move it at any time, so the relay's tracking intake brings it back into the live document
//     (its whole log) before it writes to it, as a reopen does (sync-server/tracking.ts).
//   - A closed task that still carries an active recurrence rule (a completed task whose series goes
//     on, recurrence.ts activeRecurrence) stays: its rule is read from the live view.
//   - A suggestion leaves once decided (approved or rejected) or expired.
// The fold below is the reducer's own step (applyEvent) in the reducer's order with its copy rule,
// so the state it returns is the state foldTask returns for the same log.
import type { TaskEvent } from './events';
import { applyEvent, inFoldOrder } from './reducer';
import { stampTime } from './clock';
import { activeRecurrence } from './recurrence';
import { isClosedCategory } from './statuses';
import { isExpired, type SuggestionState } from './suggestions';
import type { FoldContext, Stamp, TaskState } from './types';

const DAY_MS = 86_400_000;

export interface FoldedForRetention {
  state: TaskState | null;
  /** Stamp of the event that closed the task, null while it is open (or has no state). */
  closedAt: Stamp | null;
}

export function foldForRetention(taskId: string, events: readonly TaskEvent[], context: FoldContext): FoldedForRetention {
  let state: TaskState | null = null;
  let closedAt: Stamp | null = null;
  let last: TaskEvent | undefined;
  for (const event of inFoldOrder(events)) {
    // A copy of the same event (a retried write) applies once, as in foldOnto.
    if (last && last.id === event.id && last.at === event.at) continue;
    last = event;
    const applied = applyEvent(taskId, state, event, context);
    if (!applied.ok) continue;
    const wasOpen = state === null || !isClosedCategory(state.category);
    state = applied.value;
    if (!isClosedCategory(state.category)) closedAt = null;
    else if (wasOpen) closedAt = event.at;
  }
  return { state, closedAt };
}

/** Does this folded task leave the live document at `now`? */
export function taskLeavesLive(folded: FoldedForRetention, retentionDays: number, now: number): boolean {
  return folded.state !== null && folded.closedAt !== null && activeRecurrence(folded.state) === null
    && isPastRetention(folded.closedAt, retentionDays, now);
}

/** Has a task closed at `closedAt` been closed for longer than the retention window at `now`? */
export function isPastRetention(closedAt: Stamp, retentionDays: number, now: number): boolean {
  return stampTime(closedAt) < now - retentionDays * DAY_MS;
}

/** Does this suggestion leave the live document (decided, or expired at `now`)? */
export function suggestionLeavesLive(state: SuggestionState | null, now: number): boolean {
  return state !== null && (state.status !== 'pending' || isExpired(state, now));
}
