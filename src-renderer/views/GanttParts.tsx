// The Gantt's three drawings: the time axis (sticky on top), the label column
// (sticky on the left; its rows are the listbox's options) and the chart with
// bars, prerequisite arrows and the today line. Only rows and ticks in view
// are drawn. Geometry is SVG attributes, colour is classes (strict CSP).
import { memo, type PointerEvent } from 'react';
import type { BarEdge } from '../../src-shared/domain/gantt';
import type { TaskState } from '../../src-shared/domain/types';
import { priorityLabel } from './format';
import { useOwnerLabel } from './use-owner-label';
import { ticks, type GanttRow, type Zoom } from './gantt-layout';
import { clip, dayTime } from './planning-support';
import { useIsHighlighted, type HighlightScope } from './use-highlighted';
import { withReadiness, type Readiness } from './ReadinessBadge';

export const ROW_H = 28;
export const LABEL_W = 280;
const BAR_H = 16;
const HANDLE_W = 6;

export interface Drag {
  taskId: string;
  edge: BarEdge;
  startX: number;
  dx: number;
}

const dates = (task: TaskState) =>
  `${task.startAt ? dayTime.format(Date.parse(task.startAt)) : 'no start'} to ${task.dueAt ? dayTime.format(Date.parse(task.dueAt)) : 'no due date'}`;

/** The time axis; memoized (its props do not change on j/k). */
export const GanttAxis = memo(function GanttAxis({ width, height, from, to, zoom, x, now }: {
  width: number; height: number; from: number; to: number; zoom: Zoom; x: (at: number) => number; now: number;
}) {
  return (
    <svg width={width} height={height} aria-hidden="true">
      {ticks(from, to, zoom).map((tick) => (
        <g key={tick.at}>
          {(tick.major || zoom === 'day') && <line className={`gridline${tick.major ? ' major' : ''}`} x1={x(tick.at)} x2={x(tick.at)} y1={0} y2={height} />}
          {tick.label && <text className={`tick${tick.major ? ' major' : ''}`} x={x(tick.at) + 4} y={height - 10}>{tick.label}</text>}
        </g>
      ))}
      <line className="today-line" x1={x(now)} x2={x(now)} y1={height - 8} y2={height} />
      <text className="today-label" x={x(now) + 4} y={11}>Today</text>
    </svg>
  );
});

/** The DOM id of a task's option (the listbox's aria-activedescendant). */
export const ganttOptionId = (id: string) => `gantt-${id}`;

/** The label column; memoized, and each label reads its own highlight: j/k redraws two labels. */
export const GanttLabels = memo(function GanttLabels({ rows, first, last, height, scope, statusLabel, readinessOf, onPick, onOpen, onHover }: {
  rows: readonly GanttRow[]; first: number; last: number; height: number; scope: HighlightScope;
  statusLabel: (id: string) => string; readinessOf: (task: TaskState) => Readiness;
  onPick: (id: string) => void; onOpen: (id: string) => void; onHover: (id: string | null) => void;
}) {
  const ownerName = useOwnerLabel();
  return (
    <svg className="gantt-labels" width={LABEL_W} height={height}>
      {rows.slice(first, last).map((row, offset) => {
        const y = (first + offset) * ROW_H;
        if (row.kind === 'group') {
          return (
            <g key={`group-${row.label}`} className="group-row" aria-hidden="true">
              <rect x={0} y={y} width={LABEL_W} height={ROW_H} />
              <text x={10} y={y + 18}>{row.label} <tspan className="group-count">{row.count.toLocaleString()}</tspan></text>
            </g>
          );
        }
        return (
          <GanttLabel key={row.task.id} task={row.task} y={y} scope={scope} ownerName={ownerName} readiness={readinessOf(row.task)}
            statusLabel={statusLabel} onPick={onPick} onOpen={onOpen} onHover={onHover} />
        );
      })}
    </svg>
  );
});

/** One option of the label column; memoized, so j/k redraws the two whose `active` changed. */
const GanttLabel = memo(function GanttLabel({ task, y, scope, ownerName, readiness, statusLabel, onPick, onOpen, onHover }: {
  task: TaskState; y: number; scope: HighlightScope; ownerName: (id: string | null) => string; readiness: Readiness; statusLabel: (id: string) => string;
  onPick: (id: string) => void; onOpen: (id: string) => void; onHover: (id: string | null) => void;
}) {
  const active = useIsHighlighted(scope, task.id);
  const link = task.links[0];
  const name = withReadiness([task.title, link ? `${link.kind} ${link.label || link.id}` : 'no link', statusLabel(task.status),
    ownerName(task.ownerId), priorityLabel[task.priority], dates(task)].join(', '), readiness);
  return (
    <g id={ganttOptionId(task.id)} role="option" aria-selected={active} aria-label={name}
      className={`task-label${active ? ' active' : ''}`}
      onClick={() => onPick(task.id)} onDoubleClick={() => onOpen(task.id)}
      onPointerEnter={() => onHover(task.id)} onPointerLeave={() => onHover(null)}>
      <rect x={0} y={y} width={LABEL_W} height={ROW_H} />
      <text x={18} y={y + 18}>{clip(task.title, readiness ? 22 : 30)}</text>
      {readiness && <text className={`readiness readiness-${readiness}`} x={LABEL_W - 76} y={y + 18} textAnchor="end">{readiness}</text>}
      <text className="muted" x={LABEL_W - 8} y={y + 18} textAnchor="end">{clip(ownerName(task.ownerId), 10)}</text>
    </g>
  );
});

/** The chart; memoized, and each bar and lane reads its own highlight: j/k redraws two bars. */
export const GanttChart = memo(function GanttChart(props: {
  rows: readonly GanttRow[]; rowOf: ReadonlyMap<string, number>; first: number; last: number; width: number; height: number;
  from: number; to: number; zoom: Zoom; x: (at: number) => number; now: number; scope: HighlightScope; drag: Drag | null; px: number;
  readinessOf: (task: TaskState) => Readiness;
  onDragStart: (taskId: string, edge: BarEdge, startX: number) => void;
  onPointerMove: (event: PointerEvent) => void; onPointerUp: () => void;
  onOpen: (id: string) => void; onHover: (id: string | null) => void;
}) {
  const { rows, rowOf, first, last, width, height, x, now, scope, drag, px } = props;
  const visibleTicks = ticks(props.from, props.to, props.zoom);
  const shown = rows.slice(first, last);
  const snapped = drag ? Math.round(drag.dx / px) * px : 0;
  // Bar geometry for a row (with a drag's preview applied), or null without dates.
  const barOf = (row: GanttRow) => {
    if (row.kind !== 'task' || row.span === null) return null;
    let left = x(row.span.start);
    let right = x(row.span.end);
    if (drag?.taskId === row.task.id) {
      if (drag.edge !== 'due') left += snapped;
      if (drag.edge !== 'start') right += snapped;
    }
    return { left, right: Math.max(right, left + 4) };
  };
  const arrows: { key: string; d: string }[] = [];
  for (const [offset, row] of shown.entries()) {
    if (row.kind !== 'task' || row.task.blockedBy.length === 0) continue;
    const to = barOf(row);
    if (!to) continue;
    const y2 = (first + offset) * ROW_H + ROW_H / 2;
    for (const blocker of row.task.blockedBy) {
      const index = rowOf.get(blocker);
      if (index === undefined || index < first || index >= last) continue;
      const from = barOf(rows[index] as GanttRow);
      if (!from) continue;
      const y1 = index * ROW_H + ROW_H / 2;
      const bend = Math.max(from.right + 8, Math.min(to.left - 8, from.right + 24));
      arrows.push({ key: `${blocker}-${row.task.id}`, d: `M ${from.right} ${y1} H ${bend} V ${y2} H ${to.left - 1}` });
    }
  }
  return (
    <svg width={width} height={height} onPointerMove={props.onPointerMove} onPointerUp={props.onPointerUp} onPointerCancel={props.onPointerUp}>
      <defs>
        <marker id="gantt-arrow" viewBox="0 0 8 8" refX={7} refY={4} markerWidth={7} markerHeight={7} orient="auto">
          <path className="arrowhead" d="M 0 0 L 8 4 L 0 8 z" />
        </marker>
      </defs>
      <g aria-hidden="true">
        {props.zoom !== 'month' && visibleTicks.filter((tick) => tick.weekend).map((tick) => (
          <rect key={`w${tick.at}`} className="weekend" x={x(tick.at)} y={first * ROW_H} width={px} height={(last - first) * ROW_H} />
        ))}
        {shown.map((row, offset) => row.kind === 'group'
          ? <rect key={`g${first + offset}`} className="group-band" x={0} y={(first + offset) * ROW_H} width={width} height={ROW_H} />
          : <ActiveLane key={row.task.id} id={row.task.id} scope={scope} y={(first + offset) * ROW_H} width={width} />)}
        {visibleTicks.filter((tick) => tick.major || props.zoom === 'day').map((tick) => (
          <line key={`t${tick.at}`} className={`gridline${tick.major ? ' major' : ''}`} x1={x(tick.at)} x2={x(tick.at)} y1={first * ROW_H} y2={last * ROW_H} />
        ))}
      </g>
      {shown.map((row, offset) => {
        if (row.kind !== 'task') return null;
        const y = (first + offset) * ROW_H;
        const bar = barOf(row);
        const { task } = row;
        if (!bar) return <text key={task.id} className="undated" x={x(now) + 6} y={y + 18}>no dates</text>;
        const short = row.span !== null && (!row.span.hasStart || !row.span.hasDue);
        return (
          <GanttBar key={task.id} task={task} y={y} left={bar.left} right={bar.right} short={short} scope={scope} readiness={props.readinessOf(task)}
            dragging={drag?.taskId === task.id} labelled={props.zoom !== 'month'} onDragStart={props.onDragStart}
            onHover={props.onHover} onOpen={props.onOpen} />
        );
      })}
      <g aria-hidden="true">
        {arrows.map((arrow) => <path key={arrow.key} className="dependency" d={arrow.d} markerEnd="url(#gantt-arrow)" />)}
        <line className="today-line" x1={x(now)} x2={x(now)} y1={0} y2={height} />
      </g>
    </svg>
  );
});

/** The highlighted task's lane across the chart (nothing for the other rows). */
function ActiveLane({ id, scope, y, width }: { id: string; scope: HighlightScope; y: number; width: number }) {
  return useIsHighlighted(scope, id) ? <rect className="lane active" x={0} y={y} width={width} height={ROW_H} /> : null;
}

/** One task's bar with its drag handles; memoized, so j/k redraws the two whose `active` changed. */
const GanttBar = memo(function GanttBar({ task, y, left, right, short, scope, readiness, dragging, labelled, onDragStart, onHover, onOpen }: {
  task: TaskState; y: number; left: number; right: number; short: boolean; scope: HighlightScope; readiness: Readiness; dragging: boolean; labelled: boolean;
  onDragStart: (taskId: string, edge: BarEdge, startX: number) => void; onHover: (id: string | null) => void; onOpen: (id: string) => void;
}) {
  const active = useIsHighlighted(scope, task.id);
  const start = (which: BarEdge) => (event: PointerEvent) => {
    if (event.button !== 0) return;
    event.stopPropagation();
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
    onDragStart(task.id, which, event.clientX);
  };
  return (
    <g role="button" aria-label={withReadiness(`${task.title}: ${dates(task)}`, readiness)}
      className={`bar${active ? ' active' : ''}${dragging ? ' dragging' : ''}`}
      onPointerDown={start('both')} onPointerEnter={() => onHover(task.id)} onPointerLeave={() => onHover(null)}
      onClick={() => onOpen(task.id)}>
      <rect className={`body fill-${task.category}${short ? ' short' : ''}`} x={left} y={y + (ROW_H - BAR_H) / 2}
        width={right - left} height={BAR_H} rx={4} />
      <rect className="handle" data-edge="start" x={left - 2} y={y + (ROW_H - BAR_H) / 2} width={HANDLE_W} height={BAR_H}
        onPointerDown={start('start')} />
      <rect className="handle" data-edge="due" x={right - HANDLE_W + 2} y={y + (ROW_H - BAR_H) / 2} width={HANDLE_W} height={BAR_H}
        onPointerDown={start('due')} />
      {labelled && <text className="bar-label" x={right + 6} y={y + 18}>{clip(task.title, 40)}{readiness && <tspan className={`readiness readiness-${readiness}`}> {readiness}</tspan>}</text>}
    </g>
  );
});
