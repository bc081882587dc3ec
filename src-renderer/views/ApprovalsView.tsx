// Approvals: tasks waiting for a decision. The buttons call the same commands
// as the keys (a, r, Shift+R); whether the user may decide is the domain's call.
import { useActions, useApp } from '../app/store-context';
import { TaskList } from './TaskList';

export function ApprovalsView() {
  const tasks = useApp((state) => state.tasks);
  const { approve, openDialog } = useActions();
  const waiting = tasks.filter((task) => task.category === 'approval');
  return (
    <TaskList label="Waiting for approval" tasks={waiting} actions={(task) => (
      <span className="row-actions">
        <button type="button" onClick={() => approve(task.id)}>Approve</button>
        <button type="button" onClick={() => openDialog({ kind: 'reason', action: 'request-changes', taskId: task.id })}>Request changes</button>
        <button type="button" onClick={() => openDialog({ kind: 'reason', action: 'reject', taskId: task.id })}>Reject</button>
      </span>
    )} />
  );
}
