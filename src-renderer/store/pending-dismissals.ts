// Dismissals waiting out their undo window. The document must never see a
// dismissal that was undone, so nothing is written to it before the window
// ends; but a dismissal must not be lost if the app closes inside the window.
// So every pending dismissal is also written (synchronously) to localStorage:
// on `pagehide` they are committed at once, and on the next start any that
// are still recorded (the close did not get to persist them) are committed.
import type { TaskId } from '../../src-shared/domain/types';

export interface PendingDismissal {
  taskId: TaskId;
  reason: string;
  /** ms since epoch when the dismissal commits by itself. */
  deadline: number;
}

export interface PendingDismissalStorage {
  load(): PendingDismissal[];
  save(pending: readonly PendingDismissal[]): void;
}

export function localStoragePendingDismissals(key: string): PendingDismissalStorage {
  return {
    load() {
      const raw = window.localStorage.getItem(key);
      if (raw === null) return [];
      const parsed: unknown = JSON.parse(raw);
      if (!Array.isArray(parsed)) return [];
      return parsed.filter((entry): entry is PendingDismissal =>
        typeof entry?.taskId === 'string' && typeof entry?.reason === 'string' && typeof entry?.deadline === 'number');
    },
    save(pending) {
      if (pending.length === 0) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(pending));
    },
  };
}

export function memoryPendingDismissals(): PendingDismissalStorage & { items: PendingDismissal[] } {
  const store = {
    items: [] as PendingDismissal[],
    load: () => [...store.items],
    save: (pending: readonly PendingDismissal[]) => { store.items = [...pending]; },
  };
  return store;
}

export const DEFAULT_UNDO_MS = 10_000;

const hiddenCache = new WeakMap<ReadonlyMap<TaskId, PendingDismissal>, ReadonlySet<TaskId>>();

/**
 * The tasks a pending dismissal hides, as one set per `pending` map (the store
 * replaces the map on every change), so every view and memo that keys on it sees
 * the same object instead of a new set per keystroke.
 */
export function hiddenIds(pending: ReadonlyMap<TaskId, PendingDismissal>): ReadonlySet<TaskId> {
  let hidden = hiddenCache.get(pending);
  if (hidden === undefined) {
    hidden = new Set(pending.keys());
    hiddenCache.set(pending, hidden);
  }
  return hidden;
}
