// Board: one column per workspace status. Dragging a card calls the same
// command path as the keyboard (submit for approval, complete, or a transition);
// a refused move shows the domain's reason and the card stays where it was.
import { statusColor } from '../../src-shared/domain/statuses';
import { memo, useMemo, useState } from 'react';
import type { StatusDefinition, TaskState } from '../../src-shared/domain/types';
import { boardColumns, boardItems } from '../model/view-items';
import { hiddenIds } from '../store/pending-dismissals';
import { scrollIntoViewIfHighlighted, useHighlightScope, useIsHighlighted, type HighlightScope } from './use-highlighted';
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
  const hidden = hiddenIds(useApp((state) => state.pending));
  const { moveToStatus, select, openPanel } = useActions();
  // From the store's config, so a status added or renamed on any replica redraws the columns at once.
  const statuses = useApp((state) => state.config.settings.statuses);
  const [over, setOver] = useState<string | null>(null);
  const labels = useLabels();
  const reviewFilter = useApp((state) => state.reviewFilter);
  // The same columns (one memo) the keys walk (model/view-items.ts), closed statuses included.
  const columns = boardColumns({ tasks, visible, query, sort, me, now: Date.now(), hidden, repository, reviewFilter }, statuses);
  const scope = useHighlightScope('board', boardItems(columns).ids);
  // A column shows CARDS_PER_COLUMN cards: the stretch holding the highlighted card (j/k walk them all).
  // The selector returns only that stretch, so a keystroke inside it re-renders two cards, not the board.
  const placeOf = useMemo(() => {
    const place = new Map<string, { status: string; index: number }>();
    for (const [status, cards] of columns) cards.forEach((task, index) => place.set(task.id, { status, index }));
    return place;
  }, [columns]);
  const stretch = useApp((state) => {
    const chosen = state.selections.board;
    const place = chosen === undefined ? undefined : placeOf.get(chosen);
    return place ? `${place.status}:${Math.floor(place.index / CARDS_PER_COLUMN) * CARDS_PER_COLUMN}` : '';
  });

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
        const start = stretch.startsWith(`${status.id}:`) ? Number(stretch.slice(status.id.length + 1)) : 0;
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
              {cards.slice(start, start + CARDS_PER_COLUMN).map((task) => (
                <BoardCard key={task.id} task={task} ownerName={labels.person(task.ownerId)}
                  readiness={readiness(task, (id) => repository.view.get(id))} scope={scope} onSelect={select} onOpen={openPanel} />
              ))}
            </ul>
            {cards.length > CARDS_PER_COLUMN && (
              <p className="more">{start + 1}–{Math.min(cards.length, start + CARDS_PER_COLUMN)} of {cards.length} (j/k move through all; filter to narrow)</p>
            )}
          </section>
        );
      })}
    </div>
  );
}

/** A card reads its own highlight, so j/k redraws two cards, not the board. */
const BoardCard = memo(function BoardCard({ task, ownerName, readiness: ready, scope, onSelect, onOpen }: {
  task: TaskState;
  /** The owner's display name ("Unassigned" for none). */
  ownerName: string;
  readiness: 'blocked' | 'ready' | null;
  scope: HighlightScope;
  onSelect(id: string): void;
  onOpen(id: string): void;
}) {
  const highlighted = useIsHighlighted(scope, task.id);
  return (
    <li draggable aria-label={task.title} aria-current={highlighted ? 'true' : undefined}
      className={`card${highlighted ? ' selected' : ''}`} ref={scrollIntoViewIfHighlighted(highlighted)}
      onDragStart={(event) => { event.dataTransfer.setData('text/x-handoff-task', task.id); event.dataTransfer.effectAllowed = 'move'; }}
      onClick={() => onSelect(task.id)} onDoubleClick={() => onOpen(task.id)}>
      <span className={`priority-${task.priority}`}>{task.title}</span>
      <span className="card-meta">{ownerName} {formatDue(task, Date.now())} {outcomeLabel(task)}
        <ReadinessBadge readiness={ready} /></span>
    </li>
  );
});
