// Approvals: tasks waiting for a decision, with who submitted them and when. The
// buttons call the same commands as the keys (a, r, Shift+R), and show only on
// the rows this user may decide (authority.ts's canDecide: the role and the
// self-approval rules the fold and the relay run): no one sees buttons that would
// be refused — an operator, nor a lead on their own submission.
import { useCallback } from 'react';
import { canDecide } from '../../src-shared/domain/authority';
import type { TaskState } from '../../src-shared/domain/types';
import { useActions, useApp, useServices } from '../app/store-context';
import { approvalTasks, taskIds } from '../model/view-items';
import { hiddenIds } from '../store/pending-dismissals';
import { TaskList, type RowEvent } from './TaskList';
import { useHighlightScope } from './use-highlighted';

const submitted = (task: TaskState): RowEvent => ({
  verb: 'submitted', actor: task.approval.submittedBy ?? task.updatedBy, at: task.approval.submittedAt ?? task.updatedAt,
});

export function ApprovalsView() {
  const { repository } = useServices();
  const tasks = useApp((state) => state.tasks);
  const me = useApp((state) => state.me);
  const settings = useApp((state) => state.config.settings);
  // Members change a role: read them so the buttons follow.
  const members = useApp((state) => state.members);
  const hidden = hiddenIds(useApp((state) => state.pending));
  const { approve, openDialog } = useActions();
  const waiting = approvalTasks(tasks, hidden);
  const scope = useHighlightScope('approvals', taskIds(waiting).ids);
  const actions = useCallback((task: TaskState) => {
    if (!canDecide(me, repository.roleOf(me), task, settings)) return <span className="muted">Waiting for an approver</span>;
    return (
      <>
        <button type="button" onClick={() => approve(task.id)}>Approve</button>
        <button type="button" onClick={() => openDialog({ kind: 'reason', action: 'request-changes', taskId: task.id })}>Request changes</button>
        <button type="button" onClick={() => openDialog({ kind: 'reason', action: 'reject', taskId: task.id })}>Reject</button>
      </>
    );
    // `members` is a dependency on purpose: a role change re-decides who may approve.
  }, [me, repository, settings, members, approve, openDialog]);
  return <TaskList label="Waiting for approval" tasks={waiting} scope={scope} actions={actions} event={submitted} empty="No task is waiting for a decision." />;
}
