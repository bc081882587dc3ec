// Invariants that must hold on every folded state, whatever merged. Tests check
// them after every generated history; the app may check them in development.
import type { FoldedEvent } from './events';
import { findStatus, isClosedCategory } from './statuses';
import type { TaskState, WorkspaceSettings } from './types';

export function invariantViolations(
  task: TaskState, events: readonly FoldedEvent[], settings: WorkspaceSettings,
): string[] {
  const problems: string[] = [];
  const status = findStatus(settings, task.status);
  if (!status) problems.push(`status ${task.status} is not in the workspace's set`);
  else if (status.category !== task.category) problems.push(`category ${task.category} does not match ${task.status}`);
  if (task.ownerId !== null && (typeof task.ownerId !== 'string' || task.ownerId === '')) problems.push('owner is not one user or none');
  if (!task.title.trim()) problems.push('empty title');

  const { approval } = task;
  if (task.category === 'approval' && (approval.submittedBy === null || approval.decision !== null)) {
    problems.push('pending approval without an open submission');
  }
  if (approval.decision === 'approved' && task.category !== 'done') problems.push('approved but not done');
  if (approval.decision === 'rejected' && task.category !== 'canceled') problems.push('rejected but not cancelled');
  if (approval.decision !== null && approval.decidedBy === null) problems.push('decision without a decider');

  const closed = isClosedCategory(task.category);
  if (closed !== (task.resolution !== null)) problems.push('resolution does not match open/closed');
  if (closed && task.snoozeUntil !== null) problems.push('closed task still snoozed');

  const reopens = events.filter((entry) => entry.rejected === null && entry.event.type === 'task.reopened').length;
  if (task.reopenCount !== reopens) problems.push(`reopen_count ${task.reopenCount} but ${reopens} reopen events applied`);
  return problems;
}
