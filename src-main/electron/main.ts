// Electron main entry (bundled by scripts/start.mjs / the packaging step). Thin:
// lifecycle, single-instance lock, wiring the plain modules to Electron APIs.
// Configuration from the environment (set by `npm start`) on first run:
//   HANDOFF_WORKSPACE, HANDOFF_USER, HANDOFF_NAME, HANDOFF_RELAY_URL, HANDOFF_TOKEN,
//   HANDOFF_SQLITE_BINDING (better-sqlite3 built for Electron's ABI), HANDOFF_RENDERER_DIR.
import { app, BrowserWindow, dialog, Notification, powerMonitor, safeStorage, type WebContents } from 'electron';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DesktopSession } from '../replica/desktop-session';
import { NO_PROTECTION, readSettings, writeSettings, type Settings, type TokenProtection } from '../settings/app-settings';
import { APP_ORIGIN, createAppWindow, registerAppScheme, serveRenderer } from './app-window';
import { wireIpc } from './ipc-main';
import { createTray, type AppTray } from './tray';

const here = path.dirname(fileURLToPath(import.meta.url));
let session: DesktopSession | null = null;
let window: BrowserWindow | null = null;
let tray: AppTray | null = null;
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.on('second-instance', () => showWindow());
  app
    .whenReady()
    .then(start)
    .catch((error: Error) => fail(error));
}

function protection(): TokenProtection {
  if (!safeStorage.isEncryptionAvailable()) return NO_PROTECTION;
  return { kind: 'os', protect: (plain) => safeStorage.encryptString(plain), unprotect: (data) => safeStorage.decryptString(data) };
}

function initialSettings(file: string): Settings {
  const stored = readSettings(file, protection());
  if (stored) return stored;
  const env = process.env;
  const settings: Settings = {
    workspaceId: env.HANDOFF_WORKSPACE ?? 'local',
    userId: env.HANDOFF_USER ?? os.userInfo().username,
    displayName: env.HANDOFF_NAME ?? os.userInfo().username,
    relayUrl: env.HANDOFF_RELAY_URL ?? null,
    token: env.HANDOFF_TOKEN ?? null,
    syncEnabled: true,
  };
  writeSettings(file, settings, protection());
  return settings;
}

function showWindow(): void {
  if (!window || window.isDestroyed()) window = createWindow();
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function createWindow(): BrowserWindow {
  const created = createAppWindow(path.join(here, 'preload.cjs'));
  const contents: WebContents = created.webContents;
  const id = contents.id;
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) session?.dropPeer(id); // a reload starts a fresh renderer replica
  });
  contents.on('render-process-gone', () => session?.dropPeer(id));
  created.on('closed', () => session?.dropPeer(id));
  created.on('close', (event) => {
    // Closing hides: sync and due-time notifications go on; Quit is in the tray menu.
    if (!quitting) {
      event.preventDefault();
      created.hide();
    }
  });
  return created;
}

function start(): void {
  const userData = app.getPath('userData');
  mkdirSync(userData, { recursive: true });
  const settingsFile = path.join(userData, 'settings.json');
  serveRenderer(process.env.HANDOFF_RENDERER_DIR ?? path.join(here, 'renderer'));
  tray = createTray({ show: showWindow, quit: () => app.quit() });
  session = new DesktopSession({
    workspacesDir: path.join(userData, 'workspaces'),
    settings: initialSettings(settingsFile),
    ...(process.env.HANDOFF_SQLITE_BINDING ? { nativeBinding: process.env.HANDOFF_SQLITE_BINDING } : {}),
    saveSettings: (settings) => writeSettings(settingsFile, settings, protection()),
    saveExport: async (name, contents) => {
      const options = { defaultPath: path.join(app.getPath('documents'), name) };
      const answer = window && !window.isDestroyed() ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (answer.canceled || !answer.filePath) return null;
      writeFileSync(answer.filePath, contents);
      return answer.filePath;
    },
    broadcast: (channel, payload) => {
      for (const w of BrowserWindow.getAllWindows()) if (!w.isDestroyed()) w.webContents.send(channel, payload);
    },
    sendReplicaMessage: (id, message) => {
      const target = BrowserWindow.getAllWindows().find((w) => !w.isDestroyed() && w.webContents.id === id);
      target?.webContents.send('replica:message', message);
    },
    notify: (notice) => {
      if (!Notification.isSupported()) return;
      const shown = new Notification({ title: notice.title, body: notice.body });
      shown.on('click', showWindow);
      shown.show();
    },
    onOverdueCount: (count) => tray?.setOverdueCount(count),
  });
  wireIpc(() => {
    if (!session) throw new Error('no session');
    return session.handlers;
  }, APP_ORIGIN);
  // After sleep the socket may be dead without a close event: reconnect at once
  // instead of waiting for the provider's 30-second silence watchdog.
  powerMonitor.on('resume', () => {
    const sync = session?.isLoaded ? session.replica.sync : null;
    if (sync && sync.state.state !== 'signed_out') {
      sync.provider.ws?.close();
      sync.connect();
    }
  });
  const recovery = session.recovery();
  if (recovery) void dialog.showMessageBox({ type: 'warning', title: 'Handoff recovered your workspace', message: recovery });
  window = createWindow();
}

function fail(error: Error): void {
  dialog.showErrorBox('Handoff could not start', error.message);
  app.exit(1);
}

app.on('before-quit', () => {
  quitting = true;
});
app.on('will-quit', () => {
  session?.close(); // flushes the projection, compacts if due, checkpoints the WAL
  session = null;
  tray?.destroy();
});
// Keep running in the tray when every window is closed (they only hide anyway).
app.on('window-all-closed', () => undefined);
app.on('activate', showWindow);
