// Display formatting. Everything here returns plain strings that React renders as text.
import { stampToInstant } from '../../src-shared/domain/clock';
import { isOverdue } from '../../src-shared/domain/due';
import type { Stamp, TaskState } from '../../src-shared/domain/types';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function formatInstant(iso: string | null): string {
  if (iso === null) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const today = new Date();
  return at.toDateString() === today.toDateString() ? `today ${time.format(at)}` : dayTime.format(at);
}

export function formatStamp(stamp: Stamp): string {
  try {
    return formatInstant(stampToInstant(stamp));
  } catch {
    return stamp;
  }
}

export function formatDue(task: TaskState, now: number): string {
  if (task.dueAt === null) return '';
  const text = formatInstant(task.dueAt);
  return isOverdue(task, now) ? `overdue · ${text}` : text;
}

export const priorityLabel: Record<TaskState['priority'], string> = {
  urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low',
};

/**
 * The accessible name of a task row: title first, then what an operator scans for, in the words the
 * row shows (the workspace's status label, the owner's display name; blocked / ready last).
 */
export function rowLabel(task: TaskState, statusLabel: string, ownerName: string, readiness: 'blocked' | 'ready' | null = null): string {
  const outcome = outcomeLabel(task);
  const status = statusLabel + (outcome ? ` (${outcome})` : '');
  return [task.title, status, ownerName, priorityLabel[task.priority], ...(readiness ? [readiness] : [])].join(', ');
}

/** A completion's outcome worth saying beside its status ("passed", "failed", "skipped"); '' otherwise. */
export function outcomeLabel(task: Pick<TaskState, 'resolution'>): string {
  return task.resolution === 'passed' || task.resolution === 'failed' || task.resolution === 'skipped' ? task.resolution : '';
}
