// blocked / ready for a task with prerequisites (src-shared/domain/prerequisites.ts), the same
// words in every view: a badge people see, and the same word in the accessible name of the
// row, card, chip or bar (withReadiness), so a screen reader hears it too.
import type { readiness } from '../../src-shared/domain/prerequisites';

export type Readiness = ReturnType<typeof readiness>;

/** "blocked" (a prerequisite is open) or "ready" (every prerequisite is closed), beside a task's title. */
export function ReadinessBadge({ readiness: ready }: { readiness: Readiness }) {
  if (ready === null) return null;
  return <span className={`badge badge-${ready}`}>{ready}</span>;
}

/** An accessible name with the task's readiness after it ("Load the truck, High, Ana, blocked"). */
export const withReadiness = (name: string, ready: Readiness): string => (ready === null ? name : `${name}, ${ready}`);
