// Electron main entry (bundled by scripts/start.mjs / the packaging step). Thin:
// lifecycle, single-instance lock, wiring the plain modules to Electron APIs.
// Who is signed in comes from the settings file, written by the first-run screen
// (session:sign-in). With no file, HANDOFF_WORKSPACE (set by `npm start`) signs in
// from the environment: HANDOFF_WORKSPACE, HANDOFF_USER, HANDOFF_NAME,
// HANDOFF_RELAY_URL, HANDOFF_TOKEN; without it the window shows the first-run screen.
// Also: HANDOFF_SQLITE_BINDING (better-sqlite3 built for Electron's ABI), HANDOFF_RENDERER_DIR.
import { app, BrowserWindow, dialog, Notification, powerMonitor, safeStorage, type WebContents } from 'electron';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DesktopApp } from '../replica/desktop-app';
import {
  clearSettings, NO_PROTECTION, readSettings, SettingsFileError, writeSettings, type Settings, type TokenProtection,
} from '../settings/app-settings';
import { APP_ORIGIN, createAppWindow, registerAppScheme, serveRenderer } from './app-window';
import { wireIpc } from './ipc-main';
import { createTray, type AppTray } from './tray';

const here = path.dirname(fileURLToPath(import.meta.url));
let desktop: DesktopApp | null = null;
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

function initialSettings(file: string): Settings | null {
  try {
    const stored = readSettings(file, protection());
    if (stored) return stored;
  } catch (error) {
    // A token this machine can no longer unprotect: the first-run screen asks again.
    if (!(error instanceof SettingsFileError)) throw error;
    console.warn(error.message);
    return null;
  }
  const env = process.env;
  if (!env.HANDOFF_WORKSPACE) return null;
  const settings: Settings = {
    workspaceId: env.HANDOFF_WORKSPACE,
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
    if (details.isMainFrame && !details.isSameDocument) desktop?.session?.dropPeer(id); // a reload starts a fresh renderer replica
  });
  contents.on('render-process-gone', () => desktop?.session?.dropPeer(id));
  created.on('closed', () => desktop?.session?.dropPeer(id));
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
  const opened = new DesktopApp({
    workspacesDir: path.join(userData, 'workspaces'),
    settings: initialSettings(settingsFile),
    ...(process.env.HANDOFF_SQLITE_BINDING ? { nativeBinding: process.env.HANDOFF_SQLITE_BINDING } : {}),
    saveSettings: (settings) => (settings ? writeSettings(settingsFile, settings, protection()) : clearSettings(settingsFile)),
    showWindow,
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
      shown.on('click', () => desktop?.noticeClicked(notice));
      shown.show();
    },
    onOverdueCount: (count) => tray?.setOverdueCount(count),
  });
  desktop = opened;
  wireIpc(() => opened.handlers(), APP_ORIGIN);
  // After sleep the socket may be dead without a close event: reconnect at once
  // instead of waiting for the provider's 30-second silence watchdog.
  powerMonitor.on('resume', () => {
    const session = desktop?.session;
    const sync = session?.isLoaded ? session.replica.sync : null;
    if (sync && sync.state.state !== 'signed_out') {
      sync.provider.ws?.close();
      sync.connect();
    }
  });
  const recovery = opened.session?.recovery();
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
  desktop?.close(); // flushes the projection, compacts if due, checkpoints the WAL
  desktop = null;
  tray?.destroy();
});
// Keep running in the tray when every window is closed (they only hide anyway).
app.on('window-all-closed', () => undefined);
app.on('activate', showWindow);
