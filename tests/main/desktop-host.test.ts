// The renderer's desktop host against main's real DesktopSession (SQLite file,
// doc-sync peer, IPC dispatch with the contract), joined by a bridge that does
// what the preload + ipcMain do, minus Electron: the renderer's edits are
// persisted by main, main's state reaches the renderer, and it survives a restart.
import { afterAll, describe, expect, it } from 'vitest';
import { createRepository } from '../../src-shared/doc/repository';
import type { EventChannel, EventPayload, HandoffBridge } from '../../src-shared/protocol/ipc';
import { createDesktopHost } from '../../src-renderer/host-desktop/desktop-host';
import { dispatchInvoke } from '../../src-main/ipc/dispatch';
import { DesktopSession } from '../../src-main/replica/desktop-session';
import { makeTempDir } from './temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());
const RENDERER_ID = 3;

function startSession() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emit = (channel: string, payload: unknown) => queueMicrotask(() => listeners.get(channel)?.forEach((l) => l(payload)));
  const overdue: number[] = [];
  const session = new DesktopSession({
    workspacesDir: temp.dir,
    settings: { workspaceId: 'ws-desk', userId: 'alice', displayName: 'Alice', relayUrl: null, token: null, syncEnabled: true },
    saveSettings: () => undefined,
    saveExport: async () => null,
    broadcast: <E extends EventChannel>(channel: E, payload: EventPayload<E>) => emit(channel, payload),
    sendReplicaMessage: (id, message) => {
      if (id === RENDERER_ID) emit('replica:message', message);
    },
    notify: () => undefined,
    onOverdueCount: (count) => overdue.push(count),
  });
  const bridge = {
    invoke: (channel: string, input: unknown) =>
      dispatchInvoke(session.handlers, channel, input, { id: RENDERER_ID, frameUrl: 'app://handoff/index.html', isMainFrame: true }, 'app://handoff'),
    on: (channel: string, listener: (payload: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return () => listeners.get(channel)!.delete(listener);
    },
  } as unknown as HandoffBridge;
  return { session, bridge, overdue };
}

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
};

describe('desktop host <-> main session', () => {
  it('persists renderer edits in main, shows main edits in the renderer, and reloads them after a restart', async () => {
    const first = startSession();
    first.session.replica.repository.create({ title: 'Stored in main before the window opened', ownerId: 'alice' });
    const host = await createDesktopHost(first.bridge);
    await host.whenLoaded;
    const ui = createRepository(host.doc, { actor: 'alice' });
    expect(ui.view.all().map((t) => t.title)).toEqual(['Stored in main before the window opened']);
    expect(host.connection.get()).toMatchObject({ state: 'offline', reason: 'no relay configured' });
    // The window publishes its user's presence, and main holds it for the relay and other windows.
    await waitFor(() => [...first.session.replica.awareness.getStates().values()].some((s) => (s as { user?: { id: string } }).user?.id === 'alice'));

    const made = ui.create({ title: 'Typed in the window', ownerId: 'alice', dueAt: '2020-01-01T00:00:00.000Z' });
    if (!made.ok) throw new Error(made.error.message);
    await waitFor(() => first.session.replica.queries.get(made.value.id) !== null);
    await waitFor(() => host.connection.get().unacknowledged === 2);
    first.session.checkDue();
    expect(first.overdue.at(-1)).toBe(1);

    first.session.replica.repository.comment(made.value.id, 'from main');
    await waitFor(() => ui.view.get(made.value.id)?.comments.length === 1);

    ui.destroy();
    await host.destroy();
    first.session.close();

    const second = startSession();
    // The first screen comes from the SQLite projection before the Y.Doc is loaded.
    expect(second.session.isLoaded).toBe(false);
    const firstScreen = await second.bridge.invoke('tasks:first-screen', {});
    expect(firstScreen.ok && firstScreen.value.tasks.map((t) => t.title).sort()).toEqual([
      'Stored in main before the window opened', 'Typed in the window',
    ]);
    expect(second.overdue.at(-1)).toBe(1); // the tray count too
    expect(second.session.isLoaded).toBe(false);
    const again = await createDesktopHost(second.bridge);
    expect(again.firstScreen.map((t) => t.title).sort()).toEqual(['Stored in main before the window opened', 'Typed in the window']);
    await again.whenLoaded;
    expect(second.session.isLoaded).toBe(true);
    const titles = createRepository(again.doc, { actor: 'alice' }).view.all().map((t) => t.title).sort();
    expect(titles).toEqual(['Stored in main before the window opened', 'Typed in the window']);
    expect(again.connection.get().unacknowledged).toBe(3); // two creates and main's comment, all local to this device
    await again.destroy();
    second.session.close();
  });
});
