// The key map: pure data plus one pure function, so it is unit-tested without a
// DOM and the `?` overlay and the README are generated from the same table.
//
// Rules: shortcuts never fire while the focus is in a text field (the operator
// is typing), except Esc, which always closes the innermost open thing. While a
// dialog is open only Esc is ours; the dialog handles its own keys. Modifier
// chords (Ctrl/Cmd/Alt) are left to the browser and the OS.

import { VIEWS, type ViewName } from '../model/views';

export type KeyAction =
  | 'create' | 'move-down' | 'move-up' | 'open' | 'close' | 'assign' | 'dismiss' | 'snooze'
  | 'toggle-select' | 'batch-close' | 'focus-filter' | 'help' | 'handoff' | 'approve'
  | 'request-changes' | 'reject' | 'submit' | 'complete' | 'first' | 'last'
  | `view-${ViewName}`;

export interface KeyBinding {
  action: KeyAction;
  /** KeyboardEvent.key values that trigger it. */
  keys: readonly string[];
  /** What the `?` overlay shows for the keys. */
  label: string;
  description: string;
}

export const KEY_BINDINGS: readonly KeyBinding[] = [
  { action: 'create', keys: ['c'], label: 'c', description: 'New task (title, optional owner)' },
  { action: 'move-down', keys: ['j', 'ArrowDown'], label: 'j / ↓', description: 'Select the next task' },
  { action: 'move-up', keys: ['k', 'ArrowUp'], label: 'k / ↑', description: 'Select the previous task' },
  { action: 'first', keys: ['Home'], label: 'Home', description: 'Select the first task' },
  { action: 'last', keys: ['End'], label: 'End', description: 'Select the last task' },
  { action: 'open', keys: ['Enter', 'o'], label: 'Enter', description: 'Open the selected task' },
  { action: 'close', keys: ['Escape'], label: 'Esc', description: 'Close whatever is open' },
  { action: 'assign', keys: ['e'], label: 'e', description: 'Assign an owner (type-ahead)' },
  { action: 'dismiss', keys: ['x'], label: 'x', description: 'Dismiss (10 seconds to undo)' },
  { action: 'snooze', keys: ['s'], label: 's', description: 'Snooze: 2 hours, end of shift, tomorrow 08:00' },
  { action: 'toggle-select', keys: [' '], label: 'Space', description: 'Select for batch' },
  { action: 'batch-close', keys: ['X'], label: 'Shift+X', description: 'Close the batch (asks to confirm)' },
  { action: 'complete', keys: ['d'], label: 'd', description: 'Mark done' },
  { action: 'submit', keys: ['p'], label: 'p', description: 'Submit for approval' },
  { action: 'approve', keys: ['a'], label: 'a', description: 'Approve (approvers)' },
  { action: 'request-changes', keys: ['r'], label: 'r', description: 'Request changes, with a reason (approvers)' },
  { action: 'reject', keys: ['R'], label: 'Shift+R', description: 'Reject, with a reason (approvers)' },
  { action: 'handoff', keys: ['h'], label: 'h', description: 'Hand off the selection (or all my open tasks)' },
  { action: 'focus-filter', keys: ['/'], label: '/', description: 'Focus the filter bar' },
  { action: 'help', keys: ['?'], label: '?', description: 'Show this list of keys' },
  ...VIEWS.map(({ view, label, key }): KeyBinding => ({ action: `view-${view}`, keys: [key], label: key, description: `${label} view` })),
];

/** The view a view-switching action shows, or null for any other action. */
export function viewOf(action: KeyAction): ViewName | null {
  return action.startsWith('view-') ? (action.slice('view-'.length) as ViewName) : null;
}

const BY_KEY = new Map<string, KeyAction>();
for (const binding of KEY_BINDINGS) for (const key of binding.keys) BY_KEY.set(key, binding.action);

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
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
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
