// End of shift: my open tasks with their context, handed (all or a selection)
// to another operator with one note, in one action. Works offline: it is one
// local transaction that syncs when the relay is reachable.
import { useMemo, useState } from 'react';
import { useActions, useApp, useServices } from '../app/store-context';
import { handoffTasks } from '../model/view-items';
import { scrollIntoViewIfHighlighted, useHighlighted } from './use-highlighted';
import { formatDue, formatInstant, formatStamp } from './format';
import { shiftEndNotice } from '../../src-shared/domain/snooze';

export function HandoffView() {
  const { repository } = useServices();
  const tasks = useApp((state) => state.tasks);
  const me = useApp((state) => state.me);
  const pending = useApp((state) => state.pending);
  const { openDialog, select } = useActions();
  const mine = useMemo(() => handoffTasks({ tasks, me, hidden: new Set(pending.keys()) }), [tasks, me, pending]);
  const highlighted = useHighlighted('handoff', 'task', mine.map((task) => task.id));
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set());
  const chosen = mine.filter((task) => !unchecked.has(task.id)).map((task) => task.id);
  const settings = useApp((state) => state.config.settings);
  const shiftEnd = useMemo(() => {
    const notice = shiftEndNotice(Date.now(), settings.shiftEnds, settings.timeZone);
    if (!notice) return null;
    const local = formatInstant(new Date(notice.at).toISOString());
    return { ...notice, local: settings.timeZone ? local : null };
  }, [settings.shiftEnds, settings.timeZone]);
  const toggle = (id: string) => {
    const next = new Set(unchecked);
    if (!next.delete(id)) next.add(id);
    setUnchecked(next);
  };
  return (
    <section className="handoff-view" aria-label="Hand off my open tasks">
      <h2>My open tasks <span className="count">{mine.length}</span></h2>
      {shiftEnd && <p className="muted">This shift ends at {shiftEnd.label}{shiftEnd.local !== null ? ` (${shiftEnd.local} here)` : ''}.</p>}
      <table>
        <thead><tr><th scope="col">Hand off</th><th scope="col">Task</th><th scope="col">Status</th><th scope="col">Due</th><th scope="col">Last activity</th></tr></thead>
        <tbody>
          {mine.map((task) => {
            const events = repository.view.events(task.id);
            const last = events[events.length - 1]?.event;
            return (
              <tr key={task.id} aria-label={task.title} aria-current={task.id === highlighted ? 'true' : undefined}
                className={task.id === highlighted ? 'selected' : undefined} ref={scrollIntoViewIfHighlighted(task.id === highlighted)}
                onClick={() => select(task.id)}>
                <td><input type="checkbox" aria-label={`Hand off ${task.title}`} checked={!unchecked.has(task.id)} onChange={() => toggle(task.id)} /></td>
                <td>{task.title}</td>
                <td>{task.status.replace(/_/g, ' ')}</td>
                <td>{formatDue(task, Date.now())}</td>
                <td>{last ? `${last.type.replace('task.', '').replace(/_/g, ' ')} by ${last.actor}, ${formatStamp(last.at)}` : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" className="primary" disabled={chosen.length === 0}
        onClick={() => openDialog({ kind: 'handoff', taskIds: chosen })}>Hand off {chosen.length} task{chosen.length === 1 ? '' : 's'}…</button>
    </section>
  );
}
