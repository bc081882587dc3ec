// The filter bar: the src-shared query language ("owner:me due:overdue"), sort
// and "show completed". `/` focuses it; Esc or Enter returns to the list.
import { useEffect, useRef } from 'react';
import { useActions, useApp } from '../app/store-context';
import type { SortKey } from '../model/visible-tasks';

export function FilterBar() {
  const input = useRef<HTMLInputElement>(null);
  const text = useApp((state) => state.filterText);
  const error = useApp((state) => state.filterError);
  const sort = useApp((state) => state.sort);
  const showCompleted = useApp((state) => state.showCompleted);
  const focusRequest = useApp((state) => state.focusFilterRequest);
  const { setFilter, setSort, setShowCompleted } = useActions();

  useEffect(() => {
    if (focusRequest > 0) input.current?.focus();
  }, [focusRequest]);

  return (
    <div className="filter-bar" role="search">
      <input ref={input} type="search" aria-label="Filter" placeholder="Filter: owner:me due:overdue priority:high  ( / )"
        value={text} aria-invalid={error !== null} aria-describedby={error ? 'filter-error' : undefined}
        onChange={(event) => setFilter(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === 'Escape') {
            event.preventDefault();
            // Back to the view: its own focus target if it names one (Overview, Calendar, Gantt), else the list's grid.
            (document.querySelector('[data-view-focus]') as HTMLElement | null ?? document.querySelector('[role="grid"]') as HTMLElement | null)?.focus();
          }
        }} />
      {error !== null && <span id="filter-error" className="error" role="alert">{error}</span>}
      <label>Sort
        <select value={sort} onChange={(event) => setSort(event.target.value as SortKey)}>
          <option value="due">Due</option>
          <option value="priority">Priority</option>
        </select>
      </label>
      <label><input type="checkbox" checked={showCompleted} onChange={(event) => setShowCompleted(event.target.checked)} />Show completed</label>
    </div>
  );
}
