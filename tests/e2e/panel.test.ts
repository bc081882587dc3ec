// The task panel as a document, in real Chromium on the product's defaults:
// a workspace with named members (bench/showcase-fixture.ts) is written into the
// browser's IndexedDB before the app first opens, as the relay would have synced
// it. Watchers are picked by name and show on the watcher's My Day; subtasks are
// listed and added; prerequisites and parents are chosen by title; a blocked
// task says what it waits for (and says blocked in every view); an entity chip lists every task about it; rows
// show names and the workspace's status labels; 1280 px never scrolls sideways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WebServer } from '../../scripts/web';
import { buildShowcaseUpdate, SHOWCASE } from '../../bench/showcase-fixture';
import { seedBrowser } from '../../bench/ui-seed';
import { eventually, openOperator, quickCreate, startApp, type Operator } from './harness';

const panelOf = (page: Page) => page.getByRole('complementary', { name: 'Task details' });
const filter = (page: Page) => page.getByRole('searchbox', { name: 'Filter' });
const rowLabels = (page: Page) =>
  page.getByRole('grid', { name: 'Tasks' }).getByRole('row').evaluateAll((rows) =>
    rows.filter((row) => row.getAttribute('aria-rowindex') !== '1').map((row) => row.getAttribute('aria-label') ?? ''));

/** Show a view by its tab (keys would type into a focused field). */
const show = (page: Page, view: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view, exact: true }).click();

/** Empty the filter and hand the keys back to the view (Esc leaves the filter bar). */
async function clearFilter(page: Page): Promise<void> {
  await filter(page).fill('');
  await filter(page).press('Escape');
}

async function openTask(page: Page, title: string): Promise<void> {
  await show(page, 'List');
  await filter(page).fill(`"${title}"`);
  await page.getByRole('row', { name: new RegExp(`^${title.replace(/[()]/g, '\\$&')}`) }).dblclick();
  await panelOf(page).getByRole('textbox', { name: 'Title' }).waitFor();
}

describe('the task panel as a document (browser, product defaults)', () => {
  let server: WebServer;
  let operator: Operator;

  beforeAll(async () => {
    server = await startApp();
    operator = await openOperator('about:blank');
    await seedBrowser(operator.page, server.url, buildShowcaseUpdate(120), 'Alice Moreau');
    await operator.page.goto(server.url);
    await operator.page.getByRole('grid', { name: 'Tasks' }).waitFor({ timeout: 30_000 });
  }, 90_000);
  afterAll(async () => {
    await operator?.close();
    await server?.close();
  });

  it('reads like a document: title and description first, properties as chips beside, activity that says what changed; closed tasks read-only', async () => {
    const { page } = operator;
    await openTask(page, SHOWCASE.parent);
    const panel = panelOf(page);
    expect(await panel.getByRole('textbox', { name: 'Title' }).inputValue()).toBe(SHOWCASE.parent);
    expect(await panel.getByRole('textbox', { name: 'Description' }).inputValue()).toMatch(/^Container arrived at gate 3/);
    // The document column comes first; the properties sit to its right.
    const doc = await panel.getByRole('textbox', { name: 'Description' }).boundingBox();
    const properties = panel.getByRole('region', { name: 'Properties' });
    const side = await properties.boundingBox();
    expect(doc && side && side.x).toBeGreaterThan((doc?.x ?? 0) + (doc?.width ?? 0) - 1);
    expect(await properties.getByRole('combobox', { name: 'Owner' }).inputValue()).toBe('Alice Moreau');
    expect(await properties.getByRole('group', { name: 'Watchers' }).textContent()).toContain('Farah Haddad');
    // The activity says what changed, with names; a new edit adds its own line.
    const activity = panel.getByRole('region', { name: 'Activity' });
    expect(await activity.textContent()).toContain('Alice Moreau priority High → Urgent');
    await properties.getByRole('combobox', { name: 'Priority' }).selectOption('low');
    await eventually(() => activity.getByRole('listitem').last().textContent()).toMatch(/^Alice Moreau priority Urgent → Low/);

    // A closed subtask: read-only, says so, and only comments and Reopen remain.
    await panel.getByRole('region', { name: 'Subtasks' }).getByRole('button', { name: 'Photograph the seal' }).click();
    await eventually(() => panel.getByRole('note').filter({ hasText: 'read-only' }).count()).toBe(1);
    expect(await panel.getByRole('textbox', { name: 'Title' }).isDisabled()).toBe(true);
    expect(await panel.getByRole('combobox', { name: 'Status' }).isDisabled()).toBe(true);
    expect(await panel.getByRole('combobox', { name: 'Add watcher' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Reopen' }).isEnabled()).toBe(true);
    expect(await panel.getByRole('textbox', { name: 'Comment' }).isEnabled()).toBe(true);
    // Its parent is a chip that opens the parent.
    await panel.getByRole('group', { name: 'Parent' }).getByRole('button', { name: new RegExp(`^${SHOWCASE.parent}`) }).click();
    await eventually(() => panel.getByRole('textbox', { name: 'Title' }).inputValue()).toBe(SHOWCASE.parent);
  });

  it('watchers are picked by name (members only); watched tasks are on my My Day under Watching and match watching:me', async () => {
    const { page } = operator;
    await openTask(page, SHOWCASE.parent);
    const watchers = panelOf(page).getByRole('group', { name: 'Watchers' });
    const add = watchers.getByRole('combobox', { name: 'Add watcher' });
    // An integration account is a member, but never a person to pick.
    await add.fill('Flight');
    await eventually(() => watchers.getByRole('alert').textContent()).toContain('No member of this workspace matches “Flight”');
    await add.fill('bob');
    expect(await watchers.getByRole('option').allTextContents()).toEqual(['Bob Okafor']);
    await add.press('Enter');
    await watchers.getByRole('button', { name: 'Remove watcher Bob Okafor' }).waitFor();
    expect(await add.inputValue()).toBe('');
    await watchers.getByRole('button', { name: 'Remove watcher Farah Haddad' }).click();
    await eventually(() => watchers.getByRole('listitem').allTextContents()).toEqual(['Bob Okafor×']);
    await eventually(() => panelOf(page).getByRole('region', { name: 'Activity' }).getByRole('listitem').last().textContent())
      .toMatch(/^Alice Moreau removed watcher Farah Haddad/);
    await page.getByRole('button', { name: 'Close task details' }).click();

    // Bob's task that I watch: on My Day, in its own section.
    await clearFilter(page);
    await show(page, 'My Day');
    const watching = page.getByRole('region', { name: 'Watching' });
    await eventually(() => watching.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining(SHOWCASE.watched)]);
    await show(page, 'List');
    await filter(page).fill('watching:me');
    await eventually(() => rowLabels(page)).toEqual([expect.stringMatching(new RegExp(`^${SHOWCASE.watched}, In progress|^${SHOWCASE.watched}, To do`))]);
    await clearFilter(page);
  });

  it('subtasks are listed with their status and added by title (inheriting links and queue); prerequisites and parent are chosen by title', { timeout: 60_000 }, async () => {
    const { page } = operator;
    await openTask(page, SHOWCASE.parent);
    const panel = panelOf(page);
    const subtasks = panel.getByRole('region', { name: 'Subtasks' });
    expect(await subtasks.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^Count cartons against the packing list\s*In progress\s*Chen Wei/),
      expect.stringMatching(/^Move pallets to bay 4\s*To do\s*Unassigned/),
      expect.stringMatching(/^Photograph the seal\s*Completed\s*Alice Moreau/),
    ]);
    await subtasks.getByRole('textbox', { name: 'New subtask' }).fill('Sweep the container floor');
    await subtasks.getByRole('button', { name: 'Add subtask' }).click();
    await eventually(() => subtasks.getByRole('listitem').count()).toBe(4);
    await subtasks.getByRole('button', { name: 'Sweep the container floor' }).click();
    await eventually(() => panel.getByRole('textbox', { name: 'Title' }).inputValue()).toBe('Sweep the container floor');
    const links = panel.getByRole('group', { name: 'Links' });
    expect(await links.getByRole('button', { name: /^Tasks about/ }).allTextContents()).toEqual(['Shipment MSCU 448812', 'Order SO-2288']);
    expect(await panel.getByRole('combobox', { name: 'Queue' }).inputValue()).toBe('quality_assurance');
    // Types and queues read as labels (settings.listLabels, else the id humanised), never raw ids.
    expect(await panel.getByRole('combobox', { name: 'Queue' }).locator('option:checked').textContent()).toBe('Quality assurance');
    expect(await panel.getByRole('combobox', { name: 'Type' }).locator('option').allTextContents()).toContain('Follow-up');
    // An unset due or start is a quiet button, not the browser's mm/dd/yyyy; clicking it gives the date field, focused.
    for (const [label, value] of [['Due', '2026-12-09T17:00'], ['Start', '2026-12-08T09:00']] as const) {
      expect(await panel.getByLabel(label, { exact: true }).count()).toBe(0);
      await panel.getByRole('button', { name: `Set ${label.toLowerCase()}` }).click();
      const field = panel.getByLabel(label, { exact: true });
      await eventually(() => field.evaluate((input) => input === document.activeElement)).toBe(true);
      await field.fill(value);
      await eventually(() => panel.getByRole('region', { name: 'Activity' }).textContent()).toContain(`${label.toLowerCase()} none →`);
      expect(await panel.getByRole('button', { name: `Set ${label.toLowerCase()}` }).count()).toBe(0);
    }
    expect(await panel.getByRole('group', { name: 'Parent' }).textContent()).toContain(SHOWCASE.parent);

    // A prerequisite by title: the new task now waits for one that is still open.
    const waitsFor = panel.getByRole('group', { name: 'Waits for' });
    const add = waitsFor.getByRole('combobox', { name: 'Add prerequisite' });
    await add.fill('count cartons');
    expect(await waitsFor.getByRole('option').allTextContents()).toEqual(['Count cartons against the packing list · In progress']);
    await add.press('Enter');
    await waitsFor.getByRole('button', { name: 'Remove prerequisite Count cartons against the packing list' }).waitFor();
    await eventually(() => panel.getByRole('note').filter({ hasText: 'Blocked' }).count()).toBe(1);
    // The task itself, and tasks that wait for it, are never offered (no loops).
    await add.fill('Sweep the container');
    await eventually(() => waitsFor.getByRole('alert').textContent()).toContain('No task that could come first matches');
    await add.fill('');

    // The row says blocked; starting it says what it waits for (it still starts: the overlay does not refuse).
    await filter(page).fill('"Sweep the container floor"');
    await eventually(() => rowLabels(page)).toEqual(['Sweep the container floor, To do, Unassigned, Normal, blocked']);
    await page.getByRole('row', { name: /^Sweep the container floor/ }).dblclick();
    await panel.getByRole('combobox', { name: 'Status' }).selectOption('in_progress');
    await eventually(() => page.getByRole('region', { name: 'Notifications' }).textContent())
      .toContain('“Sweep the container floor” is blocked: it waits for “Count cartons against the packing list”.');
    await eventually(() => rowLabels(page)).toEqual(['Sweep the container floor, In progress, Unassigned, Normal, blocked']);

    // The parent, chosen by title too: make a fresh task a subtask of the watched one.
    await page.getByRole('button', { name: 'Close task details' }).click();
    await clearFilter(page);
    await quickCreate(page, 'Call the broker back');
    await openTask(page, 'Call the broker back');
    const parent = panel.getByRole('group', { name: 'Parent' });
    await parent.getByRole('combobox', { name: 'Set parent' }).fill('customs broker');
    await parent.getByRole('option', { name: new RegExp(`^${SHOWCASE.watched}`) }).click();
    await parent.getByRole('button', { name: 'Remove parent' }).waitFor();
    await eventually(() => panel.getByRole('region', { name: 'Activity' }).getByRole('listitem').last().textContent())
      .toContain(`made it a subtask of “${SHOWCASE.watched}”`);
    await page.getByRole('button', { name: 'Close task details' }).click();
    await clearFilter(page);
  });

  it('an entity chip lists every task about it in one click; its page elsewhere is one more click', async () => {
    const { page } = operator;
    await openTask(page, SHOWCASE.watched);
    const links = panelOf(page).getByRole('group', { name: 'Links' });
    expect(await links.getByRole('link', { name: 'Open Shipment SH-4471' }).getAttribute('href')).toBe('https://tms.example/shipments/SH-4471');
    await openTask(page, SHOWCASE.parent);
    await panelOf(page).getByRole('group', { name: 'Links' }).getByRole('button', { name: 'Tasks about Shipment MSCU 448812' }).click();
    expect(await filter(page).inputValue()).toBe('link:shipment:MSCU448812');
    await eventually(() => rowLabels(page)).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^${SHOWCASE.parent}, To do, Alice Moreau`)),
      expect.stringMatching(new RegExp(`^${SHOWCASE.blocked}, To do, Alice Moreau, Normal, blocked$`)),
      expect.stringMatching(/^Sweep the container floor, In progress/),
    ]));
    for (const label of await rowLabels(page)) expect(label).not.toMatch(/Photograph the seal/); // closed: hidden unless asked
    await page.getByRole('checkbox', { name: 'Show completed' }).check();
    await eventually(() => rowLabels(page)).toEqual(expect.arrayContaining([expect.stringMatching(/^Photograph the seal, Completed, Alice Moreau/)]));
    await page.getByRole('checkbox', { name: 'Show completed' }).uncheck();
  });

  it('Gantt bars, Calendar entries and Overview items say blocked, as rows and cards do', async () => {
    const { page } = operator;
    await show(page, 'List');
    await filter(page).fill(`"${SHOWCASE.blocked}"`);
    await filter(page).press('Escape');
    const blockedName = new RegExp(`^${SHOWCASE.blocked}, .*, blocked$`);
    await eventually(() => rowLabels(page)).toEqual([expect.stringMatching(blockedName)]);
    await show(page, 'Gantt');
    const chart = page.getByRole('listbox', { name: 'Gantt tasks' });
    await eventually(() => chart.getByRole('option', { name: blockedName }).count()).toBe(1);
    expect(await page.getByRole('button', { name: new RegExp(`^${SHOWCASE.blocked}: .*, blocked$`) }).textContent()).toContain('blocked');
    await show(page, 'Calendar');
    const chip = page.getByRole('grid', { name: /^Calendar/ }).getByRole('button', { name: blockedName });
    await eventually(() => chip.count()).toBe(1);
    expect(await chip.textContent()).toContain('blocked');
    await show(page, 'Overview');
    const item = page.getByRole('button', { name: new RegExp(`^${SHOWCASE.blocked}, .*, blocked$`) });
    await eventually(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain('blocked');
    await show(page, 'List');
    await clearFilter(page);
  });

  it('names and status labels everywhere; 1280 × 800 never scrolls sideways with the panel open; offline is in the status bar', async () => {
    const { page } = operator;
    await clearFilter(page);
    for (const label of await rowLabels(page)) expect(label).not.toMatch(/, (todo|in_progress|waiting_external|pending_approval), /);
    await openTask(page, SHOWCASE.parent);
    await clearFilter(page);
    for (const key of ['1', '2', '3', '4', '5', '6', '7', '8', '9']) {
      await page.keyboard.press(key);
      await page.waitForTimeout(150);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `view ${key}`).toBeLessThanOrEqual(1280);
    }
    await page.keyboard.press('1');
    const grid = page.getByRole('grid', { name: 'Tasks' });
    expect(await grid.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
    // Board: the owner by name on the cards, the workspace's status labels as columns.
    await page.keyboard.press('2');
    expect(await page.getByLabel('Board').getByRole('region', { name: 'Pending approval' }).textContent()).toContain('Bob Okafor');
    expect(await page.getByRole('status', { name: 'Sync status' }).textContent()).toMatch(/^Offline/);
    await page.keyboard.press('1');
  });
});
