// Two operators in two Chromiums against a real relay process. One goes
// offline (context.setOffline), both edit, it comes back: the lists converge.
// A conflicting approval made while apart shows as rejected with its reason.
// Then the offline handoff: A, offline, hands all open tasks to B with a note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WebServer } from '../../scripts/web';
import { connectNodeClient, openOperator, signInUrl, startApp, startRelay, type Operator, type Relay, eventually, quickCreate } from './harness';

const WORKSPACE = 'ops';
const MEMBERS = [{ userId: 'alice', role: 'lead' }, { userId: 'bob', role: 'lead' }, { userId: 'carol', role: 'operator' }] as const;

const rowNames = (page: Page) =>
  page.getByRole('grid', { name: 'Tasks' }).getByRole('row').evaluateAll((rows) =>
    rows.filter((row) => row.getAttribute('aria-rowindex') !== '1').map((row) => (row.getAttribute('aria-label') ?? '').split(',')[0]).sort());
const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' }).textContent();


describe('two operators against a real relay', () => {
  let relay: Relay;
  let server: WebServer;
  let a: Operator;
  let b: Operator;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    [relay, server] = await Promise.all([startRelay(), startApp()]);
    tokens = Object.fromEntries(await Promise.all(MEMBERS.map(async (m) => [m.userId, await relay.token(WORKSPACE, m.userId, m.role)])));
    const url = (user: string) => signInUrl(server.url, { workspace: WORKSPACE, relay: relay.url, token: tokens[user]!, name: user });
    [a, b] = await Promise.all([openOperator(url('alice')), openOperator(url('bob'))]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await server?.close();
    await relay?.stop();
  });

  it('converges after one side edits offline; the losing approval shows as rejected with its reason', async () => {
    for (const { page } of [a, b]) {
      await page.getByRole('grid', { name: 'Tasks' }).waitFor();
      await eventually(() => syncStatus(page), { timeout: 15_000 }).toContain('Online');
    }
    // Awareness: each sees the other online.
    await eventually(() => a.page.getByLabel('Online now').textContent()).toContain('bob');
    await eventually(() => b.page.getByLabel('Online now').textContent()).toContain('alice');
    // Carol (a headless teammate) submits a task for approval while everyone is online.
    const carol = await connectNodeClient(relay, WORKSPACE, tokens.carol!, 'carol');
    await eventually(() => carol.repository.roleOf('carol')).toBe('operator');
    const created = carol.repository.create({ title: 'Refund order 118' });
    if (!created.ok) throw new Error(created.error.message);
    const submitted = carol.repository.submit(created.value.id);
    if (!submitted.ok) throw new Error(submitted.error.message);
    for (const { page } of [a, b]) await eventually(() => rowNames(page), { timeout: 10_000 }).toContain('Refund order 118');
    carol.destroy();

    // Presence: each sees who else has the task open.
    for (const { page } of [a, b]) await page.getByRole('row', { name: /Refund order 118/ }).dblclick();
    await eventually(() => a.page.getByRole('complementary', { name: 'Task details' }).getByRole('note').first().textContent())
      .toContain('Also looking at this: bob');
    for (const { page } of [a, b]) await page.keyboard.press('Escape');

    await b.context.setOffline(true);
    // At once: the window's offline event, not the provider's 30-second silence watchdog.
    await eventually(() => syncStatus(b.page), { timeout: 5_000 }).toContain('Offline');

    // Bob, offline, rejects first; Alice, online, approves later.
    await b.page.getByRole('row', { name: /Refund order 118/ }).click();
    await b.page.keyboard.press('Shift+R');
    await b.page.getByRole('dialog', { name: 'Reject' }).getByRole('textbox', { name: 'Reason' }).fill('Customer already refunded');
    await b.page.keyboard.press('Enter');
    await quickCreate(b.page, 'Written offline by Bob');
    await a.page.waitForTimeout(20);
    await a.page.getByRole('row', { name: /Refund order 118/ }).click();
    await a.page.keyboard.press('a');
    await quickCreate(a.page, 'Written online by Alice');
    expect(await rowNames(b.page)).not.toContain('Written online by Alice');

    await b.context.setOffline(false);
    await eventually(() => syncStatus(b.page), { timeout: 15_000 }).toContain('Online');
    for (const { page } of [a, b]) {
      await page.getByRole('checkbox', { name: 'Show completed' }).check();
      await eventually(() => rowNames(page), { timeout: 10_000 }).toEqual(
        ['Refund order 118', 'Written offline by Bob', 'Written online by Alice']);
      // The earlier decision (Bob's rejection) stands; Alice's approval is kept in the log, rejected, with its reason.
      await eventually(() => page.getByRole('row', { name: /Refund order 118/ }).getAttribute('aria-label')).toContain('Cancelled');
      await page.getByRole('row', { name: /Refund order 118/ }).dblclick();
      const activity = page.getByRole('region', { name: 'Activity' });
      await eventually(() => activity.locator('li.rejected').textContent()).toMatch(/alice\s+approved it.*Rejected: .+/);
      await page.keyboard.press('Escape');
      await page.getByRole('checkbox', { name: 'Show completed' }).uncheck();
    }
    await eventually(() => syncStatus(a.page)).not.toMatch(/not yet on the relay/);
    // Alice is told that her approval did not apply, and why.
    const notice = a.page.getByRole('alert').filter({ hasText: 'after syncing that did not apply' });
    await eventually(() => notice.textContent()).toMatch(/Refund order 118.*approved it.*did not apply: .+/);
  });

  it('hands all open tasks off while offline; the receiver sees them with the note after reconnecting', async () => {
    await quickCreate(a.page, 'Night shift: reefer alarm', 'alice');
    await quickCreate(a.page, 'Night shift: customs docs', 'alice');
    await eventually(() => rowNames(b.page), { timeout: 10_000 }).toContain('Night shift: customs docs');

    await a.context.setOffline(true);
    await eventually(() => syncStatus(a.page), { timeout: 5_000 }).toContain('Offline');
    await a.page.keyboard.press('h');
    const dialog = a.page.getByRole('dialog', { name: /Hand off 2 tasks/ });
    await dialog.getByRole('combobox', { name: 'To' }).or(dialog.getByRole('textbox', { name: 'To' })).fill('bob');
    await dialog.getByRole('textbox', { name: 'Note' }).fill('Reefer 7 alarms every hour; docs due 06:00');
    await dialog.getByRole('button', { name: 'Hand off' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(() => syncStatus(a.page)).toMatch(/not yet on the relay/);
    const inbox = b.page.getByRole('region', { name: 'Handed to you' });
    expect(await inbox.count()).toBe(0);

    await a.context.setOffline(false);
    await eventually(() => inbox.getByRole('listitem').count(), { timeout: 15_000 }).toBe(2);
    const text = await inbox.textContent();
    expect(text).toContain('Reefer 7 alarms every hour; docs due 06:00');
    expect(text).toContain('from alice');
    // Handed tasks are on top of the receiver's list until acknowledged.
    const top = await b.page.getByRole('grid', { name: 'Tasks' }).getByRole('row').nth(1).getAttribute('aria-label');
    expect(top).toMatch(/^Night shift/);
    await inbox.getByRole('button', { name: 'Acknowledge Night shift: reefer alarm' }).click();
    await eventually(() => inbox.getByRole('listitem').count()).toBe(1);
    await eventually(() => syncStatus(a.page), { timeout: 10_000 }).not.toMatch(/not yet on the relay/);
  });
});
