// End of shift: my open tasks with their context, handed (all or a selection)
// to another operator with one note, in one action. Works offline: it is one
// local transaction that syncs when the relay is reachable. Rows are windowed,
// memoized and read their own highlight (use-highlighted.ts): j/k redraws two rows.
import { memo, useCallback, useMemo, useState } from 'react';
import type { TaskState } from '../../src-shared/domain/types';
import { useActions, useApp, useServices } from '../app/store-context';
import { handoffTasks, taskIds } from '../model/view-items';
import { hiddenIds } from '../store/pending-dismissals';
import { scrollIntoViewIfHighlighted, useHighlightScope, useIsHighlighted, type HighlightScope } from './use-highlighted';
import { formatDue, formatInstant, formatStamp } from './format';
import { shiftEndNotice } from '../../src-shared/domain/snooze';
import { useNameOf, useStatusLabel } from './TaskList';
import './rows.css';
import { WindowedRows } from './WindowedRows';
import type { RepositoryPort } from '../model/repository-port';

export function HandoffView() {
  const { repository } = useServices();
  const tasks = useApp((state) => state.tasks);
  const me = useApp((state) => state.me);
  const hidden = hiddenIds(useApp((state) => state.pending));
  const { openDialog, select } = useActions();
  const mine = handoffTasks(tasks, me, hidden);
  const scope = useHighlightScope('handoff', taskIds(mine).ids);
  const nameOf = useNameOf();
  const statusLabel = useStatusLabel();
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set());
  const chosen = mine.filter((task) => !unchecked.has(task.id)).map((task) => task.id);
  const settings = useApp((state) => state.config.settings);
  const shiftEnd = useMemo(() => {
    const notice = shiftEndNotice(Date.now(), settings.shiftEnds, settings.timeZone);
    if (!notice) return null;
    const local = formatInstant(new Date(notice.at).toISOString());
    return { ...notice, local: settings.timeZone ? local : null };
  }, [settings.shiftEnds, settings.timeZone]);
  const toggle = useCallback((id: string) => setUnchecked((previous) => {
    const next = new Set(previous);
    if (!next.delete(id)) next.add(id);
    return next;
  }), []);
  const minute = Math.floor(Date.now() / 60_000);
  const count = mine.length;
  const renderRow = useCallback((task: TaskState, index: number) => (
    <HandoffRow key={task.id} task={task} index={index} count={count} scope={scope} checked={!unchecked.has(task.id)} minute={minute}
      repository={repository} nameOf={nameOf} statusLabel={statusLabel} onToggle={toggle} onSelect={select} />
  ), [count, scope, unchecked, minute, repository, nameOf, statusLabel, toggle, select]);
  return (
    <section className="handoff-view task-section" aria-label="Hand off my open tasks">
      <h2>My open tasks <span className="count">{mine.length}</span></h2>
      {shiftEnd && <p className="muted">This shift ends at {shiftEnd.label}{shiftEnd.local !== null ? ` (${shiftEnd.local} here)` : ''}.</p>}
      <WindowedRows className="aligned-rows" rows={mine} scope={scope} estimate={30} renderRow={renderRow} />
      <button type="button" className="primary" disabled={chosen.length === 0}
        onClick={() => openDialog({ kind: 'handoff', taskIds: chosen })}>Hand off {chosen.length} task{chosen.length === 1 ? '' : 's'}…</button>
    </section>
  );
}

const HandoffRow = memo(function HandoffRow({ task, index, count, scope, checked, minute, repository, nameOf, statusLabel, onToggle, onSelect }: {
  task: TaskState;
  index: number;
  count: number;
  scope: HighlightScope;
  checked: boolean;
  minute: number;
  repository: RepositoryPort;
  nameOf: (userId: string | null) => string;
  statusLabel: (statusId: string) => string;
  onToggle(id: string): void;
  onSelect(id: string): void;
}) {
  const highlighted = useIsHighlighted(scope, task.id);
  const events = repository.view.events(task.id);
  const last = events[events.length - 1]?.event;
  return (
    <li aria-label={task.title} aria-current={highlighted ? 'true' : undefined} aria-posinset={index + 1} aria-setsize={count}
      className={`aligned-row handoff-row${highlighted ? ' selected' : ''}`} ref={scrollIntoViewIfHighlighted(highlighted)}
      onClick={() => onSelect(task.id)}>
      <input type="checkbox" aria-label={`Hand off ${task.title}`} checked={checked} onChange={() => onToggle(task.id)} />
      <span>{task.title}</span>
      <span>{statusLabel(task.status)}</span>
      <span>{formatDue(task, minute * 60_000)}</span>
      <span className="muted who-when">{last ? `${last.type.replace('task.', '').replace(/_/g, ' ')} by ${nameOf(last.actor)}, ${formatStamp(last.at)}` : ''}</span>
    </li>
  );
});
