// The plain fields of a task, each committed on change (selects, checkboxes)
// or on blur / Enter (text), as one repository command.
import { useEffect, useReducer } from 'react';
import { usePeople, usePersonCombobox } from '../dialogs/PersonCombobox';
import { displayNameOf } from '../model/people';
import { draftReducer, draftToCommit, initialDraft } from './field-draft';
import { PRIORITIES, type Priority, type TaskState } from '../../src-shared/domain/types';
import { useActions, useApp, useServices } from '../app/store-context';
import { TaskRefs } from '../archive/TaskRefs';
import '../archive/archive.css';

function toLocalInput(iso: string | null): string {
  if (iso === null) return '';
  const at = new Date(iso);
  const offset = at.getTimezoneOffset() * 60_000;
  return new Date(at.getTime() - offset).toISOString().slice(0, 16);
}
const fromLocalInput = (value: string): string | null => (value === '' ? null : new Date(value).toISOString());

/**
 * A text input that keeps local edits until blur/Enter, then commits if changed.
 * A save from someone else while it is being edited never replaces the typed
 * text: it is shown beside the field with a choice (see field-draft.ts).
 */
function TextField({ label, value, onCommit, multiline = false }: {
  label: string; value: string; onCommit(next: string): void; multiline?: boolean;
}) {
  const [state, dispatch] = useReducer(draftReducer, value, initialDraft);
  useEffect(() => dispatch({ kind: 'saved-value', value }), [value]);
  const commit = (from = state) => {
    const next = draftToCommit(from);
    if (next !== null) onCommit(next);
  };
  const keepMine = () => {
    const kept = draftReducer(state, { kind: 'keep-mine' });
    dispatch({ kind: 'keep-mine' });
    commit(kept);
  };
  const onChange = (e: { target: { value: string } }) => dispatch({ kind: 'typed', text: e.target.value });
  return (
    <>
      <label>{label}
        {multiline
          ? <textarea rows={4} value={state.draft} onChange={onChange} onBlur={() => commit()} />
          : <input value={state.draft} onChange={onChange} onBlur={() => commit()}
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); commit(); } }} />}
      </label>
      {state.remote !== null && (
        <div role="group" aria-label={`${label} changed by someone else`} className="remote-change">
          <p>{label} was changed by someone else while you typed: <q>{state.remote}</q></p>
          <button type="button" onClick={keepMine}>Keep mine</button>
          <button type="button" onClick={() => dispatch({ kind: 'take-theirs' })}>Take theirs</button>
        </div>
      )}
    </>
  );
}

/** The owner: only a member can be chosen (type-ahead by display name); emptying the field unassigns. */
function OwnerField({ ownerId, onAssign }: { ownerId: string | null; onAssign(ownerId: string | null): void }) {
  const people = usePeople();
  const current = displayNameOf(people, ownerId);
  const field = usePersonCombobox({
    label: 'Owner', people, initial: current,
    onPick: (person) => { if (person.userId !== ownerId) onAssign(person.userId); },
    onEnter: (match, text) => {
      if (text.trim() === '') { if (ownerId !== null) onAssign(null); return; }
      if (match !== null && match.userId !== ownerId) onAssign(match.userId);
    },
    // Leaving the field without choosing keeps the owner (and shows it again).
    onBlur: () => field.setText(current),
  });
  return <div className="field">Owner{field.element}</div>;
}

export function TaskFields({ task }: { task: TaskState }) {
  const { repository } = useServices();
  const { report, moveToStatus } = useActions();
  const settings = useApp((state) => state.config.settings);
  const id = task.id;

  const changeStatus = (status: string) => moveToStatus(id, status);
  const setTags = (text: string) => {
    const next = [...new Set(text.split(',').map((tag) => tag.trim()).filter(Boolean))];
    const add = next.filter((tag) => !task.tags.includes(tag));
    const remove = task.tags.filter((tag) => !next.includes(tag));
    if (add.length + remove.length > 0) report(repository.dispatch(id, { type: 'task.tagged', payload: { add, remove } }));
  };
  const list = (text: string) => [...new Set(text.split(',').map((entry) => entry.trim()).filter(Boolean))];
  const setWatchers = (text: string) => {
    const next = list(text);
    for (const userId of next.filter((user) => !task.watchers.includes(user))) report(repository.dispatch(id, { type: 'task.watcher_added', payload: { userId } }));
    for (const userId of task.watchers.filter((user) => !next.includes(user))) report(repository.dispatch(id, { type: 'task.watcher_removed', payload: { userId } }));
  };
  const setApprovers = (text: string) => {
    const next = list(text);
    for (const userId of next.filter((user) => !task.approvers.includes(user))) report(repository.dispatch(id, { type: 'task.approver_added', payload: { userId } }));
    for (const userId of task.approvers.filter((user) => !next.includes(user))) report(repository.dispatch(id, { type: 'task.approver_removed', payload: { userId } }));
  };
  const setBlockedBy = (text: string) => {
    const next = list(text);
    for (const taskId of next.filter((other) => !task.blockedBy.includes(other))) report(repository.dispatch(id, { type: 'task.prerequisite_added', payload: { taskId } }));
    for (const taskId of task.blockedBy.filter((other) => !next.includes(other))) report(repository.dispatch(id, { type: 'task.prerequisite_removed', payload: { taskId } }));
  };

  return (
    <section className="fields" aria-label="Fields">
      <TextField label="Title" value={task.title} onCommit={(title) => report(repository.edit(id, { title }))} />
      <TextField label="Description" multiline value={task.description} onCommit={(description) => report(repository.edit(id, { description }))} />
      <label>Status
        <select value={task.status} onChange={(e) => changeStatus(e.target.value)}>
          {settings.statuses.map((status) => <option key={status.id} value={status.id}>{status.label}</option>)}
        </select>
      </label>
      <label>Priority
        <select value={task.priority} onChange={(e) => report(repository.edit(id, { priority: e.target.value as Priority }))}>
          {PRIORITIES.map((priority) => <option key={priority} value={priority}>{priority}</option>)}
        </select>
      </label>
      <label>Type
        <select value={task.type} onChange={(e) => report(repository.edit(id, { type: e.target.value }))}>
          {[...new Set([task.type, ...settings.taskTypes])].map((type) => <option key={type} value={type}>{type.replace(/_/g, ' ')}</option>)}
        </select>
      </label>
      <label>Queue
        <select value={task.queue ?? ''} onChange={(e) => report(repository.edit(id, { queue: e.target.value || null }))}>
          <option value="">(none)</option>
          {[...new Set([...(task.queue ? [task.queue] : []), ...settings.queues])].map((queue) => <option key={queue} value={queue}>{queue.replace(/_/g, ' ')}</option>)}
        </select>
      </label>
      <OwnerField key={task.ownerId ?? ''} ownerId={task.ownerId} onAssign={(ownerId) => report(repository.assign(id, ownerId))} />
      <label>Due<input type="datetime-local" value={toLocalInput(task.dueAt)}
        onChange={(e) => report(repository.schedule(id, { dueAt: fromLocalInput(e.target.value) }))} /></label>
      <label>Start<input type="datetime-local" value={toLocalInput(task.startAt)}
        onChange={(e) => report(repository.schedule(id, { startAt: fromLocalInput(e.target.value) }))} /></label>
      <TextField label="Tags" value={task.tags.join(', ')} onCommit={setTags} />
      <TextField label="Watchers" value={task.watchers.join(', ')} onCommit={setWatchers} />
      <TextField label="Approvers" value={task.approvers.join(', ')} onCommit={setApprovers} />
      <TextField label="Blocked by (task ids)" value={task.blockedBy.join(', ')} onCommit={setBlockedBy} />
      <TextField label="Parent task id" value={task.parentId ?? ''}
        onCommit={(parent) => report(repository.dispatch(id, { type: 'task.parent_set', payload: { parentId: parent.trim() || null } }))} />
      <TaskRefs label="Parent and prerequisites" ids={[...(task.parentId ? [task.parentId] : []), ...task.blockedBy]} />
      <label><input type="checkbox" checked={task.private} onChange={(e) => report(repository.edit(id, { private: e.target.checked }))} />Private</label>
      <label><input type="checkbox" checked={task.requiresApproval}
        onChange={(e) => report(repository.edit(id, { requiresApproval: e.target.checked }))} />Requires approval</label>
      <p className="meta">Id {task.id} · created by {task.createdBy} · origin {task.origin} · reopened {task.reopenCount}×
        {repository.view.isBlocked(task) ? ' · blocked' : ''}</p>
    </section>
  );
}
