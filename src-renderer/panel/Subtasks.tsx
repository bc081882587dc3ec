// A task's subtasks with their status, and a one-field way to add one: the
// title only; it inherits the parent's links and queue, so it shows up beside
// the parent in every entity's list.
import { useState } from 'react';
import { isClosedCategory } from '../../src-shared/domain/statuses';
import { subtasksOf } from '../../src-shared/domain/prerequisites';
import type { TaskState } from '../../src-shared/domain/types';
import { useActions, useApp, useServices } from '../app/store-context';
import type { Labels } from '../model/labels';

export function Subtasks({ task, labels, readOnly }: { task: TaskState; labels: Labels; readOnly: boolean }) {
  const { repository } = useServices();
  const { report, openPanel } = useActions();
  const tasks = useApp((state) => state.tasks);
  const [title, setTitle] = useState('');
  const subtasks = subtasksOf(task.id, tasks);
  const done = subtasks.filter((subtask) => isClosedCategory(subtask.category)).length;
  if (readOnly && subtasks.length === 0) return null;
  return (
    <section aria-label="Subtasks" className="subtasks">
      <h3>Subtasks {subtasks.length > 0 && <span className="count">{done}/{subtasks.length} done</span>}</h3>
      {subtasks.length > 0 && (
        <ul>
          {subtasks.map((subtask) => (
            <li key={subtask.id} className={isClosedCategory(subtask.category) ? 'closed' : undefined}>
              <button type="button" className="title-button" onClick={() => openPanel(subtask.id)}>{subtask.title}</button>
              <span className={`status-pill category-${subtask.category}`}>{labels.status(subtask.status)}</span>
              <span className="detail">{labels.person(subtask.ownerId)}</span>
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <form className="inline" onSubmit={(event) => {
          event.preventDefault();
          const text = title.trim();
          if (!text) return;
          const created = repository.create({ title: text, parentId: task.id, links: task.links, queue: task.queue });
          if (report(created)) setTitle('');
        }}>
          <input aria-label="New subtask" placeholder="Subtask title" value={title} onChange={(e) => setTitle(e.target.value)} />
          <button type="submit">Add subtask</button>
        </form>
      )}
    </section>
  );
}
