// A windowed list for the aligned-row views (My Day, Approvals, Handoff,
// Review): only the rows in the scrolling pane (plus a margin) are in the DOM,
// padding stands in for the rest, so a view of 7,000 rows costs a keystroke
// what one of 30 does. The pane is the nearest scrolling ancestor (the main
// area), shared by every list in it (My Day's four sections each window their
// own rows). When the highlight jumps beyond the drawn rows (Home/End, a
// filter), the pane scrolls there and the row's own scrollIntoView finishes.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { HighlightScope } from './use-highlighted';

/** Rows drawn beyond each edge of the pane: j/k always land on a row that is already drawn. */
const OVERSCAN = 20;

interface Range { first: number; last: number }

function scrollingAncestor(element: HTMLElement): HTMLElement {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    const { overflowY } = getComputedStyle(parent);
    if (overflowY === 'auto' || overflowY === 'scroll') return parent;
  }
  return document.scrollingElement as HTMLElement ?? document.documentElement;
}

export function WindowedRows<T extends { id: string }>({ rows, scope, className, estimate, renderRow }: {
  rows: readonly T[];
  /** The view's highlight (use-highlighted.ts): the list scrolls to it. */
  scope: HighlightScope;
  className: string;
  /** A row's height in px before one is measured. */
  estimate: number;
  /** A stable function drawing one row (a memoized component); it sets aria-posinset/setsize from `index`. */
  renderRow: (row: T, index: number) => ReactNode;
}) {
  const list = useRef<HTMLUListElement>(null);
  const pane = useRef<HTMLElement | null>(null);
  const [rowHeight, setRowHeight] = useState(estimate);
  const [range, setRange] = useState<Range>(() => ({ first: 0, last: Math.min(rows.length, 2 * OVERSCAN) }));
  const indexOf = useMemo(() => new Map(rows.map((row, index) => [row.id, index])), [rows]);
  const count = rows.length;

  // Which rows the pane shows now (from geometry only: no row needs to be drawn to know).
  const measure = (height = rowHeight) => {
    const element = list.current;
    if (!element) return;
    pane.current ??= scrollingAncestor(element);
    const top = element.getBoundingClientRect().top - pane.current.getBoundingClientRect().top;
    const first = Math.max(0, Math.min(count, Math.floor(-top / height) - OVERSCAN));
    const last = Math.max(first, Math.min(count, Math.ceil((pane.current.clientHeight - top) / height) + OVERSCAN));
    setRange((previous) => (previous.first === first && previous.last === last ? previous : { first, last }));
  };
  const latest = useRef(measure);
  latest.current = measure;

  // One row's real height, once rows are drawn (rows of a view are alike).
  useLayoutEffect(() => {
    const row = list.current?.querySelector(':scope > li');
    const height = row?.getBoundingClientRect().height ?? 0;
    if (height > 0 && Math.abs(height - rowHeight) > 0.5) setRowHeight(height);
    latest.current(height > 0 ? height : rowHeight);
  }, [count, rowHeight]);

  useEffect(() => {
    const element = list.current;
    if (!element) return;
    const target = (pane.current ??= scrollingAncestor(element));
    const onScroll = () => latest.current();
    target.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(onScroll);
    observer.observe(target);
    return () => {
      target.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, []);

  // Follow the highlight when it lands beyond the drawn rows.
  const follow = useRef<() => void>(() => undefined);
  follow.current = () => {
    const index = scope.current === null ? -1 : indexOf.get(scope.current) ?? -1;
    const element = list.current;
    if (index < 0 || !element || (index >= range.first && index < range.last)) return;
    const target = (pane.current ??= scrollingAncestor(element));
    const top = element.getBoundingClientRect().top - target.getBoundingClientRect().top + index * rowHeight;
    if (top < 0 || top + rowHeight > target.clientHeight) target.scrollTop += top - target.clientHeight / 3;
    latest.current();
  };
  useEffect(() => {
    const listener = () => follow.current();
    scope.moved.add(listener);
    listener();
    return () => { scope.moved.delete(listener); };
  }, [scope]);

  const { first } = range;
  const last = Math.min(range.last, count);
  return (
    <ul ref={list} className={className} style={{ paddingTop: first * rowHeight, paddingBottom: Math.max(0, count - last) * rowHeight }}>
      {rows.slice(first, last).map((row, offset) => renderRow(row, first + offset))}
    </ul>
  );
}
