// Due and overdue notices for one operator, shared by main's notifier (which
// reads the two task sets from its SQLite projection) and the browser's Web
// Notifications (which reads them from the folded view): the same predicates
// (due.ts) and the same announcing rules, so both hosts tell of the same tasks.
//
//   overdue   mine, overdue (due.ts), and not snoozed right now
//   due soon  mine, open, due in [now, now + lead), and not snoozed right now
//
// A task is announced once per (kind, due time): moving its due time announces it
// again, and a task that left both sets is forgotten, so reopening it announces it.
// More than `summaryThreshold` fresh notices become one summary notice.
import { dueTime, isOpen, isOverdueAt } from './due';
import type { TaskState, UserId } from './types';

export interface DueNotice {
  kind: 'due_soon' | 'overdue' | 'summary';
  /** The task to open when the notice is clicked (none for a summary). */
  taskId: string | null;
  title: string;
  body: string;
}

export const DUE_SOON_LEAD_MS = 15 * 60_000;
export const SUMMARY_THRESHOLD = 3;

export interface DueSets {
  overdue: readonly TaskState[];
  soon: readonly TaskState[];
}

const snoozedAt = (task: TaskState, now: number) => task.snoozeUntil !== null && Date.parse(task.snoozeUntil) > now;

/** The two sets from any list of tasks (main gets the same sets from SQL, tested against this). */
export function myDueSets(tasks: Iterable<TaskState>, me: UserId, now: number, leadMs = DUE_SOON_LEAD_MS): DueSets {
  const overdue: TaskState[] = [];
  const soon: TaskState[] = [];
  for (const task of tasks) {
    if (task.ownerId !== me || snoozedAt(task, now)) continue;
    const due = dueTime(task);
    if (isOverdueAt(due, task, now)) overdue.push(task);
    else if (due !== null && due >= now && due < now + leadMs && isOpen(task)) soon.push(task);
  }
  return { overdue, soon };
}

const formatTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function notice(kind: 'overdue' | 'due_soon', task: TaskState): DueNotice {
  const due = formatTime(task.dueAt ?? '');
  return {
    kind,
    taskId: task.id,
    title: kind === 'overdue' ? `Overdue: ${task.title}` : `Due soon: ${task.title}`,
    body: kind === 'overdue' ? `It was due ${due}.` : `It is due ${due}.`,
  };
}

function summary(notices: DueNotice[]): DueNotice {
  const overdue = notices.filter((n) => n.kind === 'overdue').length;
  const soon = notices.length - overdue;
  const parts = [overdue > 0 ? `${overdue} overdue` : null, soon > 0 ? `${soon} due soon` : null].filter(Boolean);
  return { kind: 'summary', taskId: null, title: `${notices.length} tasks need you`, body: `${parts.join(', ')}.` };
}

/**
 * The notices to show now. `announced` (task id -> "kind:due", owned by the caller)
 * is updated: what was announced, minus the tasks that left both sets.
 */
export function freshNotices(announced: Map<string, string>, sets: DueSets, summaryThreshold = SUMMARY_THRESHOLD): DueNotice[] {
  const fresh: DueNotice[] = [];
  for (const [kind, tasks] of [['overdue', sets.overdue], ['due_soon', sets.soon]] as const) {
    for (const task of tasks) {
      const key = `${kind}:${task.dueAt}`;
      if (announced.get(task.id) === key) continue;
      announced.set(task.id, key);
      fresh.push(notice(kind, task));
    }
  }
  const current = new Set([...sets.overdue, ...sets.soon].map((t) => t.id));
  for (const id of announced.keys()) if (!current.has(id)) announced.delete(id);
  return fresh.length > summaryThreshold ? [summary(fresh)] : fresh;
}
