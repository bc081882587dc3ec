// Changes the relay refused (close 4409) and that could not be re-appended, kept in localStorage
// until the user exports or dismisses them: nothing an honest user made is lost silently. The
// rebuild itself (a fresh replica from the relay, re-appending what is still allowed) is in
// browser-host.ts with the shared rules in src-shared/doc/refusal-recovery.ts.
import type { RefusalExport } from '../../src-shared/doc/refusal-recovery';

const isExport = (value: unknown): value is RefusalExport =>
  typeof value === 'object' && value !== null && Array.isArray((value as RefusalExport).changes) &&
  typeof (value as RefusalExport).relayReason === 'string';

export function loadRefusals(key: string): RefusalExport | null {
  try {
    const raw = window.localStorage.getItem(key);
    const parsed: unknown = raw === null ? null : JSON.parse(raw);
    return isExport(parsed) ? parsed : null;
  } catch {
    // An unreadable entry is moved aside, not dropped: it may be the only copy.
    window.localStorage.setItem(`${key}:unreadable:${Date.now()}`, window.localStorage.getItem(key) ?? '');
    return null;
  }
}

/** Adds to what is already kept (two refusals in a row keep both sets of changes). */
export function saveRefusals(key: string, next: RefusalExport): RefusalExport {
  const previous = loadRefusals(key);
  const merged: RefusalExport = previous
    ? { ...next, changes: [...previous.changes, ...next.changes.filter((c) => !previous.changes.some((p) => p.event.id === c.event.id))] }
    : next;
  window.localStorage.setItem(key, JSON.stringify(merged));
  return merged;
}

export function clearRefusals(key: string): void {
  window.localStorage.removeItem(key);
}
