// The list: a virtualized ARIA grid. Only the rows in view (plus a margin) are
// in the DOM, so 10,000 tasks cost the same per keystroke as 30. The grid keeps
// focus and points at the selected row with aria-activedescendant.
import { statusColor } from '../../src-shared/domain/statuses';
import { rowOf } from '../store/row-index';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useActions, useApp } from '../app/store-context';
import { ROW_HEIGHT, TaskRow, rowDomId } from './TaskRow';
import { EmptyList } from './EmptyList';
import { useLabels } from './use-labels';
import { useServices } from '../app/store-context';
import { readiness } from '../../src-shared/domain/prerequisites';
import { entityKindLabel, entityKinds } from '../model/entity-kinds';
import { ArchivedRows } from '../archive/ArchivedRows';
import { memoLast } from '../model/memo';

const OVERSCAN = 8;
const selectedRow = memoLast(rowOf);

export function ListView() {
  const visible = useApp((state) => state.visible);
  const selectedId = useApp((state) => state.selectedId);
  // A scan, not the lazy index, and only when the rows or the selection change: this selector runs on every store update.
  const selectedIndex = useApp((state) => selectedRow(state.visible, state.selectedId));
  const batch = useApp((state) => state.batch);
  const { select, openPanel, toggleBatch } = useActions();
  const statuses = useApp((state) => state.config.settings.statuses);
  const colorOf = (status: string) => {
    const definition = statuses.find((d) => d.id === status);
    return definition ? statusColor(definition) : undefined;
  };
  const labels = useLabels();
  const { repository } = useServices();
  const lookup = (id: string) => repository.view.get(id);
  const kinds = entityKinds(useApp((state) => state.config.settings));
  const linkText = (task: (typeof visible)[number]) => {
    const link = task.links[0];
    return link ? `${entityKindLabel(kinds, link.kind)} ${link.label || link.id}` : '';
  };
  const grid = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(800);
  // Minute granularity keeps memoized rows from re-rendering on every keystroke.
  const now = Math.floor(Date.now() / 60_000) * 60_000;

  useEffect(() => {
    const element = grid.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    setViewport(element.clientHeight);
    if (document.activeElement === document.body) element.focus();
    return () => observer.disconnect();
  }, []);

  // Keep the selected row on screen (before paint, so j/k never shows a blank frame).
  useLayoutEffect(() => {
    const element = grid.current;
    if (!element || selectedIndex < 0) return;
    const top = selectedIndex * ROW_HEIGHT;
    const header = ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight - header) {
      element.scrollTop = top + ROW_HEIGHT - element.clientHeight + header;
    }
    setScrollTop(element.scrollTop);
  }, [selectedIndex]);

  const onSelect = useCallback((id: string) => { select(id); grid.current?.focus(); }, [select]);
  const onOpen = useCallback((id: string) => openPanel(id), [openPanel]);
  const onToggle = useCallback((id: string) => toggleBatch(id), [toggleBatch]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(visible.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const rows = visible.slice(first, last);

  return (<>
    <div ref={grid} role="grid" aria-label="Tasks" aria-rowcount={visible.length + 1} aria-multiselectable="true"
      aria-activedescendant={selectedId !== null && selectedIndex >= 0 ? rowDomId(selectedId) : undefined}
      tabIndex={0} className="task-grid" onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="task-row head">
          <span role="columnheader" className="cell-check"><span className="visually-hidden">Batch</span></span>
          <span role="columnheader" className="cell-priority">Priority</span>
          <span role="columnheader" className="cell-title">Title</span>
          <span role="columnheader" className="cell-status">Status</span>
          <span role="columnheader" className="cell-owner">Owner</span>
          <span role="columnheader" className="cell-due">Due</span>
          <span role="columnheader" className="cell-link">Link</span>
          <span role="columnheader" className="cell-origin">Origin</span>
        </div>
      </div>
      <div role="rowgroup" className="grid-body" style={{ height: visible.length * ROW_HEIGHT }}>
        {rows.map((task, offset) => (
          <TaskRow key={task.id} task={task} statusLabel={labels.status(task.status)} statusColor={colorOf(task.status)} ownerName={labels.person(task.ownerId)}
            readiness={readiness(task, lookup)} linkText={linkText(task)} index={first + offset} selected={task.id === selectedId}
            inBatch={batch.has(task.id)} now={now} onSelect={onSelect} onOpen={onOpen} onToggleBatch={onToggle} />
        ))}
      </div>
      {visible.length === 0 && <EmptyList />}
    </div>
    <ArchivedRows />
  </>);
}
