// The Overview's charts, drawn as SVG (geometry as attributes, colour as classes:
// the strict CSP allows no inline styles). A horizontal bar chart where every bar
// is a button that filters the list, and a weekly created-vs-closed column chart.
import { weekTerms, type CountBar, type ThroughputWeek } from '../../src-shared/domain/overview';
import { clip, monthDay, onActivateKey } from './planning-support';

const ROW = 24;
const LABEL_W = 128;
const VALUE_W = 96;
const WIDTH = 420;

export interface ChartBar extends CountBar {
  /** Optional red share drawn from the left (overdue within an owner's open tasks). */
  late?: number;
  lateTerm?: string;
  fillClass: string;
}

export function BarChart({ title, bars, unit, onShow, focusFirst = false }: {
  title: string;
  /** The first bar is where Esc in the filter bar returns focus. */
  focusFirst?: boolean;
  bars: readonly ChartBar[];
  unit: (bar: ChartBar) => string;
  onShow: (term: string) => void;
}) {
  const max = Math.max(1, ...bars.map((bar) => bar.count));
  const track = WIDTH - LABEL_W - VALUE_W;
  const height = bars.length * ROW;
  if (bars.length === 0) return <p className="empty">No tasks.</p>;
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="group" aria-label={title}>
      {bars.map((bar, index) => {
        const y = index * ROW;
        const width = bar.count === 0 ? 0 : Math.max(2, (bar.count / max) * track);
        const lateWidth = bar.late ? Math.max(2, (bar.late / max) * track) : 0;
        const name = `${bar.label}: ${unit(bar)}. Show in the list`;
        return (
          <g key={bar.key} className="chart-row" role="button" tabIndex={0} aria-label={name} data-view-focus={focusFirst && index === 0 ? true : undefined}
            onClick={() => onShow(bar.term)} onKeyDown={onActivateKey(() => onShow(bar.term))}>
            <title>{name}</title>
            <rect className="hit" x={0} y={y + 1} width={WIDTH} height={ROW - 2} rx={4} />
            <text x={LABEL_W - 8} y={y + ROW / 2 + 4} textAnchor="end">{clip(bar.label, 18)}</text>
            <rect className="track" x={LABEL_W} y={y + 5} width={track} height={ROW - 10} rx={3} />
            <rect className={bar.fillClass} x={LABEL_W} y={y + 5} width={width} height={ROW - 10} rx={3} />
            {lateWidth > 0 && <rect className="fill-late" x={LABEL_W} y={y + 5} width={lateWidth} height={ROW - 10} rx={3} />}
            <text className="value" x={LABEL_W + track + 8} y={y + ROW / 2 + 4}>{unit(bar)}</text>
          </g>
        );
      })}
    </svg>
  );
}

export function ThroughputChart({ weeks, onShow }: { weeks: readonly ThroughputWeek[]; onShow: (term: string) => void }) {
  const height = 150;
  const base = height - 20;
  const left = 28;
  const slot = (WIDTH - left) / Math.max(1, weeks.length);
  const max = Math.max(1, ...weeks.map((week) => Math.max(week.created, week.closed)));
  const scale = (value: number) => (value / max) * (base - 14);
  const ticks = [0, Math.round(max / 2), max];
  const summary = weeks.map((week) => `week of ${monthDay.format(week.weekStart)}: ${week.created} created, ${week.closed} closed`).join('; ');
  return (
    <>
      <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="group" aria-label={`Weekly throughput. ${summary}`}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line className="gridline" x1={left} x2={WIDTH} y1={base - scale(tick)} y2={base - scale(tick)} />
            <text className="axis-label" x={left - 4} y={base - scale(tick) + 4} textAnchor="end">{tick}</text>
          </g>
        ))}
        {weeks.map((week, index) => {
          const x = left + index * slot + slot * 0.15;
          const w = slot * 0.34;
          return (
            <g key={week.weekStart}>
              <title>{`Week of ${monthDay.format(week.weekStart)}: ${week.created} created, ${week.closed} closed`}</title>
              <WeekColumn className="fill-created" x={x} width={w} base={base} height={scale(week.created)}
                name={`Created in the week of ${monthDay.format(week.weekStart)}: ${week.created}. Show in the list`}
                onShow={() => onShow(weekTerms(week.weekStart).created)} />
              <WeekColumn className="fill-closed" x={x + w + 1} width={w} base={base} height={scale(week.closed)}
                name={`Closed in the week of ${monthDay.format(week.weekStart)}: ${week.closed}. Show in the list`}
                onShow={() => onShow(weekTerms(week.weekStart).closed)} />
              {(weeks.length - 1 - index) % 2 === 0 && (
                <text className="axis-label" x={x + w} y={height - 4} textAnchor="middle">
                  {index === weeks.length - 1 ? 'this wk' : monthDay.format(week.weekStart)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul className="legend" aria-hidden="true">
        <li><span className="swatch swatch-created" />Created</li>
        <li><span className="swatch swatch-closed" />Closed</li>
      </ul>
    </>
  );
}

/** One column of the throughput chart: a button that filters the list to its week's tasks. */
function WeekColumn({ className, x, width, base, height, name, onShow }: {
  className: string; x: number; width: number; base: number; height: number; name: string; onShow: () => void;
}) {
  // The hit area spans the whole column, so an empty week is still reachable.
  return (
    <g className="chart-row" role="button" tabIndex={0} aria-label={name} onClick={onShow} onKeyDown={onActivateKey(onShow)}>
      <rect className="hit" x={x} y={0} width={width} height={base} rx={2} />
      <rect className={className} x={x} y={base - height} width={width} height={height} rx={2} />
    </g>
  );
}
