// What others handed me and I have not acknowledged: on top of every view
// until I do, with who, what, when and the note.
import { useMemo } from 'react';
import { useActions, useApp } from '../app/store-context';
import { isPendingHandoffFor } from '../../src-shared/domain/sorting';
import { formatStamp } from './format';

export function HandoffInbox() {
  const tasks = useApp((state) => state.tasks);
  const me = useApp((state) => state.me);
  const { acknowledgeHandoff, openPanel } = useActions();
  const incoming = useMemo(() => tasks.filter((task) => isPendingHandoffFor(task, me)), [tasks, me]);
  if (incoming.length === 0) return null;
  return (
    <section className="handoff-inbox" aria-label="Handed to you">
      <h2>Handed to you</h2>
      <ul>
        {incoming.map((task) => task.handoff && (
          <li key={task.id}>
            <button type="button" className="title-button" onClick={() => openPanel(task.id)}>{task.title}</button>
            <span className="handoff-from">from {task.handoff.from}, {formatStamp(task.handoff.at)}</span>
            {task.handoff.note !== '' && <q className="handoff-note">{task.handoff.note}</q>}
            <button type="button" aria-label={`Acknowledge ${task.title}`} onClick={() => acknowledgeHandoff(task.id)}>Acknowledge</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
