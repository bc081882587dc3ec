// What others handed me and I have not acknowledged, above every view until I
// do: one entry per handoff (who, when, the note once, its N tasks) with
// Acknowledge all; each task can also be acknowledged alone. It takes every
// view's height, so it is one line (who, how many, the newest note) unless a
// short handoff I have not seen yet arrives (model/seen-handoffs.ts); what I
// choose (Show / Hide) holds while I switch views.
import { useEffect, useId, useMemo, useState } from 'react';
import { useActions, useApp, useServices } from '../app/store-context';
import { handoffGroups, type HandoffGroup } from '../model/handoff-groups';
import { localStorageSeenHandoffs, opensExpanded } from '../model/seen-handoffs';
import { plural } from '../../src-shared/util/text';
import { formatStamp } from './format';
import { useNameOf } from './TaskList';
import './rows.css';

export function HandoffInbox() {
  const tasks = useApp((state) => state.tasks);
  const me = useApp((state) => state.me);
  const { workspaceId } = useServices().host.identity;
  const nameOf = useNameOf();
  const groups = useMemo(() => handoffGroups(tasks, me), [tasks, me]);
  const seen = useMemo(() => localStorageSeenHandoffs(`handoff:${workspaceId}:${me}:seen-handoffs`), [workspaceId, me]);
  const [expanded, setExpanded] = useState(() => opensExpanded(groups, seen));
  const unseenKey = groups.filter((group) => !seen.has(group.handoffId)).map((group) => group.handoffId).join(' ');
  // A new short handoff opens the inbox; once it is open, what it shows counts as seen.
  useEffect(() => {
    if (unseenKey !== '' && opensExpanded(groups, seen)) setExpanded(true);
  }, [unseenKey]); // Only a new handoff reopens it, not every change to the tasks.
  useEffect(() => {
    if (expanded && unseenKey !== '') seen.add(unseenKey.split(' '));
  }, [expanded, unseenKey, seen]);
  const bodyId = useId();
  if (groups.length === 0) return null;
  const count = groups.reduce((sum, group) => sum + group.tasks.length, 0);
  const senders = [...new Set(groups.map((group) => nameOf(group.from)))].join(', ');
  const newestNote = groups.find((group) => group.note !== '')?.note;
  return (
    <section className={`handoff-inbox${expanded ? '' : ' collapsed'}`} aria-label="Handed to you">
      <div className="inbox-head">
        <h2>Handed to you</h2>
        <span className="muted">{plural(groups.length, 'handoff')}, {plural(count, 'task')}{expanded ? '' : ` from ${senders}`}</span>
        {!expanded && newestNote !== undefined && <q className="handoff-note inbox-summary-note" title={newestNote}>{newestNote}</q>}
        <button type="button" aria-expanded={expanded} aria-controls={bodyId} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Hide handoffs' : 'Show handoffs'}
        </button>
      </div>
      {expanded && (
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
        {group.note !== '' && <q className="handoff-note" title={group.note}>{group.note}</q>}
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
