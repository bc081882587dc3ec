// Shared harness for the browser tests: the renderer bundle built once (a lock
// makes parallel test files wait for one build), served by scripts/web.ts,
// Debian's Chromium driven by playwright-core with a fresh profile per
// operator, and the real relay spawned through its CLI.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureBuilt, startWebServer, type WebServer } from '../../scripts/web';
import { relayCli, startRelayProcess, tempDir } from '../support/relay-process';

export { repoRoot } from '../support/relay-process';
// Debian's Chromium, or the one `npm test`'s set-up downloaded where there is none (scripts/setup.mjs).
const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : chromium.executablePath());
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-dev-shm-usage',
];

export { tempDir };

export async function startApp(): Promise<WebServer> {
  await ensureBuilt();
  return startWebServer({ port: 0 });
}

export interface Operator {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far (CSP violations show up here). */
  errors: string[];
  close(): Promise<void>;
}

/** One operator = one Chromium with its own fresh profile (IndexedDB, service worker, localStorage). */
export async function openOperator(url: string): Promise<Operator> {
  const profile = tempDir('handoff-chromium-');
  const context = await chromium.launchPersistentContext(profile.dir, {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return {
    context, page, errors,
    async close() {
      await context.close().catch(() => undefined);
      profile.cleanup();
    },
  };
}

/** Wait until the service worker controls the page, so a reload works with no network. */
export async function waitForOfflineShell(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
  });
}

export interface Relay {
  port: number;
  url: string;
  dbPath: string;
  token(workspace: string, user: string, role: 'operator' | 'lead' | 'viewer' | 'integration'): Promise<string>;
  revoke(token: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startRelay(): Promise<Relay> {
  const tmp = tempDir('handoff-relay-');
  const dbPath = path.join(tmp.dir, 'relay.sqlite');
  const relay = await startRelayProcess(dbPath);
  return {
    port: relay.port, dbPath, url: `ws://127.0.0.1:${relay.port}/sync`,
    async revoke(token) {
      await relayCli(['token', 'revoke', '--db', dbPath, '--token', token]);
    },
    token: (workspace, user, role) => relayCli(['token', 'create', '--db', dbPath, '--workspace', workspace, '--user', user, '--role', role]),
    async stop() {
      const timeout = setTimeout(() => relay.child.kill('SIGKILL'), 5_000);
      await relay.stop('SIGTERM');
      clearTimeout(timeout);
      tmp.cleanup();
    },
  };
}

export function signInUrl(base: string, params: Record<string, string>): string {
  return `${base}?${new URLSearchParams(params).toString()}`;
}

/** A headless teammate: the real repository over a real WebsocketProvider (Node, `ws`). */
export async function connectNodeClient(relay: Relay, workspace: string, token: string, actor: string) {
  const [{ WebsocketProvider }, { WebSocket }, Y, { createRepository }] = await Promise.all([
    import('y-websocket'), import('ws'), import('yjs'), import('../../src-shared/doc/repository'),
  ]);
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(relay.url, workspace, doc, {
    params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('node client did not sync')), 10_000);
    provider.on('sync', (synced: boolean) => { if (synced) { clearTimeout(timer); resolve(); } });
  });
  const repository = createRepository(doc, { actor });
  return {
    doc, provider, repository,
    destroy() {
      repository.destroy();
      provider.awareness.destroy();
      provider.destroy();
      doc.destroy();
    },
  };
}

/** expect.poll with a timeout that tolerates a loaded CI machine (the default is 1 s). */
export function eventually<T>(read: () => T | Promise<T>, options: { timeout?: number; interval?: number } = {}) {
  return expect.poll(read, { timeout: 10_000, interval: 50, ...options });
}

/** Quick create through the keyboard, as an operator does it: `c`, title, optional owner, Enter. */
export async function quickCreate(page: Page, title: string, owner = ''): Promise<void> {
  await page.keyboard.press('c');
  const dialog = page.getByRole('dialog', { name: 'New task' });
  await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
  if (owner) await dialog.getByRole('combobox', { name: 'Owner' }).or(dialog.getByRole('textbox', { name: 'Owner' })).fill(owner);
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
}
