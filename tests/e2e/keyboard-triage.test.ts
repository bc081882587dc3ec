// Keyboard triage end to end in real Chromium, with no relay at all: create
// three tasks with `c`, move with j/k, assign with `e`, dismiss with `x` and
// undo, dismiss again and let it commit, then reload with the network off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WebServer } from '../../scripts/web';
import { openOperator, signInUrl, startApp, waitForOfflineShell, type Operator, eventually } from './harness';

const selectedRow = (page: Page) => page.locator('[role="row"][aria-selected="true"]');
const rowNames = async (page: Page) =>
  page.getByRole('grid', { name: 'Tasks' }).getByRole('row').evaluateAll((rows) =>
    rows.filter((row) => row.getAttribute('aria-rowindex') !== '1').map((row) => row.getAttribute('aria-label') ?? ''));

describe('keyboard triage (browser host, offline)', () => {
  let server: WebServer;
  let operator: Operator;

  beforeAll(async () => {
    server = await startApp();
    // undoMs shortens the 10-second undo window for this test only (documented knob).
    operator = await openOperator(signInUrl(server.url, { workspace: 'triage', name: 'alice', undoMs: '1500' }));
  });
  afterAll(async () => {
    await operator?.close();
    await server?.close();
  });

  it('creates, moves, assigns, dismisses with undo, commits, and survives an offline reload', async () => {
    const { page } = operator;
    const grid = page.getByRole('grid', { name: 'Tasks' });
    await grid.waitFor();
    await eventually(() => page.getByRole('status', { name: 'Sync status' }).textContent()).toContain('Offline');

    for (const title of ['Call carrier about PO-17', 'Chase invoice 4411', 'Check lot 9 QC']) {
      await page.keyboard.press('c');
      const dialog = page.getByRole('dialog', { name: 'New task' });
      await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      // Focus returns to the list, on the new task.
      await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');
      await eventually(() => selectedRow(page).getAttribute('aria-label')).toContain(title);
    }
    expect(await rowNames(page)).toHaveLength(3);

    await page.keyboard.press('k');
    await eventually(() => selectedRow(page).getAttribute('aria-label')).toContain('Chase invoice 4411');
    await page.keyboard.press('k');
    await eventually(() => selectedRow(page).getAttribute('aria-label')).toContain('Call carrier');
    await page.keyboard.press('j');
    await eventually(() => selectedRow(page).getAttribute('aria-label')).toContain('Chase invoice 4411');

    // No shortcut fires while typing in a text field.
    await page.keyboard.press('/');
    await page.keyboard.type('x');
    await eventually(() => page.getByRole('searchbox', { name: 'Filter' }).inputValue()).toBe('x');
    await page.getByRole('searchbox', { name: 'Filter' }).fill('');
    await page.keyboard.press('Escape');
    expect(await rowNames(page)).toHaveLength(3);
    expect(await page.getByRole('button', { name: 'Undo' }).count()).toBe(0);

    // Offline with no relay the only member known is me: a name that is no member is refused.
    await page.keyboard.press('e');
    await page.getByRole('combobox', { name: 'Owner' }).fill('bob');
    await page.getByRole('dialog', { name: 'Assign owner' }).getByRole('alert').waitFor();
    await page.getByRole('combobox', { name: 'Owner' }).fill('ali');
    await page.keyboard.press('Enter');
    await eventually(() => selectedRow(page).getAttribute('aria-label')).toContain('alice');

    // Dismiss and undo: the row leaves at once and comes back.
    await page.keyboard.press('x');
    await eventually(() => rowNames(page)).toHaveLength(2);
    await page.getByRole('button', { name: 'Undo' }).click();
    await eventually(() => rowNames(page)).toHaveLength(3);

    // Dismiss another one and let the undo window pass: it commits.
    await page.getByRole('row', { name: /Check lot 9 QC/ }).click();
    await page.keyboard.press('x');
    await eventually(() => rowNames(page)).toHaveLength(2);
    await page.getByRole('button', { name: 'Undo' }).waitFor({ state: 'detached', timeout: 5_000 });

    await waitForOfflineShell(page);
    await operator.context.setOffline(true);
    await page.reload();
    await grid.waitFor();
    // Past the read-only preview (the cached first screen): the replica itself is loaded.
    await eventually(() => page.getByRole('status', { name: 'Sync status' }).textContent()).toMatch(/^Offline/);
    await eventually(() => rowNames(page)).toHaveLength(2);
    const names = await rowNames(page);
    expect(names.some((name) => name.includes('Chase invoice 4411') && name.includes('alice'))).toBe(true);
    expect(names.some((name) => name.includes('Call carrier about PO-17'))).toBe(true);
    expect(names.some((name) => name.includes('Check lot 9 QC'))).toBe(false);
    // The dismissal is in the log (not just hidden): show completed reveals it as cancelled.
    await page.getByRole('checkbox', { name: 'Show completed' }).check();
    await eventually(() => page.getByRole('row', { name: /Check lot 9 QC/ }).getAttribute('aria-label')).toContain('Cancelled');
    expect(operator.errors.filter((error) => /Content Security Policy/i.test(error))).toEqual([]);
  });
});
