// The renderer's desktop host against main's real DesktopApp / DesktopSession
// (SQLite file, doc-sync peer, IPC dispatch with the contract), joined by a bridge
// that does what the preload + ipcMain do, minus Electron: the renderer's edits are
// persisted by main, main's state reaches the renderer, and it survives a restart;
// first-run sign-in, switching workspace and signing out; a clicked notification
// opens its task in the window.
import { afterAll, describe, expect, it } from 'vitest';
import { createRepository } from '../../src-shared/doc/repository';
import type { EventChannel, EventPayload, HandoffBridge } from '../../src-shared/protocol/ipc';
import { createDesktopHost, desktopSignIn, desktopSignOut, type DesktopHost } from '../../src-renderer/host-desktop/desktop-host';
import { previewServices } from '../../src-renderer/app/preview';
import { dispatchInvoke } from '../../src-main/ipc/dispatch';
import { DesktopApp } from '../../src-main/replica/desktop-app';
import { workspaceFile } from '../../src-main/replica/desktop-session';
import type { Settings } from '../../src-main/settings/app-settings';
import { existsSync } from 'node:fs';
import { createToken, startRelay } from './relay-process';
import { makeTempDir } from './temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());
const RENDERER_ID = 3;

const ALICE: Settings = { workspaceId: 'ws-desk', userId: 'alice', displayName: 'Alice', relayUrl: null, token: null, syncEnabled: true };

function startApp(settings: Settings | null, dir = temp.dir) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emit = (channel: string, payload: unknown) => queueMicrotask(() => listeners.get(channel)?.forEach((l) => l(payload)));
  const overdue: number[] = [];
  const saved: (Settings | null)[] = [];
  let shown = 0;
  const app = new DesktopApp({
    workspacesDir: dir,
    settings,
    saveSettings: (next) => saved.push(next),
    showWindow: () => {
      shown += 1;
    },
    broadcast: <E extends EventChannel>(channel: E, payload: EventPayload<E>) => emit(channel, payload),
    sendReplicaMessage: (id, message) => {
      if (id === RENDERER_ID) emit('replica:message', message);
    },
    notify: () => undefined,
    onOverdueCount: (count) => overdue.push(count),
  });
  const bridge = {
    invoke: (channel: string, input: unknown) =>
      dispatchInvoke(app.handlers(), channel, input, { id: RENDERER_ID, frameUrl: 'app://handoff/index.html', isMainFrame: true }, 'app://handoff'),
    on: (channel: string, listener: (payload: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return () => listeners.get(channel)!.delete(listener);
    },
  } as unknown as HandoffBridge;
  return { app, bridge, overdue, saved, shown: () => shown };
}

function startSession() {
  const started = startApp(ALICE);
  return { ...started, session: started.app.session! };
}

async function loaded(host: DesktopHost | null): Promise<DesktopHost> {
  if (host === null) throw new Error('expected someone signed in');
  await host.whenLoaded;
  return host;
}

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
};

describe('desktop host <-> main session', () => {
  it('persists renderer edits in main, shows main edits in the renderer, and reloads them after a restart', async () => {
    const first = startSession();
    first.session.replica.repository.create({ title: 'Stored in main before the window opened', ownerId: 'alice' });
    const host = await loaded(await createDesktopHost(first.bridge));
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
    first.app.close();

    const second = startSession();
    // The first screen comes from the SQLite projection before the Y.Doc is loaded.
    expect(second.session.isLoaded).toBe(false);
    const firstScreen = await second.bridge.invoke('tasks:first-screen', {});
    expect(firstScreen.ok && firstScreen.value.tasks.map((t) => t.title).sort()).toEqual([
      'Stored in main before the window opened', 'Typed in the window',
    ]);
    expect(second.overdue.at(-1)).toBe(1); // the tray count too
    expect(second.session.isLoaded).toBe(false);
    const again = (await createDesktopHost(second.bridge))!;
    expect(again.overdueCount?.get()).toBe(1); // the window's count, from hello
    expect(again.firstScreen.map((t) => t.title).sort()).toEqual(['Stored in main before the window opened', 'Typed in the window']);
    // What Root paints while the replica loads: the read-only list from main's first screen.
    const preview = previewServices(again.identity, [...again.firstScreen], () => undefined);
    expect(preview.store.getState().visible.length).toBe(2);
    void preview.host.destroy();
    await again.whenLoaded;
    expect(second.session.isLoaded).toBe(true);
    const titles = createRepository(again.doc, { actor: 'alice' }).view.all().map((t) => t.title).sort();
    expect(titles).toEqual(['Stored in main before the window opened', 'Typed in the window']);
    expect(again.connection.get().unacknowledged).toBe(3); // two creates and main's comment, all local to this device
    await again.destroy();
    second.app.close();
  });

  it('starts on the first-run screen, signs in, switches workspace and signs out keeping each file', async () => {
    const dir = temp.file('first-run');
    const desk = startApp(null, dir);
    expect(await createDesktopHost(desk.bridge)).toBeNull(); // nobody signed in: the renderer shows the first-run form
    expect(await desk.bridge.invoke('tasks:first-screen', {})).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not signed in/) } });

    await desktopSignIn(desk.bridge, { workspaceId: 'ops', userId: 'bob', displayName: 'Bob', relayUrl: null, token: null });
    expect(desk.saved.at(-1)).toMatchObject({ workspaceId: 'ops', userId: 'bob', relayUrl: null, token: null });
    const ops = await loaded(await createDesktopHost(desk.bridge));
    expect(ops.identity).toEqual({ workspaceId: 'ops', userId: 'bob', displayName: 'Bob' });
    const made = createRepository(ops.doc, { actor: 'bob' }).create({ title: 'Ops work', ownerId: 'bob' });
    if (!made.ok) throw new Error(made.error.message);
    await waitFor(() => desk.app.session?.queries.get(made.value.id) !== null);
    await ops.destroy();

    // Switching workspace: the ops replica is closed and the lab's own file is opened (with its relay).
    const relay = { relayUrl: 'ws://127.0.0.1:9', token: 'lab-token-123' };
    await desktopSignIn(desk.bridge, { workspaceId: 'lab', userId: 'bob', displayName: 'Bob', ...relay });
    // Port 9 answers nobody: the display name stands in for the user id until the relay can be reached.
    expect(desk.saved.at(-1)).toMatchObject({ workspaceId: 'lab', userId: 'bob', relayUrl: 'http://127.0.0.1:9', token: relay.token });
    const lab = await loaded(await createDesktopHost(desk.bridge));
    expect(lab.identity.workspaceId).toBe('lab');
    expect(createRepository(lab.doc, { actor: 'bob' }).view.all()).toEqual([]);
    // The lab has a relay: main tries it (not "no relay configured", not signed out) and says why it is offline.
    await waitFor(() => lab.connection.get().state === 'offline');
    expect(lab.connection.get()).toMatchObject({ state: 'offline', reason: expect.stringMatching(/^relay unreachable: .*ECONNREFUSED/) });
    await lab.destroy();

    // Signing out stops sync, forgets the sign-in and keeps both files.
    await desktopSignOut(desk.bridge);
    expect(desk.saved.at(-1)).toBeNull();
    expect(desk.app.session).toBeNull();
    expect(desk.overdue.at(-1)).toBe(0);
    expect(await createDesktopHost(desk.bridge)).toBeNull();
    expect(existsSync(workspaceFile(dir, 'ops', 'bob'))).toBe(true);
    expect(existsSync(workspaceFile(dir, 'lab', 'bob'))).toBe(true);

    // Signing in again finds the offline work.
    await desktopSignIn(desk.bridge, { workspaceId: 'ops', userId: 'bob', displayName: 'Bob', relayUrl: null, token: null });
    const back = await loaded(await createDesktopHost(desk.bridge));
    expect(back.firstScreen.map((t) => t.title)).toEqual(['Ops work']);
    expect(createRepository(back.doc, { actor: 'bob' }).view.get(made.value.id)?.title).toBe('Ops work');
    await back.destroy();
    desk.app.close();
  });

  it('opens the task of a clicked notification in the window, and shows the overdue count main sends', async () => {
    const dir = temp.file('notify');
    const desk = startApp({ ...ALICE, workspaceId: 'ws-notify' }, dir);
    const host = await loaded(await createDesktopHost(desk.bridge));
    expect(host.overdueCount?.get()).toBe(0);
    const made = createRepository(host.doc, { actor: 'alice' }).create({ title: 'Late', ownerId: 'alice', dueAt: '2020-01-01T00:00:00.000Z' });
    if (!made.ok) throw new Error(made.error.message);
    await waitFor(() => desk.app.session?.queries.get(made.value.id) !== null);
    desk.app.session!.checkDue();
    await waitFor(() => host.overdueCount?.get() === 1);

    const opened: string[] = [];
    const stop = host.onOpenTask!((taskId) => opened.push(taskId));
    desk.app.noticeClicked({ kind: 'overdue', taskId: made.value.id, title: 'Overdue: Late', body: '' });
    await waitFor(() => opened.length === 1);
    expect(opened).toEqual([made.value.id]);
    expect(desk.shown()).toBe(1);
    desk.app.noticeClicked({ kind: 'summary', taskId: null, title: '2 tasks need you', body: '' });
    expect(desk.shown()).toBe(2); // a summary only brings the window up
    stop();
    await host.destroy();
    desk.app.close();
  });

  it('signs in against a real relay: the relay says who the token is, sync comes online, a refused token changes nothing', async () => {
    const relayDb = temp.file('relay.sqlite');
    const relay = await startRelay(relayDb);
    try {
      const token = await createToken(relayDb, 'ws-relay', 'carol');
      const desk = startApp(null, temp.file('relay-desk'));
      const form = { workspaceId: 'ws-relay', userId: 'Carol C', displayName: 'Carol C', relayUrl: `${relay.url}/sync`, token };
      await expect(desktopSignIn(desk.bridge, { ...form, token: 'not-a-real-token' })).rejects.toThrow(/^The relay refused the token for workspace "ws-relay" \(HTTP 40\d\)/);
      expect(desk.app.session).toBeNull();
      expect(desk.saved).toEqual([]);

      await desktopSignIn(desk.bridge, form);
      expect(desk.saved.at(-1)).toMatchObject({ userId: 'carol', displayName: 'Carol C', relayUrl: relay.url.replace(/^ws:/, 'http:'), token });
      const host = await loaded(await createDesktopHost(desk.bridge));
      expect(host.identity.userId).toBe('carol');
      await waitFor(() => host.connection.get().state === 'online');
      await host.destroy();
      desk.app.close();
    } finally {
      await relay.stop();
    }
  }, 30_000);
});
