// Due and overdue notifications for the signed-in user's open tasks, read from
// the projection (so they work while the window is hidden, and before the
// renderer exists). Which tasks and how they are announced (once per kind and
// due time, a summary past a threshold) is src-shared/domain/due-notices.ts,
// which the browser's notices use too.
import { DUE_SOON_LEAD_MS, freshNotices, SUMMARY_THRESHOLD, type DueNotice } from '../../src-shared/domain/due-notices';
import type { TaskQueries } from '../db/queries';

export type { DueNotice } from '../../src-shared/domain/due-notices';

export interface DueNotifierOptions {
  /** Announce a task this long before it falls due. */
  leadMs?: number;
  summaryThreshold?: number;
}

export interface CheckResult {
  overdueCount: number;
  notices: DueNotice[];
}

export class DueNotifier {
  private readonly announced = new Map<string, string>();
  private readonly leadMs: number;
  private readonly summaryThreshold: number;

  constructor(
    private readonly queries: TaskQueries,
    private readonly userId: string,
    private readonly notify: (notice: DueNotice) => void,
    options: DueNotifierOptions = {},
  ) {
    this.leadMs = options.leadMs ?? DUE_SOON_LEAD_MS;
    this.summaryThreshold = options.summaryThreshold ?? SUMMARY_THRESHOLD;
  }

  check(now: Date): CheckResult {
    const overdue = this.queries.overdue(now, this.userId);
    const soon = this.queries
      .dueBetween(this.userId, now, new Date(now.getTime() + this.leadMs))
      .filter((t) => !t.snoozeUntil || Date.parse(t.snoozeUntil) <= now.getTime());
    const notices = freshNotices(this.announced, { overdue, soon }, this.summaryThreshold);
    for (const notice of notices) this.notify(notice);
    return { overdueCount: overdue.length, notices };
  }
}
