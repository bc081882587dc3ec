// One window-level keydown listener turns keys into store actions through the
// pure key map. Shortcuts never fire while the operator types in a field.
import { isOpen } from '../../src-shared/domain/due';
import { useEffect } from 'react';
import { isTextField, resolveKey, viewOf, type KeyAction } from '../keyboard/keymap';
import { VIEWS } from '../model/views';
import { runReviewAction } from './review-keys';
import type { AppServices } from './store-context';
import type { Dialog } from '../store/app-store';

/** While the read-only preview shows, only moving around works. */
const PREVIEW_ACTIONS: ReadonlySet<KeyAction> = new Set([
  'move-down', 'move-up', 'first', 'last', 'close', 'focus-filter', 'help',
  ...VIEWS.map(({ view }) => `view-${view}` as const),
]);

/** Keys that need no row: they work whatever the view shows. */
const VIEW_KEYS: ReadonlySet<KeyAction> = new Set(['create', 'move-down', 'move-up', 'first', 'last', 'close', 'focus-filter', 'help', 'handoff', 'palette', 'undo']);

/** Open a dialog over the action's targets (the batch, else the highlighted task), if there are any. */
function openForTargets(services: AppServices, open: (taskIds: string[]) => Dialog): void {
  const state = services.store.getState();
  const targets = state.targets();
  if (targets.length > 0) state.openDialog(open(targets));
}

export function runAction(action: KeyAction, services: AppServices): void {
  const state = services.store.getState();
  const view = viewOf(action);
  if (view) return state.setView(view);
  // The current view's highlighted row: keys never act on a row the view does not show.
  const selection = state.selection();
  if (selection?.kind === 'suggestion') {
    // The review queue's rows are suggestions (review-keys.ts); other task keys do nothing there.
    if (runReviewAction(action, state, selection.id) || !VIEW_KEYS.has(action)) return;
  }
  const selected = selection?.kind === 'task' ? selection.id : null;
  switch (action) {
    case 'create': return state.openDialog({ kind: 'create' });
    case 'move-down': return state.move(1);
    case 'move-up': return state.move(-1);
    case 'first': return state.moveToEdge('first');
    case 'last': return state.moveToEdge('last');
    case 'open': return state.openPanel();
    case 'close': return state.closeTop();
    case 'assign': return openForTargets(services, (taskIds) => ({ kind: 'assign', taskIds }));
    case 'dismiss': return state.dismiss();
    case 'undo': return state.undoLastDismissal();
    case 'snooze': return openForTargets(services, (taskIds) => ({ kind: 'snooze', taskIds }));
    case 'toggle-select': return state.toggleBatch();
    case 'batch-close': return openForTargets(services, (taskIds) => ({ kind: 'confirm-batch-close', taskIds }));
    case 'set-status': return openForTargets(services, (taskIds) => ({ kind: 'set-status', taskIds }));
    case 'complete-outcome': return openForTargets(services, (taskIds) => ({ kind: 'outcome', taskIds }));
    case 'status-prev': return state.stepStatus(-1);
    case 'status-next': return state.stepStatus(1);
    case 'palette': return state.openDialog({ kind: 'palette' });
    case 'focus-filter': return state.requestFilterFocus();
    case 'help': return state.openDialog({ kind: 'help' });
    case 'handoff': {
      // The selection for batch, or else every open task I own.
      const ids = state.batch.size > 0 ? [...state.batch]
        : state.tasks.filter((task) => task.ownerId === state.me && isOpen(task)).map((task) => task.id);
      return state.openDialog({ kind: 'handoff', taskIds: ids });
    }
    case 'complete': return void state.completeMany(state.targets());
    case 'submit': if (selected) state.submit(selected); return;
    case 'approve': if (selected) state.approve(selected); return;
    case 'request-changes': if (selected) state.openDialog({ kind: 'reason', action: 'request-changes', taskId: selected }); return;
    case 'reject': if (selected) state.openDialog({ kind: 'reason', action: 'reject', taskId: selected }); return;
    default: return;
  }
}

export function useKeyboard(services: AppServices): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const state = services.store.getState();
      const action = resolveKey({
        key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey,
        inTextField: isTextField(event.target), repeat: event.repeat,
      }, { dialogOpen: state.dialog !== null });
      if (action === null) return;
      if (services.preview && !PREVIEW_ACTIONS.has(action)) return;
      // Enter and Space on a focused button or link belong to that control.
      const target = event.target as HTMLElement | null;
      if ((action === 'open' || action === 'toggle-select') && target && ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName)) return;
      event.preventDefault();
      runAction(action, services);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [services]);
}
