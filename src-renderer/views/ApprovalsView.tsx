// Approvals: tasks waiting for a decision. The buttons call the same commands
// as the keys (a, r, Shift+R); whether the user may decide is the domain's call.
import { useActions, useApp } from '../app/store-context';
import { useMemo } from 'react';
import { approvalTasks } from '../model/view-items';
import { TaskList } from './TaskList';
import { useHighlighted } from './use-highlighted';

export function ApprovalsView() {
  const tasks = useApp((state) => state.tasks);
  const pending = useApp((state) => state.pending);
  const { approve, openDialog } = useActions();
  const waiting = useMemo(() => approvalTasks({ tasks, hidden: new Set(pending.keys()) }), [tasks, pending]);
  const highlighted = useHighlighted('approvals', 'task', waiting.map((task) => task.id));
  return (
    <TaskList label="Waiting for approval" tasks={waiting} highlighted={highlighted} actions={(task) => (
      <span className="row-actions">
        <button type="button" onClick={() => approve(task.id)}>Approve</button>
        <button type="button" onClick={() => openDialog({ kind: 'reason', action: 'request-changes', taskId: task.id })}>Request changes</button>
        <button type="button" onClick={() => openDialog({ kind: 'reason', action: 'reject', taskId: task.id })}>Reject</button>
      </span>
    )} />
  );
}
