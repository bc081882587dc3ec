// Triage at full speed (issue 10), in real Chromium on the product's defaults
// against a real relay: the command palette runs an action on the highlighted
// task, Shift+D completes one as skipped (list and activity say so), `]` moves a Board card (a second client sees it), a batch of three with
// one closed meanwhile applies to two and names the third with its reason, a
// dismissal records the reason picked in its toast, `u` undoes another, and the
// empty list says what the filter hides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WebServer } from '../../scripts/web';
import { connectNodeClient, eventually, openOperator, signInUrl, startApp, startRelay, type Operator, type Relay } from './harness';

const WORKSPACE = 'triage';
const TITLES = ['Palette: call carrier', 'Board: book truck', 'Batch: chase invoice', 'Batch: check lot 9', 'Batch: refund order',
  'Dismiss: duplicate alert', 'Undo: weather alert', 'Outcome: reseal container'] as const;

const rowNames = (page: Page) =>
  page.getByRole('grid', { name: 'Tasks' }).getByRole('row').evaluateAll((rows) =>
    rows.filter((row) => row.getAttribute('aria-rowindex') !== '1').map((row) => (row.getAttribute('aria-label') ?? '').split(',')[0]));

describe('triage at full speed', () => {
  let relay: Relay;
  let server: WebServer;
  let alice: Operator;
  let bob: Awaited<ReturnType<typeof connectNodeClient>>;

  beforeAll(async () => {
    [relay, server] = await Promise.all([startRelay(), startApp()]);
    const [aliceToken, bobToken] = await Promise.all([relay.token(WORKSPACE, 'alice', 'operator'), relay.token(WORKSPACE, 'bob', 'operator')]);
    alice = await openOperator(signInUrl(server.url, { workspace: WORKSPACE, relay: relay.url, token: aliceToken, name: 'alice' }));
    bob = await connectNodeClient(relay, WORKSPACE, bobToken, 'bob');
  }, 120_000);
  afterAll(async () => {
    bob?.destroy();
    await alice?.close();
    await server?.close();
    await relay?.stop();
  });

  it('palette, Board keys, a batch with a refusal, dismissal reasons and undo', async () => {
    const { page } = alice;
    await eventually(() => bob.repository.roleOf('bob')).toBe('operator');
    const ids = new Map<string, string>();
    for (const title of TITLES) {
      const created = bob.repository.create({ title });
      if (!created.ok) throw new Error(created.error.message);
      ids.set(title, created.value.id);
    }
    const state = (title: string) => bob.repository.view.get(ids.get(title)!);
    await eventually(() => rowNames(page), { timeout: 15_000 }).toHaveLength(TITLES.length);

    // The palette: every action by name with its key; it runs on the highlighted task.
    await page.getByRole('row', { name: /^Palette: call carrier/ }).click();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect(palette.getByRole('option', { name: /Board view/ }).textContent()).resolves.toContain('2');
    await palette.getByRole('combobox', { name: 'Command' }).fill('cmpl outcome');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Complete with outcome' }).getByRole('button', { name: 'Failed' }).click();
    await eventually(() => state('Palette: call carrier')?.resolution).toBe('failed');

    // Shift+D offers every outcome the domain knows; skipped shows in the list and in the activity.
    await page.getByRole('row', { name: /^Outcome: reseal container/ }).click();
    await page.keyboard.press('Shift+D');
    await page.getByRole('dialog', { name: 'Complete with outcome' }).getByRole('button', { name: 'Skipped' }).click();
    await eventually(() => state('Outcome: reseal container')?.resolution).toBe('skipped');
    await page.keyboard.press('/');
    await page.getByRole('searchbox', { name: 'Filter' }).fill('is:closed reseal');
    await page.getByRole('row', { name: /^Outcome: reseal container, Completed \(skipped\)/ }).click();
    await page.keyboard.press('Enter');
    const activity = page.getByRole('complementary', { name: 'Task details' }).getByRole('region', { name: 'Activity' });
    await eventually(() => activity.textContent()).toContain('completed it: skipped');
    await page.keyboard.press('Escape');
    await page.getByRole('searchbox', { name: 'Filter' }).fill('');
    await page.getByRole('row', { name: /^Board: book truck/ }).click();

    // The Board: `]` moves the highlighted card to the next status; the other client sees it.
    await page.keyboard.press('2');
    const board = page.getByLabel('Board', { exact: true });
    await board.getByRole('listitem', { name: 'Board: book truck' }).click();
    await page.keyboard.press(']');
    await eventually(() => state('Board: book truck')?.status).toBe('in_progress');
    await eventually(() => board.getByRole('region', { name: 'In progress' }).getByRole('listitem', { name: 'Board: book truck' }).count()).toBe(1);
    await page.keyboard.press('[');
    await eventually(() => state('Board: book truck')?.status).toBe('todo');
    await page.keyboard.press('1');

    // A batch of three; the other client closes one meanwhile: two apply, the summary names the third and why.
    for (const title of ['Batch: chase invoice', 'Batch: check lot 9', 'Batch: refund order']) {
      await page.getByRole('checkbox', { name: `Select ${title} for batch` }).check();
    }
    expect(bob.repository.complete(ids.get('Batch: refund order')!).ok).toBe(true);
    await eventually(() => rowNames(page)).not.toContain('Batch: refund order');
    await page.keyboard.press('Shift+X');
    await page.getByRole('dialog', { name: 'Close 3 tasks?' }).getByRole('button', { name: 'Close 3' }).click();
    const summary = page.getByRole('alert').filter({ hasText: '2 of 3 tasks closed' });
    await eventually(() => summary.textContent()).toContain('Batch: refund order');
    expect(await summary.textContent()).toContain('reopen it to change it');
    await eventually(() => state('Batch: chase invoice')?.category).toBe('done');
    await eventually(() => state('Batch: check lot 9')?.category).toBe('done');

    // `x` stays one key; the undo toast offers reasons, and the chosen one is recorded.
    await page.getByRole('row', { name: /^Dismiss: duplicate alert/ }).click();
    await page.keyboard.press('x');
    await page.getByRole('group', { name: 'Dismissed “Dismiss: duplicate alert”' }).getByRole('button', { name: 'Not needed' }).click();
    await eventually(() => state('Dismiss: duplicate alert')?.dismissalReason).toBe('Not needed');

    // `u` undoes another dismissal inside its window.
    await page.getByRole('row', { name: /^Undo: weather alert/ }).click();
    await page.keyboard.press('x');
    await eventually(() => rowNames(page)).not.toContain('Undo: weather alert');
    await page.keyboard.press('u');
    await eventually(() => rowNames(page)).toContain('Undo: weather alert');
    await eventually(() => page.getByRole('button', { name: 'Undo', exact: true }).count()).toBe(0);
    expect(state('Undo: weather alert')?.category).toBe('unstarted');

    // The empty list says why it is empty.
    await page.keyboard.press('/');
    await page.getByRole('searchbox', { name: 'Filter' }).fill('nothing-matches-this');
    await eventually(() => page.getByRole('grid', { name: 'Tasks' }).textContent()).toContain('No tasks shown: 2 tasks hidden by the filter.');
    expect(alice.errors).toEqual([]);
  }, 60_000);
});
