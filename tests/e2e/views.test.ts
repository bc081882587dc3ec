// The other views and keys, offline in real Chromium: Board drag-and-drop
// through the command path, snooze, batch close with its confirm step, My Day,
// the `?` overlay, and a refused move showing the domain's reason.
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
    expect(await page.getByRole('row', { name: /^Count stock bay 4/ }).getAttribute('aria-label')).toContain('completed');
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
      expect.stringMatching(/dana\s+edited title/),
      expect.stringMatching(/dana\s+edited priority/),
      expect.stringMatching(/dana\s+added checklist item “Photo of the seal”/),
      expect.stringMatching(/dana\s+ticked a checklist item/),
      expect.stringMatching(/dana\s+commented/),
    ]);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });
});
