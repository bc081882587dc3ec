// Board: one column per workspace status. Dragging a card calls the same
// command path as the keyboard (submit for approval, complete, or a transition);
// a refused move shows the domain's reason and the card stays where it was.
import { statusColor } from '../../src-shared/domain/statuses';
import { useMemo, useState } from 'react';
import type { StatusDefinition } from '../../src-shared/domain/types';
import { boardColumns } from '../model/view-items';
import { scrollIntoViewIfHighlighted, useHighlighted } from './use-highlighted';
import { useActions, useApp, useServices } from '../app/store-context';
import { formatDue, outcomeLabel } from './format';
import { useLabels } from './use-labels';
import { ReadinessBadge } from './ReadinessBadge';
import { readiness } from '../../src-shared/domain/prerequisites';

const CARDS_PER_COLUMN = 200;

export function BoardView() {
  const { repository } = useServices();
  const tasks = useApp((state) => state.tasks);
  const visible = useApp((state) => state.visible);
  const query = useApp((state) => state.query);
  const sort = useApp((state) => state.sort);
  const me = useApp((state) => state.me);
  const pending = useApp((state) => state.pending);
  const { moveToStatus, select, openPanel } = useActions();
  // From the store's config, so a status added or renamed on any replica redraws the columns at once.
  const statuses = useApp((state) => state.config.settings.statuses);
  const [over, setOver] = useState<string | null>(null);
  const labels = useLabels();
  // The same columns the keys walk (model/view-items.ts), closed statuses included.
  const columns = useMemo(() => boardColumns({
    tasks, visible, query, sort, me, now: Date.now(), hidden: new Set(pending.keys()), repository,
  }, statuses), [tasks, visible, query, sort, me, pending, repository, statuses]);
  const highlighted = useHighlighted('board', 'task', [...columns.values()].flat().map((task) => task.id));

  const drop = (status: StatusDefinition, taskId: string) => {
    const task = repository.view.get(taskId);
    if (!task || task.status === status.id) return;
    // The repository decides what a move means (submit, complete, plain change).
    moveToStatus(taskId, status.id);
  };

  return (
    <div className="board" aria-label="Board">
      {statuses.map((status) => {
        const cards = columns.get(status.id) ?? [];
        // A status hidden from pickers keeps its column only while cards are in it.
        if (status.hidden && cards.length === 0) return null;
        return (
          <section key={status.id} aria-label={status.label} className={`board-column${over === status.id ? ' drop-target' : ''}`}
            onDragOver={(event) => { event.preventDefault(); setOver(status.id); }}
            onDragLeave={() => setOver(null)}
            onDrop={(event) => {
              event.preventDefault();
              setOver(null);
              drop(status, event.dataTransfer.getData('text/x-handoff-task'));
            }}>
            <h2><span className="status-swatch" aria-hidden="true" style={{ backgroundColor: statusColor(status) }} />{status.label} <span className="count">{cards.length}</span></h2>
            <ul>
              {cards.slice(0, CARDS_PER_COLUMN).map((task) => (
                <li key={task.id} draggable aria-label={task.title} aria-current={task.id === highlighted ? 'true' : undefined}
                  className={`card${task.id === highlighted ? ' selected' : ''}`} ref={scrollIntoViewIfHighlighted(task.id === highlighted)}
                  onDragStart={(event) => { event.dataTransfer.setData('text/x-handoff-task', task.id); event.dataTransfer.effectAllowed = 'move'; }}
                  onClick={() => select(task.id)} onDoubleClick={() => openPanel(task.id)}>
                  <span className={`priority-${task.priority}`}>{task.title}</span>
                  <span className="card-meta">{labels.person(task.ownerId)} {formatDue(task, Date.now())} {outcomeLabel(task)}
                    <ReadinessBadge readiness={readiness(task, (id) => repository.view.get(id))} /></span>
                </li>
              ))}
            </ul>
            {cards.length > CARDS_PER_COLUMN && <p className="more">+{cards.length - CARDS_PER_COLUMN} more (filter to narrow)</p>}
          </section>
        );
      })}
    </div>
  );
}
