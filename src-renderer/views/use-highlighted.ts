// The highlighted row of a view: the same resolution the store uses for the
// keys (model/highlight-trail.ts), over the rows the view renders.
//
// Views with many rows do not read the highlight in the list component (that
// would redraw every row on every j/k): each row asks whether it is the
// highlighted one, so a keystroke redraws the two rows that changed.
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { useApp, useServices } from '../app/store-context';
import type { AppState } from '../store/app-store';
import type { ViewItems } from '../model/view-items';
import type { ViewName } from '../model/views';

export function useHighlighted(view: ViewName, ids: ViewItems['ids']): string | null {
  const chosen = useApp((state) => (view === 'list' ? state.selectedId : state.selections[view] ?? null));
  return useServices().store.getState().highlightTrail.resolve(view, ids, chosen);
}

/**
 * The rows a view shows, for its rows' `useIsHighlighted`. One store subscription
 * per list resolves the highlighted row and wakes only the row that lost it and
 * the row that gained it: a keystroke costs the same for 50 rows or 7,000.
 */
export interface HighlightScope {
  view: ViewName;
  /** The rows in order, and as a set for the per-update lookup. */
  list: readonly string[];
  ids: ReadonlySet<string>;
  first: string | null;
  current: string | null;
  listeners: Map<string, Set<() => void>>;
  /** Told on every change of the highlighted row (a windowed list scrolls to it). */
  moved: Set<() => void>;
}

/** The chosen row if shown, else the row that took its place, else the first (model/highlight-trail.ts). */
const resolveIn = (scope: Pick<HighlightScope, 'view' | 'list' | 'ids'>, state: AppState): string | null => {
  const chosen = scope.view === 'list' ? state.selectedId : state.selections[scope.view] ?? null;
  return state.highlightTrail.resolve(scope.view, scope.list, chosen, (id) => scope.ids.has(id));
};

export function useHighlightScope(view: ViewName, ids: readonly string[]): HighlightScope {
  const { store } = useServices();
  const scope = useMemo<HighlightScope>(() => {
    const created: HighlightScope = { view, list: ids, ids: new Set(ids), first: ids[0] ?? null, current: null, listeners: new Map(), moved: new Set() };
    created.current = resolveIn(created, store.getState());
    return created;
  }, [view, ids, store]);
  useEffect(() => {
    const notify = (id: string | null) => { if (id !== null) for (const listener of scope.listeners.get(id) ?? []) listener(); };
    const follow = (state: AppState) => {
      const next = resolveIn(scope, state);
      if (next === scope.current) return;
      const previous = scope.current;
      scope.current = next;
      notify(previous);
      notify(next);
      for (const listener of scope.moved) listener();
    };
    const stop = store.subscribe(follow);
    // The store may have moved between this scope's render and now.
    follow(store.getState());
    return stop;
  }, [scope, store]);
  return scope;
}

/** Is this row the view's highlighted one (the chosen row if shown, else the one that took its place)? */
export function useIsHighlighted(scope: HighlightScope, id: string): boolean {
  const subscribe = useCallback((listener: () => void) => {
    const set = scope.listeners.get(id) ?? new Set();
    set.add(listener);
    scope.listeners.set(id, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) scope.listeners.delete(id);
    };
  }, [scope, id]);
  return useSyncExternalStore(subscribe, () => scope.current === id);
}

/** Keep the highlighted element on screen as j/k move it. */
export function scrollIntoViewIfHighlighted(highlighted: boolean) {
  return (element: HTMLElement | null) => {
    if (highlighted && element) element.scrollIntoView({ block: 'nearest' });
  };
}
