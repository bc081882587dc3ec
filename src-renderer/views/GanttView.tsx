// Gantt (seed 004): bars from start to due coloured by status category, grouped
// by entity link kind ("No link" last), a today line, zoom day / week / month,
// prerequisites as arrows when both bars are on screen, the entity context of
// the hovered or active task below the chart. Rows are virtualized (only those
// in view are drawn), so 10,000 tasks scroll like 30.
// Keys: ↑/↓ or j/k move and Enter opens the panel through the app's key map (the
// chart's rows are its VIEW_ITEMS, so d, x, e… act on the active bar too); local
// to the chart: PageUp/PageDown, Shift+←/→ moves the due date a day, [ / ] the
// start, ←/→ scroll the timeline. Dragging
// a bar's end (or its middle, for both) reschedules through repository.schedule.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import './planning.css';
import { EmptyList } from './EmptyList';
import { shiftSchedule, type BarEdge } from '../../src-shared/domain/gantt';
import type { TaskState } from '../../src-shared/domain/types';
import { useActions, useApp, useServices } from '../app/store-context';
import { GanttChart, GanttLabels, GanttAxis, ROW_H, LABEL_W, ganttOptionId, type Drag } from './GanttParts';
import { DAY_MS, ZOOM_PX, ZOOMS, type Zoom } from './gantt-layout';
import { ganttItems, ganttLayoutAt } from '../model/view-items';
import { useHighlightScope } from './use-highlighted';
import { readiness } from '../../src-shared/domain/prerequisites';
import { useOwnerLabel } from './use-owner-label';
import { dayTime, useSchedule } from './planning-support';

const OVERSCAN = 6;
const HEAD_H = 34;

function Context({ task, statusLabel, titleOf }: { task: TaskState | undefined; statusLabel: (id: string) => string; titleOf: (id: string) => string }) {
  const ownerName = useOwnerLabel();
  if (!task) return <div className="gantt-context" aria-live="polite"><span className="muted">Hover or select a bar to see what it is about.</span></div>;
  const links = task.links.map((link) => `${link.kind} ${link.label || link.id}`).join(', ');
  return (
    <div className="gantt-context" aria-live="polite" aria-label="Task context">
      <strong>{task.title}</strong>
      <span>{links || 'No link'}</span>
      <span>{statusLabel(task.status)} · {ownerName(task.ownerId)}</span>
      <span className="muted">{task.startAt ? dayTime.format(Date.parse(task.startAt)) : 'no start'} → {task.dueAt ? dayTime.format(Date.parse(task.dueAt)) : 'no due date'}</span>
      {task.blockedBy.length > 0 && <span className="muted">After: {task.blockedBy.map(titleOf).join(', ')}</span>}
    </div>
  );
}

export function GanttView() {
  const { repository } = useServices();
  const visible = useApp((state) => state.visible);
  const active = useApp((state) => state.selections.gantt ?? null);
  const { openPanel, select } = useActions();
  const schedule = useSchedule();
  // From the store's config: it follows a status renamed on another replica.
  const statuses = useApp((state) => state.config.settings.statuses);
  const statusLabel = useCallback((id: string) => statuses.find((status) => status.id === id)?.label ?? id, [statuses]);
  const [zoom, setZoom] = useState<Zoom>('week');
  // The chart's "now" moves by the minute, so the layout is reused between visits.
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  // The same memo the keys walk (model/view-items.ts).
  const layout = ganttLayoutAt(visible, now);
  // Bars and labels read their own highlight from this scope: j/k redraws two of each, not the chart.
  const scope = useHighlightScope('gantt', ganttItems(layout).ids);
  // Recomputed with the tasks (a new `visible`), which is when a prerequisite can close.
  const readinessOf = useCallback((task: TaskState) => readiness(task, (id) => repository.view.get(id)), [repository, visible]);
  const setActive = select;
  const [hover, setHover] = useState<string | null>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [scroll, setScroll] = useState({ top: 0, left: 0, width: 1200, height: 600 });
  const scroller = useRef<HTMLDivElement>(null);
  const dragged = useRef(false);
  const px = ZOOM_PX[zoom];
  // Stable between keystrokes, so the memoized axis and rows are not redrawn by j/k.
  const x = useCallback((at: number) => ((at - layout.start) / DAY_MS) * px, [layout.start, px]);
  // At least as wide as the pane, so a short range at month zoom still fills it.
  const width = Math.max(Math.ceil(x(layout.end)), scroll.width - LABEL_W);

  const taskRows = layout.rows;
  const activeIndex = active !== null ? layout.rowOf.get(active) ?? -1 : -1;
  // The active task falls back to the first one shown (and follows a filter that removes it).
  const firstTask = taskRows.findIndex((row) => row.kind === 'task');
  const current = activeIndex >= 0 ? activeIndex : firstTask;
  const currentTask = current >= 0 ? taskRows[current] : undefined;
  const currentId = currentTask?.kind === 'task' ? currentTask.task.id : null;

  const measure = () => {
    const element = scroller.current;
    if (!element) return;
    const next = { top: element.scrollTop, left: element.scrollLeft, width: element.clientWidth, height: element.clientHeight };
    // An unchanged viewport is not a new state: no second render per keystroke.
    setScroll((previous) => (previous.top === next.top && previous.left === next.left && previous.width === next.width
      && previous.height === next.height ? previous : next));
  };
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (document.activeElement === document.body) element.focus();
    return () => observer.disconnect();
  }, []);
  /** Today a quarter of the way into the timeline. */
  const scrollToToday = () => {
    const element = scroller.current;
    if (!element) return;
    element.scrollLeft = Math.max(0, x(now) - (element.clientWidth - LABEL_W) / 4);
    measure();
  };
  // On open and on every zoom change.
  useLayoutEffect(scrollToToday, [zoom]);
  // Keep the active row on screen before paint. From the last measured viewport, not the DOM's: reading
  // scrollTop or clientHeight right after j/k restyled two bars forces a layout on every key (~2 ms).
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || current < 0) return;
    const top = current * ROW_H;
    const view = scroll.height - HEAD_H;
    const next = top < scroll.top ? Math.max(0, top - ROW_H) : top + ROW_H > scroll.top + view ? top + ROW_H - view : scroll.top;
    if (next === scroll.top) return;
    element.scrollTop = next;
    measure();
  }, [current]);

  const move = (delta: number) => {
    let index = current;
    for (let step = 0; step < Math.abs(delta) || taskRows[index]?.kind !== 'task'; ) {
      const next = index + Math.sign(delta);
      if (next < 0 || next >= taskRows.length) break;
      index = next;
      if (taskRows[index]?.kind === 'task') step += 1;
    }
    const row = taskRows[index];
    if (row?.kind === 'task') setActive(row.task.id);
  };
  const shift = (taskId: string, which: BarEdge, days: number) => {
    const task = repository.view.get(taskId);
    const dates = task ? shiftSchedule(task, which, days) : null;
    if (dates) schedule(taskId, dates);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const pageRows = Math.max(1, Math.floor((scroll.height - HEAD_H) / ROW_H) - 1);
    const element = scroller.current;
    const key = event.key;
    if (key === 'PageDown') move(pageRows);
    else if (key === 'PageUp') move(-pageRows);
    else if (event.shiftKey && (key === 'ArrowRight' || key === 'ArrowLeft') && currentId) shift(currentId, 'due', key === 'ArrowRight' ? 1 : -1);
    else if ((key === '[' || key === ']') && currentId) shift(currentId, 'start', key === ']' ? 1 : -1);
    else if ((key === 'ArrowRight' || key === 'ArrowLeft') && element) element.scrollLeft += (key === 'ArrowRight' ? 1 : -1) * Math.max(px, 96);
    else return;
    event.preventDefault();
  };

  // Stable handlers reading this render's drag through a ref, so the memoized chart is not redrawn by j/k.
  const latest = useRef({ drag, px, shift });
  latest.current = { drag, px, shift };
  const onPointerMove = useCallback((event: PointerEvent) => {
    const current = latest.current.drag;
    if (current) setDrag({ ...current, dx: event.clientX - current.startX });
  }, []);
  const onPointerUp = useCallback(() => {
    const { drag: current, px: scale, shift: reschedule } = latest.current;
    if (!current) return;
    const days = Math.round(current.dx / scale);
    // The click that ends a drag does not open the panel.
    dragged.current = Math.abs(current.dx) > 3;
    setDrag(null);
    if (days !== 0) reschedule(current.taskId, current.edge, days);
  }, []);

  const first = Math.max(0, Math.floor(scroll.top / ROW_H) - OVERSCAN);
  const last = Math.min(taskRows.length, Math.ceil((scroll.top + scroll.height) / ROW_H) + OVERSCAN);
  const windowFrom = layout.start + ((scroll.left - LABEL_W) / px) * DAY_MS;
  const windowTo = layout.start + ((scroll.left + scroll.width) / px) * DAY_MS;
  const height = Math.max(taskRows.length * ROW_H, 1);
  const contextId = hover ?? currentId;
  // Ids are global: a prerequisite that left the live document is in the archive.
  const titleOf = (id: string) => repository.view.get(id)?.title ?? `archived task ${id}`;
  const onPick = useCallback((id: string) => { setActive(id); scroller.current?.focus(); }, [setActive]);
  const onDragStart = useCallback((taskId: string, which: BarEdge, startX: number) => {
    setActive(taskId);
    setDrag({ taskId, edge: which, startX, dx: 0 });
  }, [setActive]);
  const onBarOpen = useCallback((id: string) => { if (dragged.current) dragged.current = false; else openPanel(id); }, [openPanel]);

  return (
    <div className="gantt" aria-label="Gantt">
      <div className="gantt-toolbar">
        <div role="group" aria-label="Zoom">
          {ZOOMS.map((option) => (
            <button key={option.zoom} type="button" aria-pressed={zoom === option.zoom} onClick={() => setZoom(option.zoom)}>{option.label}</button>
          ))}
        </div>
        <button type="button" onClick={scrollToToday}>Today</button>
        <span className="hint">↑↓ move · Enter opens · Shift+←/→ due ±1 day · [ ] start ±1 day · drag a bar's ends</span>
      </div>
      <div ref={scroller} className="gantt-scroll" role="listbox" aria-label="Gantt tasks" tabIndex={0} data-view-focus
        aria-activedescendant={currentId ? ganttOptionId(currentId) : undefined} onKeyDown={onKeyDown} onScroll={measure}>
        <div className="gantt-head">
          <div className="gantt-corner">{visible.length.toLocaleString()} tasks by link</div>
          <GanttAxis width={width} height={HEAD_H} from={windowFrom} to={windowTo} zoom={zoom} x={x} now={now} />
        </div>
        <div className="gantt-body">
          <GanttLabels rows={taskRows} first={first} last={last} height={height} scope={scope}
            statusLabel={statusLabel} readinessOf={readinessOf} onPick={onPick} onOpen={openPanel} onHover={setHover} />
          <GanttChart rows={taskRows} rowOf={layout.rowOf} first={first} last={last} width={width} height={height}
            from={windowFrom} to={windowTo} zoom={zoom} x={x} now={now} scope={scope} drag={drag} px={px} readinessOf={readinessOf}
            onDragStart={onDragStart} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onHover={setHover} onOpen={onBarOpen} />
        </div>
        {visible.length === 0 && <EmptyList />}
      </div>
      <Context task={contextId ? repository.view.get(contextId) : undefined} statusLabel={statusLabel} titleOf={titleOf} />
    </div>
  );
}
