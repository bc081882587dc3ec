// The highlighted row of a view: the same resolution the store uses for the
// keys (model/view-items.ts), over the rows the view renders.
//
// Views with many rows do not read the highlight in the list component (that
// would redraw every row on every j/k): each row asks whether it is the
// highlighted one, so a keystroke redraws the two rows that changed.
import { useMemo } from 'react';
import { useApp } from '../app/store-context';
import { resolveSelection, type ViewItems } from '../model/view-items';
import type { ViewName } from '../model/views';

export function useHighlighted(view: ViewName, kind: ViewItems['kind'], ids: readonly string[]): string | null {
  const chosen = useApp((state) => (view === 'list' ? state.selectedId : state.selections[view] ?? null));
  return resolveSelection({ kind, ids }, chosen);
}

/** The rows a view shows, for its rows' `useIsHighlighted`. */
export interface HighlightScope {
  view: ViewName;
  ids: ReadonlySet<string>;
  first: string | null;
}

export function useHighlightScope(view: ViewName, ids: readonly string[]): HighlightScope {
  return useMemo(() => ({ view, ids: new Set(ids), first: ids[0] ?? null }), [view, ids]);
}

/** Is this row the view's highlighted one (the chosen row if shown, else the first)? */
export function useIsHighlighted(scope: HighlightScope, id: string): boolean {
  return useApp((state) => {
    const chosen = scope.view === 'list' ? state.selectedId : state.selections[scope.view] ?? null;
    return chosen !== null && scope.ids.has(chosen) ? chosen === id : id === scope.first;
  });
}

/** Keep the highlighted element on screen as j/k move it. */
export function scrollIntoViewIfHighlighted(highlighted: boolean) {
  return (element: HTMLElement | null) => {
    if (highlighted && element) element.scrollIntoView({ block: 'nearest' });
  };
}
