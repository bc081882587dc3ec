import { useEffect, useState } from 'react';
import type { TaskState } from '../../src-shared/domain/types';
import { useActions, useServices } from '../app/store-context';

export function Checklist({ task, readOnly }: { task: TaskState; readOnly: boolean }) {
  const { repository } = useServices();
  const { report } = useActions();
  const [item, setItem] = useState('');
  useEffect(() => setItem(''), [task.id]);
  if (readOnly && task.checklist.length === 0) return null;
  const done = task.checklist.filter((entry) => entry.done).length;
  return (
    <section aria-label="Checklist" className="checklist">
      <h3>Checklist {task.checklist.length > 0 && <span className="count">{done}/{task.checklist.length}</span>}</h3>
      <ul>
        {task.checklist.map((entry) => (
          <li key={entry.id}>
            <label><input type="checkbox" checked={entry.done} disabled={readOnly}
              onChange={(event) => report(repository.dispatch(task.id, { type: 'task.checklist_toggled', payload: { itemId: entry.id, done: event.target.checked } }))} />
              {entry.text}</label>
            {!readOnly && <button type="button" className="chip-remove" aria-label={`Remove ${entry.text}`}
              onClick={() => report(repository.dispatch(task.id, { type: 'task.checklist_removed', payload: { itemId: entry.id } }))}>×</button>}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <form className="inline" onSubmit={(event) => {
          event.preventDefault();
          if (item.trim() && report(repository.addChecklistItem(task.id, item.trim()))) setItem('');
        }}>
          <input aria-label="New checklist item" placeholder="Checklist item" value={item} onChange={(e) => setItem(e.target.value)} />
          <button type="submit">Add item</button>
        </form>
      )}
    </section>
  );
}
