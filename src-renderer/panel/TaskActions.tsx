// The panel's action bar: what can be done with the task in its state. The
// decision buttons show only to someone whose decision would apply (canDecide).
import { canDecide } from '../../src-shared/domain/authority';
import { isClosedCategory } from '../../src-shared/domain/statuses';
import type { TaskState } from '../../src-shared/domain/types';
import { useActions, useApp, useServices } from '../app/store-context';

export function TaskActions({ task }: { task: TaskState }) {
  const { repository } = useServices();
  const { report, openDialog, submit, approve, complete, dismiss } = useActions();
  const me = useApp((state) => state.me);
  const settings = useApp((state) => state.config.settings);
  useApp((state) => state.members); // a role change re-decides who may decide
  const closed = isClosedCategory(task.category);
  const decides = task.category === 'approval' && canDecide(me, repository.roleOf(me), task, settings);
  return (
    <div className="panel-actions" role="group" aria-label="Actions">
      {!closed && task.category !== 'approval' && <button type="button" onClick={() => submit(task.id)}>Submit for approval</button>}
      {decides && <>
        <button type="button" className="primary" onClick={() => approve(task.id)}>Approve</button>
        <button type="button" onClick={() => openDialog({ kind: 'reason', action: 'request-changes', taskId: task.id })}>Request changes</button>
        <button type="button" onClick={() => openDialog({ kind: 'reason', action: 'reject', taskId: task.id })}>Reject</button>
      </>}
      {!closed && <button type="button" className="primary" onClick={() => complete(task.id)}>Complete</button>}
      {!closed && <button type="button" onClick={() => openDialog({ kind: 'snooze', taskIds: [task.id] })}>Snooze</button>}
      {task.snoozeUntil !== null && <button type="button" onClick={() => report(repository.unsnooze(task.id))}>Unsnooze</button>}
      {!closed && <button type="button" onClick={() => dismiss(task.id)}>Dismiss</button>}
      {closed && <button type="button" className="primary" onClick={() => report(repository.reopen(task.id))}>Reopen</button>}
      {!closed && <button type="button" onClick={() => openDialog({ kind: 'assign', taskIds: [task.id] })}>Assign…</button>}
    </div>
  );
}
