// The key map: pure data plus one pure function, so it is unit-tested without a
// DOM and the `?` overlay and the README are generated from the same table.
//
// Rules: shortcuts never fire while the focus is in a text field (the operator
// is typing), except Esc, which always closes the innermost open thing. While a
// dialog is open only Esc is ours; the dialog handles its own keys. Modifier
// chords (Ctrl/Cmd/Alt) are left to the browser and the OS, except the two the
// table lists as `chords` (Ctrl/Cmd+K: palette, Ctrl/Cmd+Z: undo a dismissal).
//
// The command palette lists this same table (every action and view by name,
// with its key), so the `?` sheet, the palette and the README never disagree.

import { VIEWS, type ViewName } from '../model/views';

export type KeyAction =
  | 'create' | 'move-down' | 'move-up' | 'open' | 'close' | 'assign' | 'dismiss' | 'snooze'
  | 'toggle-select' | 'batch-close' | 'focus-filter' | 'help' | 'handoff' | 'approve'
  | 'request-changes' | 'reject' | 'submit' | 'complete' | 'first' | 'last'
  | 'palette' | 'undo' | 'status-prev' | 'status-next' | 'set-status' | 'complete-outcome'
  | `view-${ViewName}`;

export interface KeyBinding {
  action: KeyAction;
  /** KeyboardEvent.key values that trigger it. */
  keys: readonly string[];
  /** Keys that trigger it with Ctrl or Cmd held (even in a text field for the palette). */
  chords?: readonly string[];
  /** What the `?` overlay and the palette show for the keys. */
  label: string;
  /** The action's name in the palette (short, a verb). */
  name: string;
  description: string;
}

const binding = (action: KeyAction, keys: readonly string[], label: string, name: string, description: string, chords?: readonly string[]): KeyBinding =>
  ({ action, keys, label, name, description, ...(chords ? { chords } : {}) });

export const KEY_BINDINGS: readonly KeyBinding[] = [
  binding('palette', [], 'Ctrl/Cmd+K', 'Command palette', 'Command palette: run any action or view by name', ['k', 'K']),
  binding('create', ['c'], 'c', 'New task', 'New task (title, optional owner)'),
  binding('move-down', ['j', 'ArrowDown'], 'j / ↓', 'Next task', 'Select the next task'),
  binding('move-up', ['k', 'ArrowUp'], 'k / ↑', 'Previous task', 'Select the previous task'),
  binding('first', ['Home'], 'Home', 'First task', 'Select the first task'),
  binding('last', ['End'], 'End', 'Last task', 'Select the last task'),
  binding('open', ['Enter', 'o'], 'Enter', 'Open task', 'Open the selected task (in Review: the suggestion, with its rationale and evidence)'),
  binding('close', ['Escape'], 'Esc', 'Close', 'Close whatever is open'),
  binding('assign', ['e'], 'e', 'Assign', 'Assign an owner (type-ahead; the batch if any); in Review, edit the suggestion and approve it'),
  binding('dismiss', ['x'], 'x', 'Dismiss', 'Dismiss (10 seconds to undo), with quick reasons; the batch if any. In Review: reject with a reason (the batch after a confirm step)'),
  binding('undo', ['u'], 'u / Ctrl+Z', 'Undo dismissal', 'Undo the last dismissal (within its 10 seconds)', ['z', 'Z']),
  binding('snooze', ['s'], 's', 'Snooze', 'Snooze: 2 hours, end of shift, tomorrow 08:00 (the batch if any)'),
  binding('toggle-select', [' '], 'Space', 'Select for batch', 'Select for batch'),
  binding('batch-close', ['X'], 'Shift+X', 'Close batch', 'Close the batch (asks to confirm)'),
  binding('complete', ['d'], 'd', 'Mark done', 'Mark done (the batch if any)'),
  binding('complete-outcome', ['D'], 'Shift+D', 'Complete with outcome', 'Complete as passed, failed, skipped or completed (the batch if any)'),
  binding('status-prev', ['['], '[', 'Previous status', 'Move to the previous status (Board column)'),
  binding('status-next', [']'], ']', 'Next status', 'Move to the next status (Board column)'),
  binding('set-status', ['m'], 'm', 'Set status', 'Set the status: pick one (the batch if any); in Review, mute the suggestion\'s source for its entity'),
  binding('submit', ['p'], 'p', 'Submit for approval', 'Submit for approval'),
  binding('approve', ['a'], 'a', 'Approve', 'Approve (approvers); in Review, approve the suggestion (the batch after a confirm step)'),
  binding('request-changes', ['r'], 'r', 'Request changes', 'Request changes, with a reason (approvers)'),
  binding('reject', ['R'], 'Shift+R', 'Reject', 'Reject, with a reason (approvers)'),
  binding('handoff', ['h'], 'h', 'Hand off', 'Hand off the selection (or all my open tasks)'),
  binding('focus-filter', ['/'], '/', 'Filter', 'Focus the filter bar'),
  binding('help', ['?'], '?', 'Keyboard shortcuts', 'Show this list of keys'),
  ...VIEWS.map(({ view, label, key }) => binding(`view-${view}`, [key], key, `${label} view`, `${label} view`)),
];

/** The view a view-switching action shows, or null for any other action. */
export function viewOf(action: KeyAction): ViewName | null {
  return action.startsWith('view-') ? (action.slice('view-'.length) as ViewName) : null;
}

const BY_KEY = new Map<string, KeyAction>();
const BY_CHORD = new Map<string, KeyAction>();
for (const entry of KEY_BINDINGS) {
  for (const key of entry.keys) BY_KEY.set(key, entry.action);
  for (const key of entry.chords ?? []) BY_CHORD.set(key, entry.action);
}

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Focus is in an input, textarea, select or contenteditable element. */
  inTextField: boolean;
  /** The event repeats because the key is held down. */
  repeat?: boolean;
}

export interface KeyContext {
  /** A modal dialog (quick create, picker, confirm, help) is open. */
  dialogOpen: boolean;
}

/** Repeating is welcome for movement only; a held `x` must not dismiss a column of tasks. */
const REPEATABLE: ReadonlySet<KeyAction> = new Set(['move-down', 'move-up']);

export function resolveKey(input: KeyInput, context: KeyContext): KeyAction | null {
  if (input.altKey) return null;
  if (input.ctrlKey || input.metaKey) {
    const chord = BY_CHORD.get(input.key) ?? null;
    if (chord === null || context.dialogOpen || input.repeat) return null;
    // Ctrl/Cmd+Z in a field undoes typing; the palette opens from anywhere.
    return chord === 'palette' || !input.inTextField ? chord : null;
  }
  const action = BY_KEY.get(input.key) ?? null;
  if (action === null) return null;
  if (action === 'close') return 'close';
  if (input.inTextField || context.dialogOpen) return null;
  if (input.repeat && !REPEATABLE.has(action)) return null;
  return action;
}

/** Is the event target a place where the operator types text? */
export function isTextField(target: EventTarget | null): boolean {
  if (target === null || typeof (target as Element).tagName !== 'string') return false;
  const element = target as HTMLElement;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (element.isContentEditable) return true;
  if (tag !== 'INPUT') return false;
  const type = (element as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

/**
 * The palette's list for what the operator typed: every binding whose name (or
 * key) contains the typed letters in order, best first (a prefix, then letters
 * close together, then the table's order). Empty text lists everything.
 */
export function paletteMatches(text: string, bindings: readonly KeyBinding[] = KEY_BINDINGS): KeyBinding[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [...bindings];
  const scored: { entry: KeyBinding; score: number; index: number }[] = [];
  bindings.forEach((entry, index) => {
    const score = fuzzyScore(needle, entry.name.toLowerCase());
    if (score !== null) scored.push({ entry, score, index });
  });
  return scored.sort((a, b) => a.score - b.score || a.index - b.index).map(({ entry }) => entry);
}

/** Lower is better; null when the letters do not all occur in order. */
export function fuzzyScore(needle: string, haystack: string): number | null {
  if (haystack.startsWith(needle)) return 0;
  const word = haystack.indexOf(` ${needle}`);
  if (word >= 0) return 1;
  let at = -1;
  let gaps = 0;
  for (const char of needle) {
    if (char === ' ') continue;
    const next = haystack.indexOf(char, at + 1);
    if (next < 0) return null;
    if (at >= 0) gaps += next - at - 1;
    at = next;
  }
  return 2 + gaps;
}
