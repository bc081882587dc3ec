// `npm run screenshots [-- tasks]`: seeds a realistic workspace
// (bench/showcase-fixture.ts: a few hundred tasks by default, several owners
// with display names, entities, approvals, a handoff, suggestions, subtasks,
// watchers) into a fresh browser profile and saves a PNG of every view, the task
// panel (open and closed), an entity's list, the palette and each dialog to
// screenshots/ (git-ignored), at 1280×800 and a few at 1920×1080 — for a person
// to look at. It also fails loudly if a view scrolls sideways at 1280.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openOperator, repoRoot, startApp } from '../tests/e2e/harness';
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

  // 1920 wide: the list and the panel use the room.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(page, 'list-1920');
  await filter.fill('"MSCU 448812"');
  await page.getByRole('row', { name: new RegExp(`^${SHOWCASE.parent}`) }).dblclick();
  await shot(page, 'panel-1920');
  await page.getByRole('button', { name: 'Close task details' }).click();
  await filter.fill('');
  await page.locator('body').press('2');
  await shot(page, 'board-1920');

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
