// The highlighted row of a view: the same resolution the store uses for the
// keys (model/view-items.ts), over the rows the view renders.
import { useApp } from '../app/store-context';
import { resolveSelection, type ViewItems } from '../model/view-items';
import type { ViewName } from '../model/views';

export function useHighlighted(view: ViewName, kind: ViewItems['kind'], ids: readonly string[]): string | null {
  const chosen = useApp((state) => (view === 'list' ? state.selectedId : state.selections[view] ?? null));
  return resolveSelection({ kind, ids }, chosen);
}

/** Keep the highlighted element on screen as j/k move it. */
export function scrollIntoViewIfHighlighted(highlighted: boolean) {
  return (element: HTMLElement | null) => {
    if (highlighted && element) element.scrollIntoView({ block: 'nearest' });
  };
}
