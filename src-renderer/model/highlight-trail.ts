// When a view's highlighted row leaves it (dismissed with x, completed, filtered
// out, approved), the highlight goes to the row that took its place: the next row
// of the list it was last seen in that is still shown, else the previous one (it
// was last), else the first. One rule for every view: the List's recompute, the
// store's keys and the views' own highlight all resolve through here, so what
// the keys act on is the row the operator sees highlighted.
import type { ViewName } from './views';

/** The row of `before` that takes the place of `gone` among the rows `isShown` keeps; null when none is left. */
export function replacementFor<T>(before: readonly T[], gone: T, isShown: (row: T) => boolean): T | null {
  const at = before.indexOf(gone);
  if (at < 0) return null;
  for (let index = at + 1; index < before.length; index += 1) if (isShown(before[index] as T)) return before[index] as T;
  for (let index = at - 1; index >= 0; index -= 1) if (isShown(before[index] as T)) return before[index] as T;
  return null;
}

interface Seen { id: string; ids: readonly string[] }

/** Each view's highlighted row and the rows it was last seen among (one per store; never rendered). */
export class HighlightTrail {
  private readonly seen = new Map<ViewName, Seen>();
  /** The last fallback, so a store update while the row stays gone does not walk the rows again. */
  private cached: { view: ViewName; chosen: string; ids: readonly string[]; result: string | null } | null = null;

  /** The highlighted row of `view` among `ids`: `chosen` if shown, else the row that took its place, else the first. */
  resolve(view: ViewName, ids: readonly string[], chosen: string | null | undefined, has: (id: string) => boolean = (id) => ids.includes(id)): string | null {
    if (chosen == null) return ids[0] ?? null;
    if (has(chosen)) {
      const last = this.seen.get(view);
      if (last?.id !== chosen || last.ids !== ids) this.seen.set(view, { id: chosen, ids });
      return chosen;
    }
    const cached = this.cached;
    if (cached && cached.view === view && cached.chosen === chosen && cached.ids === ids) return cached.result;
    const last = this.seen.get(view);
    const result = (last?.id === chosen ? replacementFor(last.ids, chosen, has) : null) ?? ids[0] ?? null;
    this.cached = { view, chosen, ids, result };
    return result;
  }
}
