import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { replica, TEAM } from '../../src-shared/doc/test-support';
import { createAppStore } from './app-store';
import { memoryPendingDismissals } from './pending-dismissals';

function setup(actor = 'alice', options: { undoMs: number | undefined } = { undoMs: 10_000 }) {
  const { undoMs } = options;
  // Members and roles come from the document: replica() writes TEAM into its members log (as the relay would).
  const repository = replica(actor, TEAM);
  const timers: { callback: () => void; ms: number; cleared: boolean }[] = [];
  const pendingStorage = memoryPendingDismissals();
  const store = createAppStore({
    repository, me: actor, pendingStorage, undoMs,
    setTimer: (callback, ms) => { const timer = { callback, ms, cleared: false }; timers.push(timer); return timer; },
    clearTimer: (handle) => { (handle as { cleared: boolean }).cleared = true; },
  });
  const stop = store.getState().start();
  expect(store.getState().members.map((m) => m.userId).sort()).toEqual(TEAM.map((m) => m.userId).sort());
  return { repository, store, timers, pendingStorage, stop };
}

const titles = (store: ReturnType<typeof setup>['store']) => store.getState().visible.map((task) => task.title);

describe('app store', () => {
  it('creates tasks and selects the new one; j/k move within bounds', () => {
    const { store } = setup();
    const a = store.getState().createTask('First', null);
    expect(store.getState().selectedId).toBe(a);
    store.getState().createTask('Second', 'bob');
    store.getState().createTask('Third', null);
    expect(titles(store)).toEqual(['First', 'Second', 'Third']);
    store.getState().moveToEdge('first');
    store.getState().move(1);
    expect(store.getState().visible[store.getState().visibleIndex.get(store.getState().selectedId!)!]!.title).toBe('Second');
    store.getState().move(5);
    expect(store.getState().selectedId).toBe(store.getState().visible[2]!.id);
    store.getState().move(-10);
    expect(store.getState().selectedId).toBe(a);
  });

  it('hides a dismissed task at once but writes nothing until the undo window ends', () => {
    const { store, repository, timers, pendingStorage } = setup();
    const id = store.getState().createTask('Noise', null)!;
    store.getState().dismiss(id);
    expect(titles(store)).toEqual([]);
    expect(repository.view.events(id).map((e) => e.event.type)).toEqual(['task.created']);
    expect(pendingStorage.items.map((p) => p.taskId)).toEqual([id]);
    expect(timers[0]!.ms).toBe(10_000);
    store.getState().undoDismiss(id);
    expect(titles(store)).toEqual(['Noise']);
    expect(timers[0]!.cleared).toBe(true);
    expect(pendingStorage.items).toEqual([]);

    store.getState().dismiss(id);
    timers[1]!.callback();
    expect(repository.view.get(id)!.category).toBe('canceled');
    expect(repository.view.get(id)!.resolution).toBe('dismissed');
    expect(pendingStorage.items).toEqual([]);
    expect(store.getState().toasts.filter((t) => t.kind === 'undo')).toEqual([]);
  });

  it('keeps the 10-second undo window when the caller passes undoMs: undefined (no URL knob)', () => {
    const { store, timers, repository } = setup('alice', { undoMs: undefined });
    const id = store.getState().createTask('Keep me', null) as string;
    store.getState().dismiss(id);
    expect(timers.at(-1)?.ms).toBe(10_000);
    expect(store.getState().pending.get(id)?.deadline).toBeGreaterThan(Date.now() + 9_000);
    expect(repository.view.get(id)?.category).not.toBe('canceled');
  });

  it('commits pending dismissals when the app closes, and leftovers on the next start', () => {
    const first = setup();
    const id = first.store.getState().createTask('Close me', null)!;
    first.store.getState().dismiss(id);
    first.stop();
    expect(first.repository.view.get(id)!.resolution).toBe('dismissed');

    // A session that died before it could commit: the record is found at start.
    const second = setup();
    const other = second.repository.create({ title: 'Left over' });
    if (!other.ok) throw new Error(other.error.message);
    second.pendingStorage.save([{ taskId: other.value.id, reason: 'Dismissed during triage', deadline: 0 }]);
    second.store.getState().start();
    expect(second.repository.view.get(other.value.id)!.resolution).toBe('dismissed');
  });

  it('shows the domain\'s message when a command is refused', () => {
    const { store } = setup();
    const id = store.getState().createTask('Needs sign-off', null)!;
    store.getState().approve(id);
    const errors = store.getState().toasts.filter((t) => t.kind === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message.length).toBeGreaterThan(5);
  });

  it('filters with the query language and keeps the last good filter on a typo', () => {
    const { store } = setup();
    store.getState().createTask('Mine', 'alice');
    store.getState().createTask('Bobs', 'bob');
    store.getState().setFilter('owner:me');
    expect(titles(store)).toEqual(['Mine']);
    store.getState().setFilter('owner:me priority:sky-high');
    expect(store.getState().filterError).not.toBeNull();
    expect(titles(store)).toEqual(['Mine']);
    // Quick create in a filtered view takes its defaults from the filter.
    store.getState().setFilter('owner:me');
    store.getState().createTask('Also mine', null);
    expect(titles(store)).toEqual(['Mine', 'Also mine']);
  });

  it('Esc closes the dialog, then the panel, then the batch', () => {
    const { store } = setup();
    const id = store.getState().createTask('One', null)!;
    store.getState().toggleBatch(id);
    store.getState().openPanel(id);
    store.getState().openDialog({ kind: 'help' });
    store.getState().closeTop();
    expect(store.getState().dialog).toBeNull();
    expect(store.getState().panelTaskId).toBe(id);
    store.getState().closeTop();
    expect(store.getState().panelTaskId).toBeNull();
    store.getState().closeTop();
    expect(store.getState().batch.size).toBe(0);
  });

  it('hands off open tasks and puts them on top of the receiver\'s list until acknowledged', () => {
    const alice = setup('alice');
    const bob = setup('bob');
    bob.store.getState().createTask('Bob own', 'bob');
    const id = alice.store.getState().createTask('For the next shift', 'alice')!;
    expect(alice.store.getState().handOff([id], 'bob', 'Call the carrier at 9')).toBe(true);
    Y.applyUpdate(bob.repository.doc, Y.encodeStateAsUpdate(alice.repository.doc));
    return new Promise((resolve) => setTimeout(resolve, 0)).then(() => {
      expect(titles(bob.store)[0]).toBe('For the next shift');
      const task = bob.repository.view.get(id)!;
      expect(task.handoff).toMatchObject({ from: 'alice', to: 'bob', note: 'Call the carrier at 9', acknowledged: false });
      bob.store.getState().acknowledgeHandoff(id);
      expect(bob.repository.view.get(id)!.handoff!.acknowledged).toBe(true);
    });
  });
});

describe('per-view selection (keys act on the row the view highlights)', () => {
  it('j/k in Approvals walk only the tasks awaiting approval; the List keeps its own selection', async () => {
    const { store } = setup('carol');
    const cones = store.getState().createTask('Restock gate B2 cones', null)!;
    const a = store.getState().createTask('Approve refund A', null)!;
    const b = store.getState().createTask('Approve refund B', null)!;
    store.getState().submit(a);
    store.getState().submit(b);
    expect(store.getState().toasts).toEqual([]);
    await Promise.resolve(); // the store takes the repository's new snapshot in a microtask
    store.getState().select(cones);
    store.getState().setView('approvals');
    // Nothing chosen in Approvals yet: its first row is highlighted, not the List's task.
    expect(store.getState().selectedTask()).toBe(a);
    store.getState().move(1);
    expect(store.getState().selectedTask()).toBe(b);
    store.getState().move(1);
    expect(store.getState().selectedTask()).toBe(b);
    store.getState().move(-1);
    expect(store.getState().targets()).toEqual([a]);
    store.getState().setView('list');
    expect(store.getState().selectedTask()).toBe(cones);
    store.getState().setView('approvals');
    expect(store.getState().selectedTask()).toBe(a);
  });

  it('My Day walks its sections in order; the review queue selects suggestions, not tasks', () => {
    const { store } = setup('alice');
    const other = store.getState().createTask('Not mine', 'bob')!;
    const mine = store.getState().createTask('Mine', 'alice')!;
    store.getState().select(other);
    store.getState().setView('my-day');
    expect(store.getState().selectedTask()).toBe(mine);
    store.getState().setView('review');
    expect(store.getState().selection()).toBeNull();
    expect(store.getState().targets()).toEqual([]);
  });

  it('a bulk action applies to the tasks it can and names the refused ones with their reason', () => {
    const { store, repository } = setup();
    const ids = ['One', 'Two', 'Three'].map((title) => store.getState().createTask(title, null)!);
    repository.complete(ids[2]!);
    for (const id of ids) store.getState().toggleBatch(id);
    store.getState().completeMany(store.getState().targets(), 'passed');
    expect(ids.map((id) => repository.view.get(id)!.resolution)).toEqual(['passed', 'passed', 'completed']);
    const summary = store.getState().toasts.at(-1)!;
    expect(summary.kind).toBe('error');
    expect(summary.message).toMatch(/^2 of 3 tasks completed as passed\. Not completed as passed: "Three" is /);
    expect(store.getState().batch.size).toBe(0);
  });

  it('u undoes the last dismissal; a chosen reason commits with that reason', async () => {
    const { store, repository } = setup();
    const first = store.getState().createTask('First', null)!;
    const second = store.getState().createTask('Second', null)!;
    store.getState().dismiss(first);
    store.getState().dismiss(second);
    store.getState().undoLastDismissal();
    expect(store.getState().pending.has(second)).toBe(false);
    expect(store.getState().pending.has(first)).toBe(true);
    store.getState().dismissWithReason(first, 'Duplicate');
    expect(repository.view.get(first)!.dismissalReason).toBe('Duplicate');
    await Promise.resolve();
    expect(titles(store)).toEqual(['Second']);
  });

  it('[ and ] step the highlighted task through the workspace statuses', () => {
    const { store, repository } = setup();
    const id = store.getState().createTask('Step', null)!;
    store.getState().stepStatus(1);
    expect(repository.view.get(id)!.status).toBe('in_progress');
    store.getState().stepStatus(-1);
    expect(repository.view.get(id)!.status).toBe('todo');
  });

  it('a dismissal waits while its reason is being typed', () => {
    const { store, repository, timers } = setup();
    const id = store.getState().createTask('Typing', null)!;
    store.getState().dismiss(id);
    store.getState().openDialog({ kind: 'dismiss-reason', taskId: id });
    timers.at(-1)!.callback();
    expect(repository.view.get(id)!.category).toBe('unstarted');
    store.getState().dismissWithReason(id, 'Sent by mistake');
    expect(repository.view.get(id)!.dismissalReason).toBe('Sent by mistake');
    expect(store.getState().dialog).toBeNull();
  });

  it('starting a blocked task moves it and says what it waits for; a free one says nothing', () => {
    const { store, repository } = setup();
    const customs = store.getState().createTask('Clear customs', null) as string;
    const created = repository.create({ title: 'Load truck', blockedBy: [customs] });
    if (!created.ok) throw new Error(created.error.message);
    store.getState().moveToStatus(created.value.id, 'in_progress');
    expect(repository.view.get(created.value.id)?.status).toBe('in_progress');
    expect(store.getState().toasts.map((toast) => [toast.kind, toast.message])).toEqual([
      ['info', '“Load truck” is blocked: it waits for “Clear customs”.'],
    ]);
    store.getState().moveToStatus(customs, 'in_progress');
    expect(store.getState().toasts).toHaveLength(1);
  });
});
