// The panel's side column: every property as a compact chip (status, owner,
// priority, due, type, queue, watchers, approvers, prerequisites, parent, tags,
// links). Each change is one repository command; a refused one shows why.
import { readiness } from '../../src-shared/domain/prerequisites';
import { pickableStatuses } from '../../src-shared/domain/statuses';
import { useState, type ReactNode } from 'react';
import { PRIORITIES, type Priority, type TaskState } from '../../src-shared/domain/types';
import { useActions, useApp, useServices } from '../app/store-context';
import { usePeople, usePersonCombobox } from '../dialogs/PersonCombobox';
import type { Labels } from '../model/labels';
import { priorityLabel } from '../views/format';
import { LinksField } from './LinksField';
import { PeopleField } from './PeopleField';
import { ParentField, PrerequisitesField } from './TaskRefsField';
import { TaskRefs } from '../archive/TaskRefs';
import '../archive/archive.css';
import { TextField } from './TextField';

function toLocalInput(iso: string | null): string {
  if (iso === null) return '';
  const at = new Date(iso);
  const offset = at.getTimezoneOffset() * 60_000;
  return new Date(at.getTime() - offset).toISOString().slice(0, 16);
}
const fromLocalInput = (value: string): string | null => (value === '' ? null : new Date(value).toISOString());

/** A date property; a closed task with none says "none" instead of an empty date input's mm/dd/yyyy. */
function DateProp({ label, value, readOnly, quietWhenEmpty = false, onChange }: {
  label: string; value: string | null; readOnly: boolean;
  /** An empty value shows a quiet "Set due"/"Set start" button, not the browser's mm/dd/yyyy placeholder, until clicked. */
  quietWhenEmpty?: boolean;
  onChange(iso: string | null): void;
}) {
  const [editing, setEditing] = useState(false);
  if (readOnly && value === null) return <div className="prop"><span className="prop-label">{label}</span><span className="muted">none</span></div>;
  if (quietWhenEmpty && value === null && !editing) {
    return (
      <div className="prop"><span className="prop-label" aria-hidden="true">{label}</span>
        <button type="button" className="quiet-set" onClick={() => setEditing(true)}>Set {label.toLowerCase()}</button></div>
    );
  }
  return (
    <label className="prop"><span className="prop-label">{label}</span>
      <input type="datetime-local" value={toLocalInput(value)} autoFocus={editing && value === null}
        onBlur={() => setEditing(false)} onChange={(e) => onChange(fromLocalInput(e.target.value))} /></label>
  );
}

/** The owner: only a member can be chosen (type-ahead by display name); emptying the field unassigns. */
function OwnerField({ ownerId, labels, onAssign }: { ownerId: string | null; labels: Labels; onAssign(ownerId: string | null): void }) {
  const people = usePeople();
  // Unassigned is an empty field (type a name to assign).
  const current = ownerId === null ? '' : labels.person(ownerId);
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
  return <div className="prop prop-owner"><span className="prop-label" aria-hidden="true">Owner</span>{field.element}</div>;
}

export function TaskProperties({ task, labels, readOnly, children }: {
  task: TaskState; labels: Labels; readOnly: boolean;
  /** More properties from other modules (a repeat rule, say), shown before the links. */
  children?: ReactNode;
}) {
  const { repository } = useServices();
  const { report, moveToStatus } = useActions();
  const settings = useApp((state) => state.config.settings);
  const id = task.id;
  const state = readiness(task, (other) => repository.view.get(other));

  const setTags = (text: string) => {
    const next = [...new Set(text.split(',').map((tag) => tag.trim()).filter(Boolean))];
    const add = next.filter((tag) => !task.tags.includes(tag));
    const remove = task.tags.filter((tag) => !next.includes(tag));
    if (add.length + remove.length > 0) report(repository.dispatch(id, { type: 'task.tagged', payload: { add, remove } }));
  };
  const person = (type: 'task.watcher_added' | 'task.watcher_removed' | 'task.approver_added' | 'task.approver_removed') =>
    (userId: string) => report(repository.dispatch(id, { type, payload: { userId } }));

  return (
    <section className="panel-side" aria-label="Properties">
      <fieldset disabled={readOnly} className="props">
        <legend className="visually-hidden">Properties</legend>
        <label className="prop"><span className="prop-label">Status</span>
          <select className={`status-select category-${task.category}`} value={task.status} onChange={(e) => moveToStatus(id, e.target.value)}>
            {pickableStatuses(settings.statuses, task.status).map((status) => <option key={status.id} value={status.id}>{status.label}</option>)}
          </select>
        </label>
        {state !== null && <p className={`prop readiness readiness-${state}`} role="note">{state === 'blocked' ? 'Blocked: waits for an open task' : 'Ready: every prerequisite is done'}</p>}
        <OwnerField key={task.ownerId ?? ''} ownerId={task.ownerId} labels={labels} onAssign={(ownerId) => report(repository.assign(id, ownerId))} />
        <label className="prop"><span className="prop-label">Priority</span>
          <select className={`priority-${task.priority}`} value={task.priority} onChange={(e) => report(repository.edit(id, { priority: e.target.value as Priority }))}>
            {PRIORITIES.map((priority) => <option key={priority} value={priority}>{priorityLabel[priority]}</option>)}
          </select>
        </label>
        <DateProp label="Due" value={task.dueAt} readOnly={readOnly} quietWhenEmpty onChange={(dueAt) => report(repository.schedule(id, { dueAt }))} />
        <DateProp label="Start" value={task.startAt} readOnly={readOnly} quietWhenEmpty onChange={(startAt) => report(repository.schedule(id, { startAt }))} />
        <label className="prop"><span className="prop-label">Type</span>
          <select value={task.type} onChange={(e) => report(repository.edit(id, { type: e.target.value }))}>
            {[...new Set([task.type, ...settings.taskTypes])].map((type) => <option key={type} value={type}>{labels.list(type)}</option>)}
          </select>
        </label>
        <label className="prop"><span className="prop-label">Queue</span>
          <select value={task.queue ?? ''} onChange={(e) => report(repository.edit(id, { queue: e.target.value || null }))}>
            <option value="">(none)</option>
            {[...new Set([...(task.queue ? [task.queue] : []), ...settings.queues])].map((queue) => <option key={queue} value={queue}>{labels.list(queue)}</option>)}
          </select>
        </label>
      </fieldset>
      {/* These handle read-only themselves: a closed task's prerequisite or parent still opens on a click. */}
      <PeopleField label="Watchers" noun="watcher" userIds={task.watchers} labels={labels}
        onAdd={person('task.watcher_added')} onRemove={person('task.watcher_removed')} readOnly={readOnly} />
      <PeopleField label="Approvers" noun="approver" userIds={task.approvers} labels={labels}
        onAdd={person('task.approver_added')} onRemove={person('task.approver_removed')} readOnly={readOnly} />
      <PrerequisitesField task={task} labels={labels} readOnly={readOnly} />
      <ParentField task={task} labels={labels} readOnly={readOnly} />
      {/* Task ids are global: a parent or prerequisite that left the live document opens from the archive. */}
      <TaskRefs label="Archived references" ids={[...(task.parentId ? [task.parentId] : []), ...task.blockedBy].filter((ref) => !repository.view.get(ref))} />
      <fieldset disabled={readOnly} className="props">
        <legend className="visually-hidden">Tags and flags</legend>
        <TextField className="prop" label="Tags" value={task.tags.join(', ')} placeholder={readOnly ? 'none' : 'tag, tag'} onCommit={setTags} />
        <label className="prop prop-flag"><input type="checkbox" checked={task.private} onChange={(e) => report(repository.edit(id, { private: e.target.checked }))} />Private</label>
        <label className="prop prop-flag"><input type="checkbox" checked={task.requiresApproval}
          onChange={(e) => report(repository.edit(id, { requiresApproval: e.target.checked }))} />Requires approval</label>
      </fieldset>
      {children}
      <LinksField task={task} readOnly={readOnly} />
      <p className="meta">Created by {labels.person(task.createdBy)} · {task.origin}{task.reopenCount > 0 ? ` · reopened ${task.reopenCount}×` : ''}</p>
    </section>
  );
}
