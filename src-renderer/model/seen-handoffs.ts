// Whether "Handed to you" opens expanded. It costs every view its height, so it
// opens only for a handoff I have not seen yet and only while it is short; once
// seen (or when it holds more than a few tasks) it is one line with a Show
// button. Seen handoff ids are remembered per workspace and user in
// localStorage, so a reload or the next shift's start opens it collapsed.
import type { HandoffGroup } from './handoff-groups';

/** More pending tasks than this and the inbox opens collapsed even with something new in it. */
export const MAX_EXPANDED_TASKS = 5;
/** Handoff ids kept (newest last): enough for weeks of shifts, small enough to parse at start. */
const MAX_REMEMBERED = 200;

export interface SeenHandoffs {
  has(handoffId: string): boolean;
  add(handoffIds: readonly string[]): void;
}

export function opensExpanded(groups: readonly HandoffGroup[], seen: SeenHandoffs): boolean {
  const tasks = groups.reduce((sum, group) => sum + group.tasks.length, 0);
  return tasks <= MAX_EXPANDED_TASKS && groups.some((group) => !seen.has(group.handoffId));
}

export function localStorageSeenHandoffs(key: string): SeenHandoffs {
  const read = (): string[] => {
    try {
      const parsed: unknown = JSON.parse(window.localStorage.getItem(key) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return []; // An unreadable entry only means the inbox opens expanded once more.
    }
  };
  const ids = new Set(read());
  return {
    has: (handoffId) => ids.has(handoffId),
    add(handoffIds) {
      const fresh = handoffIds.filter((id) => !ids.has(id));
      if (fresh.length === 0) return;
      for (const id of fresh) ids.add(id);
      window.localStorage.setItem(key, JSON.stringify([...ids].slice(-MAX_REMEMBERED)));
    },
  };
}

export function memorySeenHandoffs(initial: readonly string[] = []): SeenHandoffs {
  const ids = new Set(initial);
  return { has: (id) => ids.has(id), add: (more) => { for (const id of more) ids.add(id); } };
}
