// Telling an operator about a decision on their work: when someone else
// approves, rejects or requests changes on a task they submitted (or own), that
// decision is news for them. Only decisions that applied count (a decision the
// merge refused changed nothing).
import type { TaskEvent } from './events';
import type { TaskState, UserId } from './types';

export type Decision = 'approved' | 'rejected' | 'changes_requested';

export interface DecisionNotice {
  taskId: string;
  title: string;
  decision: Decision;
  by: UserId;
  reason: string | null;
}

const DECISIONS: Readonly<Record<string, Decision>> = {
  'task.approved': 'approved', 'task.rejected': 'rejected', 'task.changes_requested': 'changes_requested',
};

/** The notice `me` gets for this (applied) event on `task`, or null when it is not news for me. */
export function decisionNotice(task: TaskState, event: TaskEvent, me: UserId): DecisionNotice | null {
  const decision = DECISIONS[event.type];
  if (decision === undefined || event.actor === me) return null;
  if (task.approval.submittedBy !== me && task.ownerId !== me) return null;
  const reason = (event.payload as { reason?: unknown }).reason;
  return { taskId: task.id, title: task.title, decision, by: event.actor, reason: typeof reason === 'string' && reason.trim() !== '' ? reason : null };
}

const VERBS: Readonly<Record<Decision, string>> = { approved: 'approved', rejected: 'rejected', changes_requested: 'requested changes on' };

/** "Carol approved “Refund order 118”." / "Carol rejected “…”: no receipt." */
export function describeDecision(notice: DecisionNotice, nameOf: (user: UserId) => string): string {
  return `${nameOf(notice.by)} ${VERBS[notice.decision]} “${notice.title}”${notice.reason ? `: ${notice.reason}` : '.'}`;
}
