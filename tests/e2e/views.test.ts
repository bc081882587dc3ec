// The other views and keys, offline in real Chromium: Board drag-and-drop
// through the command path, snooze, batch close with its confirm step, My Day,
// the `?` overlay, and a refused move showing the domain's reason.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WebServer } from '../../scripts/web';
import { eventually, openOperator, signInUrl, startApp, quickCreate, type Operator } from './harness';

const rowNames = (page: Page) =>
  page.getByRole('grid', { name: 'Tasks' }).getByRole('row').evaluateAll((rows) =>
    rows.filter((row) => row.getAttribute('aria-rowindex') !== '1').map((row) => row.getAttribute('aria-label') ?? ''));


describe('views and keys (browser host, offline)', () => {
  let server: WebServer;
  let operator: Operator;

  beforeAll(async () => {
    server = await startApp();
    operator = await openOperator(signInUrl(server.url, { workspace: 'views', name: 'dana' }));
  });
  afterAll(async () => {
    await operator?.close();
    await server?.close();
  });

  it('first run: the form asks for name and workspace, and works offline without a relay', async () => {
    const fresh = await openOperator(server.url);
    try {
      const { page } = fresh;
      const form = page.getByRole('form', { name: 'Welcome to Handoff' });
      await form.getByRole('textbox', { name: 'Display name' }).fill('erin');
      await form.getByRole('textbox', { name: 'Workspace' }).fill('erins-desk');
      await form.getByRole('button', { name: 'Connect' }).click();
      await eventually(() => form.getByRole('alert').textContent()).toContain('relay URL');
      await form.getByRole('button', { name: 'Work offline' }).click();
      await page.getByRole('grid', { name: 'Tasks' }).waitFor();
      await eventually(() => page.getByRole('status', { name: 'Sync status' }).textContent()).toMatch(/^Offline/);
      // Offline, who else is online is unknown (it said "No one else online").
      expect(await page.getByLabel('Online now').textContent()).toBe('Presence unknown while not connected');
    } finally {
      await fresh.close();
    }
  });

  it('board, snooze, batch close, my day and the key overlay', async () => {
    const { page } = operator;
    await page.getByRole('grid', { name: 'Tasks' }).waitFor();
    for (const title of ['Inspect pallet 12', 'Book courier', 'Reply to supplier', 'Count stock bay 4']) await quickCreate(page, title, 'dana');

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(await help.textContent()).toContain('Dismiss (10 seconds to undo)');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    // Board: drag a card from To do to In progress; dropping on Completed completes it.
    await page.keyboard.press('2');
    const board = page.getByLabel('Board');
    const inProgress = board.getByRole('region', { name: 'In progress' });
    await board.getByRole('listitem', { name: 'Inspect pallet 12' }).dragTo(inProgress);
    await eventually(() => inProgress.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Inspect pallet 12')]);
    await inProgress.getByRole('listitem', { name: 'Inspect pallet 12' }).dragTo(board.getByRole('region', { name: 'Completed' }));
    await eventually(() => inProgress.getByRole('listitem').count()).toBe(0);

    // Snooze from the list: the task leaves until the snooze ends.
    await page.keyboard.press('1');
    await page.getByRole('row', { name: /^Book courier/ }).click();
    await page.keyboard.press('s');
    await page.getByRole('dialog', { name: 'Snooze until' }).getByRole('button', { name: /^2 hours/ }).click();
    await eventually(() => rowNames(page)).toHaveLength(2);
    expect((await rowNames(page)).some((name) => name.startsWith('Book courier'))).toBe(false);

    // My Day: my open, unsnoozed tasks without a due date.
    await page.keyboard.press('3');
    const noDue = page.getByRole('region', { name: 'No due date' });
    await eventually(() => noDue.getByRole('listitem').count()).toBe(2);

    // Batch: select two with Space, close them after confirming.
    await page.keyboard.press('1');
    await page.getByRole('row', { name: /^Reply to supplier/ }).click();
    await page.keyboard.press(' ');
    await page.keyboard.press('j');
    await page.keyboard.press(' ');
    await page.keyboard.press('Shift+X');
    const confirm = page.getByRole('dialog', { name: 'Close 2 tasks?' });
    await confirm.getByRole('button', { name: 'Close 2' }).click();
    await eventually(() => rowNames(page)).toHaveLength(0);

    // A move the rules refuse shows the domain's reason and changes nothing.
    await page.getByRole('checkbox', { name: 'Show completed' }).check();
    await page.getByRole('row', { name: /^Count stock bay 4/ }).click();
    await page.keyboard.press('a');
    await eventually(() => page.getByRole('alert').count()).toBeGreaterThan(0);
    expect(await page.getByRole('row', { name: /^Count stock bay 4/ }).getAttribute('aria-label')).toContain('Completed');
  });

  it('edits a task in the panel: fields, checklist, comment, and the activity stream says who did what', async () => {
    const { page } = operator;
    await page.keyboard.press('1');
    await quickCreate(page, 'Seal check container 88', 'dana');
    await page.keyboard.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Task details' });
    const title = panel.getByRole('textbox', { name: 'Title' });
    await title.fill('Seal check container 88A');
    await title.press('Enter');
    await panel.getByRole('combobox', { name: 'Priority' }).selectOption('urgent');
    await panel.getByRole('textbox', { name: 'New checklist item' }).fill('Photo of the seal');
    await panel.getByRole('button', { name: 'Add item' }).click();
    await panel.getByRole('checkbox', { name: 'Photo of the seal' }).check();
    await panel.getByRole('textbox', { name: 'Comment' }).fill('Seal intact, number matches.');
    await panel.getByRole('button', { name: 'Comment', exact: true }).click();
    await eventually(() => page.getByRole('row', { name: /^Seal check container 88A/ }).getAttribute('aria-label')).toContain('Urgent');
    const activity = panel.getByRole('region', { name: 'Activity' });
    await eventually(() => activity.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/dana\s+created “Seal check container 88”/),
      expect.stringMatching(/dana\s+title “Seal check container 88” → “Seal check container 88A”/),
      expect.stringMatching(/dana\s+priority Normal → Urgent/),
      expect.stringMatching(/dana\s+added checklist item “Photo of the seal”/),
      expect.stringMatching(/dana\s+ticked a checklist item/),
      expect.stringMatching(/dana\s+commented/),
    ]);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('exports JSON with full logs and a CSV of the view; imports a CSV with a preview, errors and no duplicates on re-import', async () => {
    const { page } = operator;
    await page.keyboard.press('1');
    await page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    const [json] = await Promise.all([page.waitForEvent('download'), exportDialog.getByRole('button', { name: /^Everything/ }).click()]);
    const body = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { tasks: { state: { title: string }; events: unknown[] }[] };
    const seal = body.tasks.find((task) => task.state.title === 'Seal check container 88A');
    expect(seal?.events.length).toBeGreaterThanOrEqual(6);
    await page.getByRole('button', { name: 'Export…' }).click();
    const [csv] = await Promise.all([page.waitForEvent('download'), exportDialog.getByRole('button', { name: /^This view: List/ }).click()]);
    expect(readFileSync((await csv.path())!, 'utf8')).toMatch(/^ID,Title,Status/);

    const file = {
      name: 'night-shift.csv', mimeType: 'text/csv',
      buffer: Buffer.from('Name,Assignee,Due date,Priority\nCheck reefer 7,dana,2026-12-24,high\nSweep bay 2,,,\nAsk zed,zed,,\n'),
    };
    const importOnce = async () => {
      await page.getByRole('button', { name: 'Import CSV…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import CSV' });
      await dialog.getByLabel('CSV file').setInputFiles(file);
      return dialog;
    };
    const first = await importOnce();
    await eventually(() => first.getByRole('status', { name: 'Import summary' }).textContent()).toBe('2 new tasks, 0 already imported, 1 row with errors');
    expect(await first.getByRole('table', { name: 'Preview' }).textContent()).toContain('"zed" is not a member of this workspace.');
    await first.getByRole('button', { name: 'Import 2 tasks' }).click();
    await first.waitFor({ state: 'detached' });
    await eventually(() => rowNames(page)).toEqual(expect.arrayContaining([expect.stringMatching(/^Check reefer 7, To do, dana, High/), expect.stringMatching(/^Sweep bay 2/)]));
    const second = await importOnce();
    await eventually(() => second.getByRole('status', { name: 'Import summary' }).textContent()).toBe('0 new tasks, 2 already imported, 1 row with errors');
    expect(await second.getByRole('button', { name: 'Import 0 tasks' }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('fits 1280×800 in every view (no sideways scroll, the workspace\'s status labels), hides Approve from the submitter, and the panel reads like a document', async () => {
    const { page } = operator;
    await page.locator('body').press('1');
    const long = 'Refund order SO-2291 for the damaged pallet at gate 3, photos attached by the driver';
    await quickCreate(page, long, 'dana');
    await page.getByRole('row', { name: new RegExp(`^${long}`) }).click();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Task details' });
    // The document (title, description) first, the properties in a column beside it.
    const [title, properties] = await Promise.all([panel.getByRole('textbox', { name: 'Title' }).boundingBox(), panel.getByRole('region', { name: 'Properties' }).boundingBox()]);
    expect(properties!.x).toBeGreaterThan(title!.x + title!.width - 1);
    await panel.getByRole('button', { name: 'Submit for approval' }).click();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    const rawStatusIds = /\b(todo|in_progress|waiting_external|pending_approval)\b/;
    for (const [key, view] of [['1', 'List'], ['2', 'Board'], ['3', 'My Day'], ['4', 'Approvals'], ['5', 'Handoff'], ['6', 'Review'],
      ['7', 'Overview'], ['8', 'Calendar'], ['9', 'Gantt'], ['0', 'Settings']] as const) {
      await page.locator('body').press(key);
      await eventually(() => page.getByRole('button', { name: view, exact: true }).getAttribute('aria-current')).toBe('page');
      // Neither the page nor the view's own box scrolls sideways at 1280.
      const wider = await page.evaluate(() => {
        const root = document.scrollingElement!;
        const main = document.querySelector('.app-main')!;
        return [root.scrollWidth - root.clientWidth, main.scrollWidth - main.clientWidth];
      });
      expect(wider, view).toEqual([0, 0]);
      if (view !== 'Settings') expect(await page.locator('.app-main').innerText(), view).not.toMatch(rawStatusIds);
    }

    // Approvals: the workspace's label, who submitted it; no Approve for the submitter (self-approval is off).
    await page.locator('body').press('4');
    const waiting = page.getByRole('region', { name: 'Waiting for approval' }).getByRole('listitem', { name: long });
    await eventually(() => waiting.textContent()).toContain('Pending approval');
    expect(await waiting.textContent()).toContain('submitted by dana');
    expect(await waiting.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await waiting.textContent()).toContain('Waiting for an approver');

    // A one-task dialog names its task; a closed task's panel is read-only through and through.
    await page.locator('body').press('1');
    await page.getByRole('row', { name: /^Count stock bay 4/ }).click();
    await page.keyboard.press('m');
    const setStatus = page.getByRole('dialog', { name: 'Set status' });
    expect(await setStatus.textContent()).toContain('Count stock bay 4');
    await page.keyboard.press('Escape');
    await setStatus.waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await panel.getByRole('note').filter({ hasText: 'read-only' }).waitFor();
    expect(await panel.getByRole('combobox', { name: 'Repeats' }).count()).toBe(0);
    expect(await panel.getByRole('group', { name: 'Repeat' }).textContent()).toContain('Does not repeat.');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });
});
