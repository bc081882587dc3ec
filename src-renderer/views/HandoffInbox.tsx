// What others handed me and I have not acknowledged, above every view until I
// do: one entry per handoff (who, when, the note once, its N tasks) with
// Acknowledge all; each task can also be acknowledged alone. The whole inbox
// collapses to one line, and stays so while I switch views.
import { useId, useMemo, useState } from 'react';
import { useActions, useApp } from '../app/store-context';
import { handoffGroups, type HandoffGroup } from '../model/handoff-groups';
import { plural } from '../../src-shared/util/text';
import { formatStamp } from './format';
import { useNameOf } from './TaskList';
import './rows.css';

export function HandoffInbox() {
  const tasks = useApp((state) => state.tasks);
  const me = useApp((state) => state.me);
  const groups = useMemo(() => handoffGroups(tasks, me), [tasks, me]);
  const [collapsed, setCollapsed] = useState(false);
  const bodyId = useId();
  if (groups.length === 0) return null;
  const count = groups.reduce((sum, group) => sum + group.tasks.length, 0);
  return (
    <section className="handoff-inbox" aria-label="Handed to you">
      <div className="inbox-head">
        <h2>Handed to you</h2>
        <span className="muted">{plural(groups.length, 'handoff')}, {plural(count, 'task')}</span>
        <button type="button" aria-expanded={!collapsed} aria-controls={bodyId} onClick={() => setCollapsed(!collapsed)}>
          {collapsed ? 'Show handoffs' : 'Hide handoffs'}
        </button>
      </div>
      {!collapsed && (
        <div id={bodyId}>
          {groups.map((group) => <HandoffEntry key={group.handoffId} group={group} />)}
        </div>
      )}
    </section>
  );
}

function HandoffEntry({ group }: { group: HandoffGroup }) {
  const { acknowledgeHandoff, openPanel } = useActions();
  const nameOf = useNameOf();
  const from = nameOf(group.from);
  const label = `From ${from}, ${formatStamp(group.at)}: ${plural(group.tasks.length, 'task')}`;
  return (
    <section className="handoff-group" aria-label={label}>
      <div className="handoff-group-head">
        <strong className="handoff-from">from {from}</strong>
        <span className="muted">{formatStamp(group.at)} · {plural(group.tasks.length, 'task')}</span>
        {group.note !== '' && <q className="handoff-note">{group.note}</q>}
        <button type="button" aria-label={`Acknowledge all ${plural(group.tasks.length, 'task')} from ${from}`}
          onClick={() => { for (const task of group.tasks) acknowledgeHandoff(task.id); }}>Acknowledge all</button>
      </div>
      <ul>
        {group.tasks.map((task) => (
          <li key={task.id}>
            <button type="button" className="title-button" onClick={() => openPanel(task.id)}>{task.title}</button>
            <button type="button" aria-label={`Acknowledge ${task.title}`} onClick={() => acknowledgeHandoff(task.id)}>Acknowledge</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
