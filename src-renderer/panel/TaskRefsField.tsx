// Prerequisites and the parent: other tasks shown by title (with their status),
// chosen by searching titles — never by typing an id. A choice that would make
// a loop (a task waiting, through others, for itself) is not offered.
import { useCallback } from 'react';
import { wouldLoop } from '../../src-shared/domain/prerequisites';
import type { TaskId, TaskState } from '../../src-shared/domain/types';
import { useActions, useServices } from '../app/store-context';
import type { Labels } from '../model/labels';
import { searchTasks } from '../model/task-search';
import { PickCombobox } from './PickCombobox';

function useTaskSearch(task: TaskState, chosen: readonly TaskId[], next: (task: TaskState) => readonly TaskId[], labels: Labels) {
  const { repository } = useServices();
  return useCallback((text: string) => {
    const lookup = (id: TaskId) => repository.view.get(id);
    const allowed = (candidate: TaskState) => candidate.id !== task.id && !chosen.includes(candidate.id)
      && !wouldLoop(task.id, candidate.id, lookup, next);
    return searchTasks(repository.view.all(), text, allowed).map((found) => ({ id: found.id, label: found.title, detail: labels.status(found.status) }));
  }, [repository, task.id, chosen, next, labels]);
}

const prerequisitesOf = (task: TaskState) => task.blockedBy;
const parentOf = (task: TaskState) => (task.parentId === null ? [] : [task.parentId]);

function TaskChip({ taskId, labels, onRemove, removeLabel, readOnly }: { taskId: TaskId; labels: Labels; onRemove(): void; removeLabel: string; readOnly: boolean }) {
  const { repository } = useServices();
  const { openPanel } = useActions();
  const other = repository.view.get(taskId);
  return (
    <li className="chip chip-task">
      {other
        ? <button type="button" className="chip-open" onClick={() => openPanel(taskId)}>{other.title}<span className="detail"> · {labels.status(other.status)}</span></button>
        : <span className="detail">a task not in this replica</span>}
      {!readOnly && <button type="button" className="chip-remove" aria-label={removeLabel} onClick={onRemove}>×</button>}
    </li>
  );
}

export function PrerequisitesField({ task, labels, readOnly }: { task: TaskState; labels: Labels; readOnly: boolean }) {
  const { repository } = useServices();
  const { report } = useActions();
  const search = useTaskSearch(task, task.blockedBy, prerequisitesOf, labels);
  const titleOf = (id: TaskId) => repository.view.get(id)?.title ?? id;
  return (
    <div className="prop prop-list" role="group" aria-label="Waits for">
      <span className="prop-label">Waits for</span>
      <ul className="chips">
        {task.blockedBy.map((id) => (
          <TaskChip key={id} taskId={id} labels={labels} readOnly={readOnly} removeLabel={`Remove prerequisite ${titleOf(id)}`}
            onRemove={() => report(repository.dispatch(task.id, { type: 'task.prerequisite_removed', payload: { taskId: id } }))} />
        ))}
      </ul>
      {readOnly ? task.blockedBy.length === 0 && <span className="detail">nothing</span> : <PickCombobox label="Add prerequisite" placeholder="+ task it waits for" search={search}
        onPick={(option) => report(repository.dispatch(task.id, { type: 'task.prerequisite_added', payload: { taskId: option.id } }))}
        emptyMessage={(text) => `No task that could come first matches “${text}”.`} />}
    </div>
  );
}

export function ParentField({ task, labels, readOnly }: { task: TaskState; labels: Labels; readOnly: boolean }) {
  const { repository } = useServices();
  const { report } = useActions();
  const chosen = task.parentId === null ? [] : [task.parentId];
  const search = useTaskSearch(task, chosen, parentOf, labels);
  const setParent = (parentId: TaskId | null) => report(repository.dispatch(task.id, { type: 'task.parent_set', payload: { parentId } }));
  return (
    <div className="prop prop-list" role="group" aria-label="Parent">
      <span className="prop-label">Parent</span>
      {task.parentId !== null && (
        <ul className="chips">
          <TaskChip taskId={task.parentId} labels={labels} readOnly={readOnly} removeLabel="Remove parent" onRemove={() => setParent(null)} />
        </ul>
      )}
      {readOnly ? task.parentId === null && <span className="detail">none</span> : <PickCombobox label={task.parentId === null ? 'Set parent' : 'Change parent'} placeholder="+ parent task" search={search}
        onPick={(option) => setParent(option.id)} emptyMessage={(text) => `No task matches “${text}”.`} />}
    </div>
  );
}
