// Issue 11, leads shape their workspace, on the product's defaults (no URL
// knobs) through a real relay: a lead adds a status and a template in Settings;
// an operator's Board grows the column at once, a task moved there reaches a
// third (Node) client, and quick create makes a task from the template with
// `/post` + Enter. Operators have no Settings tab.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../scripts/web';
import {
  connectNodeClient, eventually, openOperator, quickCreate, signInUrl, startApp, startRelay, type Operator, type Relay,
} from './harness';

const WORKSPACE = 'shape';

describe('settings (browser host, real relay, product defaults)', () => {
  let relay: Relay;
  let server: WebServer;
  let lead: Operator;
  let operator: Operator;
  let third: Awaited<ReturnType<typeof connectNodeClient>>;

  beforeAll(async () => {
    [relay, server] = await Promise.all([startRelay(), startApp()]);
    const [lena, otto, nico] = await Promise.all([
      relay.token(WORKSPACE, 'lena', 'lead'), relay.token(WORKSPACE, 'otto', 'operator'), relay.token(WORKSPACE, 'nico', 'operator'),
    ]);
    const url = (name: string, token: string) => signInUrl(server.url, { workspace: WORKSPACE, relay: relay.url, token, name });
    [lead, operator] = await Promise.all([openOperator(url('lena', lena)), openOperator(url('otto', otto))]);
    await Promise.all([lead, operator].map(({ page }) => page.getByRole('grid', { name: 'Tasks' }).waitFor({ timeout: 20_000 })));
    for (const { page } of [lead, operator]) page.setDefaultTimeout(10_000);
    third = await connectNodeClient(relay, WORKSPACE, nico, 'nico');
  }, 60_000);
  afterAll(async () => {
    third?.destroy();
    await Promise.all([lead?.close(), operator?.close()]);
    await server?.close();
    await relay?.stop();
  });

  it('operators have no Settings tab, and the key shows them nothing editable', async () => {
    const { page } = operator;
    const tabs = page.getByRole('navigation', { name: 'Views' });
    await tabs.getByRole('button', { name: 'Board' }).waitFor();
    expect(await tabs.getByRole('button', { name: 'Settings' }).count()).toBe(0);
    await page.keyboard.press('0');
    const settings = page.getByRole('region', { name: 'Settings' });
    await eventually(() => settings.textContent()).toContain('Only leads and admins');
    expect(await settings.locator('input, select, textarea, button').count()).toBe(0);
    await page.keyboard.press('1');
    // The lead sees the tab.
    await lead.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).waitFor();
  });

  it('a status added by the lead is a Board column on the operator at once; a task moved there reaches a third client', async () => {
    const { page } = operator;
    await quickCreate(page, 'Call the warehouse', 'otto');

    const l = lead.page;
    await l.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
    const statuses = l.getByRole('region', { name: 'Statuses' });
    await statuses.getByRole('textbox', { name: 'New status label' }).fill('On hold');
    await statuses.getByRole('combobox', { name: 'Category' }).selectOption('waiting');
    await statuses.getByRole('button', { name: 'Add status' }).click();
    await statuses.getByRole('listitem', { name: 'On hold' }).waitFor();
    // Order: beside Waiting, before the approval and closed statuses.
    for (let i = 0; i < 3; i += 1) await statuses.getByRole('button', { name: 'Move On hold up' }).click();
    const order = ['To do', 'In progress', 'Waiting', 'On hold', 'Pending approval', 'Completed', 'Cancelled'];
    await eventually(() => statuses.getByRole('listitem').evaluateAll((items) => items.map((item) => item.getAttribute('aria-label')))).toEqual(order);

    await page.keyboard.press('2');
    const board = page.getByLabel('Board');
    const onHold = board.getByRole('region', { name: 'On hold' });
    await onHold.waitFor();
    await eventually(() => board.getByRole('region').evaluateAll((columns) => columns.map((c) => c.getAttribute('aria-label')))).toEqual(order);
    await board.getByRole('region', { name: 'To do' }).getByRole('listitem', { name: 'Call the warehouse' }).dragTo(onHold);
    await onHold.getByRole('listitem', { name: 'Call the warehouse' }).waitFor();
    await eventually(() => third.repository.view.all().find((task) => task.title === 'Call the warehouse')?.status).toBe('on_hold');
    expect(third.repository.settings().statuses.map((s) => s.id)).toContain('on_hold');
    // The panel's status picker and the List's filter and labels know the new status too.
    await onHold.getByRole('listitem', { name: 'Call the warehouse' }).dblclick();
    const panel = page.getByRole('complementary', { name: 'Task details' });
    const picker = panel.getByRole('combobox', { name: 'Status' });
    await eventually(() => picker.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe('On hold');
    await page.keyboard.press('Escape');
    await page.keyboard.press('1');
    await page.getByRole('searchbox', { name: 'Filter' }).fill('status:on_hold');
    await eventually(() => page.getByRole('row', { name: /Call the warehouse/ }).textContent()).toContain('On hold');
    await page.getByRole('searchbox', { name: 'Filter' }).fill('');
    await page.keyboard.press('Enter'); // back to the list

    // The lead's list says the status is in use, and it cannot be retired while it is.
    const row = statuses.getByRole('listitem', { name: 'On hold' });
    await eventually(() => row.textContent()).toContain('used by 1 open task');
    expect(await row.getByRole('button', { name: 'Remove On hold' }).isDisabled()).toBe(true);
    // A rename reaches the operator's column headings.
    const waiting = statuses.getByRole('textbox', { name: 'Label of waiting_external' });
    await waiting.fill('Waiting on customer');
    await waiting.press('Enter');
    await page.keyboard.press('2');
    await board.getByRole('region', { name: 'Waiting on customer' }).waitFor();
    await page.keyboard.press('1');
    // The history names the change; approvals are read-only for a lead.
    await eventually(() => l.getByRole('region', { name: 'History' }).textContent()).toContain('On hold');
    const approvals = l.getByRole('region', { name: 'Approvals' });
    expect(await approvals.textContent()).toContain('Only admins change who approves');
    expect(await approvals.getByRole('checkbox', { name: 'Allow self-approval' }).isDisabled()).toBe(true);
  });

  it('the lead makes a template; the operator creates from it with /post and Enter', async () => {
    const l = lead.page;
    const templates = l.getByRole('region', { name: 'Templates' });
    await templates.getByRole('textbox', { name: 'Template name' }).fill('Post-call follow-up');
    await templates.getByRole('textbox', { name: 'Task title' }).fill('Follow up the call');
    await templates.getByRole('textbox', { name: 'Due offset (hours)' }).fill('24');
    await templates.getByRole('textbox', { name: 'Tags (comma-separated)' }).fill('follow-up');
    await templates.getByRole('button', { name: 'Create template' }).click();
    await templates.getByRole('listitem', { name: 'Post-call follow-up' }).waitFor();
    await eventually(() => third.repository.templates().map((t) => t.name)).toContain('Post-call follow-up');

    const { page } = operator;
    await page.keyboard.press('1');
    await page.getByRole('grid', { name: 'Tasks' }).focus();
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.getByRole('textbox', { name: 'Title' }).pressSequentially('/post');
    await dialog.getByRole('listbox', { name: 'Templates' }).getByRole('option', { name: /Post-call follow-up/ }).waitFor();
    const before = Date.now();
    await page.keyboard.press('Enter');
    expect(await dialog.getByRole('textbox', { name: 'Title' }).inputValue()).toBe('Follow up the call');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Follow up the call/ }).waitFor();

    await eventually(() => third.repository.view.all().some((task) => task.title === 'Follow up the call')).toBe(true);
    const task = third.repository.view.all().find((t) => t.title === 'Follow up the call');
    expect(task?.tags).toEqual(['follow-up']);
    expect(task?.origin).toBe('template');
    const due = Date.parse(task?.dueAt ?? '');
    expect(Math.abs(due - (before + 24 * 3_600_000))).toBeLessThan(5 * 60_000);
    // Removing the template is a checked command too; the history names it.
    await templates.getByRole('button', { name: 'Remove Post-call follow-up' }).click();
    await eventually(() => third.repository.templates().length).toBe(0);
    await eventually(() => l.getByRole('region', { name: 'History' }).textContent()).toContain('removed the template “Post-call follow-up”');
    expect([...operator.errors, ...lead.errors].filter((e) => !/WebSocket|net::|Failed to load resource/.test(e))).toEqual([]);
  });

  it('an admin changes approvers and self-approval; every replica follows', async () => {
    // The harness names the common roles; the relay's CLI takes admin as well.
    const token = await relay.token(WORKSPACE, 'ada', 'admin' as 'lead');
    const admin = await openOperator(signInUrl(server.url, { workspace: WORKSPACE, relay: relay.url, token, name: 'ada' }));
    try {
      const { page } = admin;
      page.setDefaultTimeout(10_000);
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
      const approvals = page.getByRole('region', { name: 'Approvals' });
      expect(await approvals.textContent()).not.toContain('Only admins');
      await approvals.getByRole('checkbox', { name: 'Allow self-approval' }).check();
      await approvals.getByRole('checkbox', { name: 'otto' }).check();
      await eventually(() => third.repository.settings().allowSelfApproval).toBe(true);
      await eventually(() => third.repository.settings().approvers).toEqual(['otto']);
      // The lead's read-only copy follows.
      await eventually(() => lead.page.getByRole('region', { name: 'Approvals' }).getByRole('checkbox', { name: 'Allow self-approval' }).isChecked()).toBe(true);
    } finally {
      await admin.close();
    }
  });
});
