// `npm run screenshots [-- tasks]`: seeds a realistic workspace
// (bench/showcase-fixture.ts: a few hundred tasks by default, several owners
// with display names, entities, approvals, a handoff, suggestions, subtasks,
// watchers) into a fresh browser profile and saves a PNG of every view, the task
// panel (open and closed), an entity's list, the palette and each dialog to
// screenshots/ (git-ignored), at 1280×800 and a few at 1920×1080 — for a person
// to look at. It also fails loudly if a view scrolls sideways at 1280.
// A second scene runs against a real relay: an operator (no Approve buttons on
// others' submissions), an archived task's panel, a bulk change some tasks
// refuse, and offline with changes not yet on the relay.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { connectNodeClient, openOperator, quickCreate, repoRoot, signInUrl, startApp, startRelay } from '../tests/e2e/harness';
import { relayCli } from '../tests/support/relay-process';
import { archivePaths } from '../src-shared/protocol/archive-api';
import { relayHttpBase } from '../src-shared/protocol/relay-api';
import type { WebServer } from './web';
import { buildShowcaseUpdate, SHOWCASE } from '../bench/showcase-fixture';
import { seedBrowser } from '../bench/ui-seed';

const count = Number(process.argv[2] ?? 400);
const out = path.join(repoRoot, 'screenshots');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const saved: string[] = [];
const problems: string[] = [];

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(250);
  // Sideways scroll anywhere in the page (the document, or a box that is not meant to scroll) is a bug at 1280.
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (wide > 0) problems.push(`${name}: the page is ${wide}px wider than the window`);
  await page.screenshot({ path: path.join(out, `${name}.png`) });
  saved.push(name);
}

async function dialog(page: Page, open: () => Promise<void>, name: string): Promise<void> {
  await open();
  await page.getByRole('dialog').first().waitFor({ timeout: 5_000 });
  await shot(page, name);
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').first().waitFor({ state: 'detached', timeout: 5_000 });
}

const server = await startApp();
const operator = await openOperator('about:blank');
try {
  const { page } = operator;
  page.on('response', (response) => { if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`); });
  await seedBrowser(page, server.url, buildShowcaseUpdate(count), 'Alice Moreau');
  await page.goto(server.url);
  await page.getByRole('grid', { name: 'Tasks' }).waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !document.body.textContent?.includes('Opening the local replica'), undefined, { timeout: 60_000 });
  const grid = page.getByRole('grid', { name: 'Tasks' });
  await grid.focus();

  await shot(page, 'list');
  for (const [key, name] of [['2', 'board'], ['3', 'my-day'], ['4', 'approvals'], ['5', 'handoff'], ['6', 'review'],
    ['7', 'overview'], ['8', 'calendar'], ['9', 'gantt'], ['0', 'settings']] as const) {
    await page.locator('body').press(key);
    await shot(page, name);
  }

  // Settings is one long page of sections: a shot per screenful.
  const settingsBox = page.locator('.app-main');
  const pages = await settingsBox.evaluate((box) => Math.ceil(box.scrollHeight / box.clientHeight));
  for (let index = 1; index < Math.min(pages, 6); index += 1) {
    await settingsBox.evaluate((box, at) => box.scrollTo(0, at * box.clientHeight), index);
    await shot(page, `settings-${index + 1}`);
  }

  // My Day's own section for what I watch.
  await page.locator('body').press('3');
  await page.getByRole('region', { name: 'Watching' }).scrollIntoViewIfNeeded();
  await shot(page, 'my-day-watching');

  // The panel: a task with subtasks, a checklist, comments, watchers and links; then a closed one.
  await page.locator('body').press('1');
  // The list is virtualized: find the task through the filter bar, as an operator would.
  const filter = page.getByRole('searchbox', { name: 'Filter' });
  await filter.fill('"MSCU 448812"');
  await page.getByRole('row', { name: new RegExp(`^${SHOWCASE.parent}`) }).dblclick();
  const panel = page.getByRole('complementary', { name: 'Task details' });
  await panel.waitFor();
  await shot(page, 'panel');
  await panel.getByRole('region', { name: 'Activity' }).scrollIntoViewIfNeeded();
  await shot(page, 'panel-activity');
  await panel.getByRole('button', { name: /^Photograph the seal/ }).click();
  await panel.getByRole('note').filter({ hasText: 'read-only' }).waitFor();
  await shot(page, 'panel-closed');
  // One click on an entity chip: every task about it.
  await panel.getByRole('button', { name: 'Tasks about Shipment MSCU 448812' }).click();
  await shot(page, 'entity-tasks');
  await page.getByRole('button', { name: 'Close task details' }).click();
  await filter.fill('');
  await grid.focus();

  // The palette and every dialog, on the highlighted task.
  await dialog(page, () => page.keyboard.press('Control+k'), 'palette');
  for (const [key, name] of [['c', 'dialog-create'], ['e', 'dialog-assign'], ['s', 'dialog-snooze'], ['m', 'dialog-set-status'],
    ['Shift+D', 'dialog-outcome'], ['?', 'dialog-help'], ['Shift+X', 'dialog-confirm-close'], ['h', 'dialog-handoff']] as const) {
    await grid.focus();
    await dialog(page, () => page.keyboard.press(key), name);
  }
  await dialog(page, () => page.getByRole('button', { name: 'Export…' }).click(), 'dialog-export');
  await dialog(page, () => page.getByRole('button', { name: 'Import CSV…' }).click(), 'dialog-import');
  // A decision's reason, from the Approvals view.
  await page.locator('body').press('4');
  await dialog(page, () => page.keyboard.press('Shift+R'), 'dialog-reject');
  // Dismiss: the undo toast with quick reasons, then "Other…" (Esc closes it; u undoes the dismissal).
  await page.locator('body').press('1');
  await grid.focus();
  await page.keyboard.press('x');
  await page.getByRole('button', { name: 'Undo' }).waitFor();
  await shot(page, 'toast-dismiss');
  await dialog(page, () => page.getByRole('button', { name: 'Other…' }).click(), 'dialog-dismiss-reason');
  await page.getByRole('button', { name: 'Undo' }).click();

  // My Day beside an open panel: the rows give way, nothing scrolls sideways.
  await page.locator('body').press('3');
  await page.getByRole('region', { name: 'Due today' }).getByRole('button', { name: SHOWCASE.parent }).click();
  await panel.waitFor();
  await shot(page, 'my-day-panel');
  // A task that repeats: the rule in words beside its picker.
  await page.locator('body').press('1');
  await filter.fill(`"${SHOWCASE.recurring}"`);
  await page.getByRole('row', { name: new RegExp(`^${SHOWCASE.recurring}`) }).dblclick();
  await panel.getByText(/^Repeats: /).waitFor();
  await shot(page, 'panel-repeat');
  await filter.fill('');
  await page.getByRole('button', { name: 'Close task details' }).click();

  // 1920 wide: the list and the panel use the room.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.locator('body').press('1');
  await shot(page, 'list-1920');
  await filter.fill('"MSCU 448812"');
  await page.getByRole('row', { name: new RegExp(`^${SHOWCASE.parent}`) }).dblclick();
  await shot(page, 'panel-1920');
  await page.getByRole('button', { name: 'Close task details' }).click();
  await filter.fill('');
  // Back to the grid first: a view key typed into the filter would filter, not switch.
  await grid.focus();
  for (const [key, name] of [['2', 'board-1920'], ['3', 'my-day-1920'], ['4', 'approvals-1920'], ['6', 'review-1920'],
    ['7', 'overview-1920'], ['8', 'calendar-1920'], ['9', 'gantt-1920']] as const) {
    await page.locator('body').press(key);
    await shot(page, name);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  await relayScene(server);

  // A failed request is reported by the response listener above; the console's copy of it (Chromium's
  // favicon request from the seeding page has no response event) says nothing more.
  const errors = operator.errors.filter((error) => !error.startsWith('Failed to load resource'));
  if (errors.length > 0) problems.push(`page errors: ${errors.join(' | ')}`);
  console.log(`saved ${saved.length} screenshots to ${out}: ${saved.join(', ')}`);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
} finally {
  await operator.close();
  await server.close();
}

/**
 * Against a real relay: Bob, an operator, with a lead's submission waiting (no Approve buttons for him), a task
 * the admin's retention run archived (its read-only panel), a bulk assign a closed task refuses (the summary
 * toast), and offline with changes not yet on the relay.
 */
/** Wait until `read` gives a value `ok` accepts (expect.poll needs vitest; this is a script). */
async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (ok(value)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${String(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function relayScene(app: WebServer): Promise<void> {
  const relay = await startRelay();
  const workspace = 'depot';
  const token = (user: string, role: string, name: string) =>
    relayCli(['token', 'create', '--db', relay.dbPath, '--workspace', workspace, '--user', user, '--role', role, '--name', name]);
  const tokens = { bob: await token('bob', 'operator', 'Bob Okafor'), lena: await token('lena', 'lead', 'Lena Park'), adm: await token('adm', 'admin', 'Ops admin') };
  const bob = await openOperator(signInUrl(app.url, { workspace, relay: relay.url, token: tokens.bob, name: 'Bob Okafor' }));
  const adm = await connectNodeClient(relay, workspace, tokens.adm, 'adm');
  const lena = await connectNodeClient(relay, workspace, tokens.lena, 'lena');
  let clientsOpen = true;
  const closeClients = () => {
    if (clientsOpen) { adm.destroy(); lena.destroy(); }
    clientsOpen = false;
  };
  try {
    const { page } = bob;
    const must = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };
    must(adm.repository.updateSettings({ retentionDays: 0 }));
    const sealed = must(adm.repository.create({ title: 'Seal dock 4 after loading', ownerId: 'bob', links: [{ kind: 'shipment', id: 'SH-7781', label: 'SH-7781' }] })).id;
    must(adm.repository.comment(sealed, 'Seal number 88 41 207, photographed.'));
    must(adm.repository.complete(sealed));
    const pallets = must(adm.repository.create({ title: 'Count pallets on dock 4', ownerId: 'bob' })).id;
    must(adm.repository.dispatch(pallets, { type: 'task.parent_set', payload: { parentId: sealed } }));
    for (const title of ['Book the reefer check for SH-7781', 'Confirm the driver for trip T-412']) must(adm.repository.create({ title, ownerId: 'bob' }));
    const refund = must(lena.repository.create({ title: 'Refund order SO-7310 (short delivery)', ownerId: 'lena' })).id;
    must(lena.repository.submit(refund));

    const syncStatus = () => page.getByRole('status', { name: 'Sync status' }).textContent();
    await page.getByRole('grid', { name: 'Tasks' }).waitFor();
    await until(syncStatus, (text) => text?.includes('Online') ?? false, 'online');
    await page.getByRole('row', { name: /^Count pallets/ }).waitFor();
    await until(() => adm.provider.synced && lena.provider.synced, Boolean, 'node clients synced');
    await new Promise((resolve) => setTimeout(resolve, 500)); // the appends reach the relay's store

    // The retention run moves Bob to the new generation (a reload).
    const run = await fetch(`${relayHttpBase(relay.url)}${archivePaths.run(workspace)}`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.adm}` } });
    if (!run.ok) throw new Error(`archive run: ${run.status}`);
    // Their generation-0 connections are closed now (4410); this scene needs them no more.
    closeClients();
    // The page reloads meanwhile: a read that meets the navigation counts as "not yet".
    const generation = () => page.evaluate((key) => window.localStorage.getItem(key), `handoff:${workspace}:bob:generation`).catch(() => null);
    await until(generation, (value) => value === '1', 'generation 1', 20_000);
    await page.getByRole('grid', { name: 'Tasks' }).waitFor();
    await until(syncStatus, (text) => text?.includes('Online') ?? false, 'online');
    await page.getByRole('row', { name: /^Count pallets/ }).waitFor();

    await page.locator('body').press('4');
    await page.getByRole('region', { name: 'Waiting for approval' }).getByRole('listitem').first().waitFor();
    await shot(page, 'operator-approvals');

    await page.locator('body').press('1');
    await page.getByRole('checkbox', { name: 'Show completed' }).check();
    await page.getByRole('region', { name: 'Archived tasks' }).getByRole('button', { name: /Seal dock 4/ }).click();
    await page.getByRole('complementary', { name: 'Task details' }).getByText(/Read-only/).first().waitFor();
    await shot(page, 'panel-archived');
    await page.keyboard.press('Escape');

    // Bulk: two open tasks and a completed one; the completed one refuses and the summary says so.
    const grid = page.getByRole('grid', { name: 'Tasks' });
    await grid.focus();
    await quickCreate(page, 'Return the dock 4 keys');
    await page.getByRole('row', { name: /^Return the dock 4 keys/ }).click();
    await page.keyboard.press('d');
    await page.getByRole('row', { name: /^Return the dock 4 keys.*Completed/ }).waitFor();
    for (const title of ['Count pallets on dock 4', 'Book the reefer check for SH-7781', 'Return the dock 4 keys']) {
      await grid.getByRole('checkbox', { name: `Select ${title} for batch` }).check();
    }
    await grid.focus();
    await page.keyboard.press('e');
    const picker = page.getByRole('dialog', { name: /^Assign/ });
    await picker.getByRole('combobox', { name: 'Owner' }).fill('Lena');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    await shot(page, 'toast-bulk-summary');
    await page.getByRole('checkbox', { name: 'Show completed' }).uncheck();

    // Offline, with work done: the status bar says what has not reached the relay.
    await bob.context.setOffline(true);
    await until(syncStatus, (text) => text?.includes('Offline') ?? false, 'offline');
    await quickCreate(page, 'Recheck the seal on SH-7781');
    await quickCreate(page, 'Call the yard about dock 4');
    await until(syncStatus, (text) => /not yet on the relay/.test(text ?? ''), 'unsent changes');
    await shot(page, 'offline-unsent');
    await bob.context.setOffline(false);
  } finally {
    closeClients();
    await bob.close();
    await relay.stop();
  }
}
