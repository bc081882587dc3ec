// Due and overdue notifications for the signed-in user's open tasks, read from
// the projection (so they work while the window is hidden, and before the
// renderer exists). A task is announced once per (kind, due time): moving its
// due time announces it again; snoozed tasks stay quiet until they wake. More
// than `summaryThreshold` notices at once become one summary notice, so a
// morning start with 40 overdue tasks does not fire 40 OS notifications.
import type { TaskState } from '../../src-shared/domain/types';
import type { TaskQueries } from '../db/queries';

export interface DueNotice {
  kind: 'due_soon' | 'overdue' | 'summary';
  /** The task to open when the notice is clicked (none for a summary). */
  taskId: string | null;
  title: string;
  body: string;
}

export interface DueNotifierOptions {
  /** Announce a task this long before it falls due. */
  leadMs?: number;
  summaryThreshold?: number;
}

export interface CheckResult {
  overdueCount: number;
  notices: DueNotice[];
}

const formatTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

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
    this.leadMs = options.leadMs ?? 15 * 60_000;
    this.summaryThreshold = options.summaryThreshold ?? 3;
  }

  check(now: Date): CheckResult {
    const overdue = this.queries.overdue(now, this.userId);
    const soon = this.queries
      .dueBetween(this.userId, now, new Date(now.getTime() + this.leadMs))
      .filter((t) => !t.snoozeUntil || Date.parse(t.snoozeUntil) <= now.getTime());
    const fresh: DueNotice[] = [];
    for (const [kind, tasks] of [['overdue', overdue], ['due_soon', soon]] as const) {
      for (const task of tasks) {
        const key = `${kind}:${task.dueAt}`;
        if (this.announced.get(task.id) === key) continue;
        this.announced.set(task.id, key);
        fresh.push(this.notice(kind, task));
      }
    }
    // Forget tasks that are no longer due or overdue, so a reopened task is announced again.
    const current = new Set([...overdue, ...soon].map((t) => t.id));
    for (const id of this.announced.keys()) if (!current.has(id)) this.announced.delete(id);

    const notices = fresh.length > this.summaryThreshold ? [this.summary(fresh)] : fresh;
    for (const notice of notices) this.notify(notice);
    return { overdueCount: overdue.length, notices };
  }

  private notice(kind: 'overdue' | 'due_soon', task: TaskState): DueNotice {
    const due = formatTime(task.dueAt!);
    return {
      kind,
      taskId: task.id,
      title: kind === 'overdue' ? `Overdue: ${task.title}` : `Due soon: ${task.title}`,
      body: kind === 'overdue' ? `It was due ${due}.` : `It is due ${due}.`,
    };
  }

  private summary(notices: DueNotice[]): DueNotice {
    const overdue = notices.filter((n) => n.kind === 'overdue').length;
    const soon = notices.length - overdue;
    const parts = [overdue > 0 ? `${overdue} overdue` : null, soon > 0 ? `${soon} due soon` : null].filter(Boolean);
    return { kind: 'summary', taskId: null, title: `${notices.length} tasks need you`, body: `${parts.join(', ')}.` };
  }
}
