// The product as shipped: an operator and a lead in two Chromiums on one real
// relay, with NO test knobs in the URL (no ?undoMs=): the product's own
// defaults. Dismiss keeps its 10-second undo window and the other user never
// sees an undone dismissal; in every view the highlighted row is the one the
// keys act on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WebServer } from '../../scripts/web';
import { signalsPath } from '../../src-shared/protocol/relay-api';
import { eventually, openOperator, quickCreate, signInUrl, startApp, startRelay, type Operator, type Relay } from './harness';

const WORKSPACE = 'shipped';

const rowLabel = (page: Page, title: string) => page.getByRole('row', { name: new RegExp(`^${title}`) }).getAttribute('aria-label');
const rowCount = (page: Page, title: string) => page.getByRole('row', { name: new RegExp(`^${title}`) }).count();
const highlighted = (page: Page) => page.locator('[aria-current="true"]').getAttribute('aria-label');

describe('the product on its defaults (no URL knobs), operator and lead on one relay', () => {
  let relay: Relay;
  let server: WebServer;
  let operator: Operator;
  let lead: Operator;
  let integration: string;

  beforeAll(async () => {
    [relay, server] = await Promise.all([startRelay(), startApp()]);
    const [alice, bob] = await Promise.all([relay.token(WORKSPACE, 'alice', 'operator'), relay.token(WORKSPACE, 'bob', 'lead')]);
    // An integration account is a member too, but never someone to assign work to.
    integration = await relay.token(WORKSPACE, 'flight-feed', 'integration');
    const url = (user: string, token: string) => signInUrl(server.url, { workspace: WORKSPACE, relay: relay.url, token, name: user });
    [operator, lead] = await Promise.all([openOperator(url('alice', alice)), openOperator(url('bob', bob))]);
    for (const { page } of [operator, lead]) {
      await page.getByRole('grid', { name: 'Tasks' }).waitFor();
      await page.getByRole('status', { name: 'Sync status' }).filter({ hasText: 'Online' }).waitFor({ timeout: 15_000 });
    }
  });
  afterAll(async () => {
    await Promise.all([operator?.close(), lead?.close()]);
    await server?.close();
    await relay?.stop();
  });

  it('dismiss: Undo stays for 10 s; the other user never sees an undone dismissal and sees a committed one', async () => {
    const a = operator.page;
    const b = lead.page;
    await quickCreate(a, 'Restock gate B2 cones');
    await eventually(() => rowCount(b, 'Restock gate B2 cones')).toBe(1);

    // Dismiss, and undo after 8 s: the toast was there all along and the lead never saw it go.
    await a.getByRole('row', { name: /^Restock gate B2 cones/ }).click();
    await a.keyboard.press('x');
    await eventually(() => rowCount(a, 'Restock gate B2 cones')).toBe(0);
    const undo = a.getByRole('button', { name: 'Undo' });
    await undo.waitFor();
    const started = Date.now();
    while (Date.now() - started < 8_000) {
      expect(await undo.count()).toBe(1);
      expect(await rowLabel(b, 'Restock gate B2 cones')).toContain('To do');
      await a.waitForTimeout(500);
    }
    await undo.click();
    await eventually(() => rowCount(a, 'Restock gate B2 cones')).toBe(1);
    // Past the original window: still not dismissed anywhere.
    await a.waitForTimeout(3_000);
    expect(await rowLabel(b, 'Restock gate B2 cones')).toContain('To do');

    // Dismiss again and let the window pass: the lead sees it leave.
    await a.getByRole('row', { name: /^Restock gate B2 cones/ }).click();
    await a.keyboard.press('x');
    await undo.waitFor();
    await a.waitForTimeout(7_000);
    expect(await rowCount(b, 'Restock gate B2 cones')).toBe(1);
    await undo.waitFor({ state: 'detached', timeout: 6_000 });
    await eventually(() => rowCount(b, 'Restock gate B2 cones')).toBe(0);
  }, 45_000);

  it('in Approvals, My Day, Handoff, Board and Review the highlighted row is the one the keys act on', async () => {
    const a = operator.page;
    const b = lead.page;
    for (const title of ['Refund order 118', 'Refund order 119']) {
      await quickCreate(a, title, 'alice');
      await a.keyboard.press('p');
      await eventually(() => rowLabel(a, title)).toContain('Pending approval');
    }
    await quickCreate(b, 'Check lot 9 QC', 'bob');
    // The List's selection stays on "Check lot 9 QC"; Approvals has its own.
    await b.keyboard.press('4');
    const approvals = b.getByRole('region', { name: 'Waiting for approval' });
    await eventually(() => approvals.getByRole('listitem').count()).toBe(2);
    expect(await highlighted(b)).toBe('Refund order 118');
    await b.keyboard.press('j');
    await eventually(() => highlighted(b)).toBe('Refund order 119');
    await b.keyboard.press('a');
    await eventually(() => approvals.getByRole('listitem').count()).toBe(1);
    expect(await highlighted(b)).toBe('Refund order 118');
    expect(await b.getByRole('alert').count()).toBe(0);

    // My Day: j/k walk the view's own rows.
    await b.keyboard.press('3');
    await eventually(() => highlighted(b)).toBe('Check lot 9 QC');
    // Board: closed tasks are in their columns; the highlighted card is the one `d` completes.
    await b.keyboard.press('2');
    const board = b.getByLabel('Board');
    await eventually(() => board.getByRole('region', { name: 'Completed' }).getByRole('listitem').count()).toBe(1);
    await b.keyboard.press('Home');
    await eventually(() => highlighted(b)).toBe('Check lot 9 QC');
    await b.keyboard.press('d');
    await eventually(() => board.getByRole('region', { name: 'Completed' }).getByRole('listitem').count()).toBe(2);

    // Handoff (operator): the highlighted row follows j/k.
    await a.keyboard.press('5');
    await eventually(() => highlighted(a)).toBe('Refund order 118');
    // Review: the rows are suggestions; `a` approves the highlighted one, `x` asks why to reject it (Esc cancels).
    for (const [signalKey, title, confidence] of [['gate-b2', 'Restock gate B4 barriers', 0.9], ['gate-c1', 'Inspect gate C1 turnstile', 0.6]] as const) {
      const response = await fetch(`http://127.0.0.1:${relay.port}${signalsPath(WORKSPACE)}`, {
        method: 'POST', headers: { authorization: `Bearer ${integration}`, 'content-type': 'application/json' },
        body: JSON.stringify({ signalKey, source: 'gate-sensors', title, rationale: 'Sensor count low.', evidence: [], confidence }),
      });
      expect(response.status).toBe(201);
    }
    await b.keyboard.press('6');
    const queue = b.getByRole('region', { name: 'Review queue' });
    await eventually(() => queue.getByRole('listitem').count()).toBe(2);
    expect(await highlighted(b)).toBe('Restock gate B4 barriers');
    await b.keyboard.press('x');
    const reject = b.getByRole('dialog', { name: 'Reject “Restock gate B4 barriers”' });
    await reject.waitFor();
    await b.keyboard.press('Escape');
    await reject.waitFor({ state: 'detached' });
    await b.keyboard.press('j');
    await eventually(() => highlighted(b)).toBe('Inspect gate C1 turnstile');
    await b.keyboard.press('a');
    await eventually(() => queue.getByRole('listitem').count()).toBe(1);
    expect(await highlighted(b)).toBe('Restock gate B4 barriers');
    await b.keyboard.press('1');
    await eventually(() => rowCount(b, 'Inspect gate C1 turnstile')).toBe(1);
    expect(await rowCount(b, 'Refund order 118')).toBe(1);
  }, 45_000);

  it('typing in the Description survives a remote save; the typist keeps theirs or takes the other', async () => {
    const a = operator.page;
    const b = lead.page;
    for (const page of [a, b]) await page.keyboard.press('1');
    await quickCreate(a, 'Seal check container 77', 'alice');
    for (const page of [a, b]) await page.getByRole('row', { name: /^Seal check container 77/ }).dblclick();
    const description = (page: Page) => page.getByRole('complementary', { name: 'Task details' }).getByRole('textbox', { name: 'Description' });
    await description(b).click();
    await b.keyboard.type('Seal intact, number 4471 matches');
    // The operator saves another description meanwhile.
    await description(a).fill('Check the seal number against the manifest');
    await description(a).blur();
    const notice = b.getByRole('group', { name: 'Description changed by someone else' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Check the seal number against the manifest');
    expect(await description(b).inputValue()).toBe('Seal intact, number 4471 matches');
    // Leaving the field does not save over the other text without a choice.
    await description(b).blur();
    await a.waitForTimeout(500);
    expect(await description(a).inputValue()).toBe('Check the seal number against the manifest');
    await notice.getByRole('button', { name: 'Keep mine' }).click();
    await eventually(() => description(a).inputValue()).toBe('Seal intact, number 4471 matches');
    for (const page of [a, b]) await page.keyboard.press('Escape');
  });

  it('owners and handoff recipients are members only: a typo or an integration is refused', async () => {
    const a = operator.page;
    await a.keyboard.press('1');
    await a.keyboard.press('c');
    const create = a.getByRole('dialog', { name: 'New task' });
    await create.getByRole('textbox', { name: 'Title' }).fill('Chase customs docs');
    await create.getByRole('combobox', { name: 'Owner' }).fill('bbo');
    await a.keyboard.press('Enter');
    await eventually(() => create.getByRole('alert').first().textContent()).toMatch(/no member of this workspace matches/i);
    await create.getByRole('combobox', { name: 'Owner' }).fill('flight');
    expect(await create.getByRole('option').count()).toBe(0);
    await create.getByRole('combobox', { name: 'Owner' }).fill('bo');
    expect(await create.getByRole('option').allTextContents()).toEqual(['bob']);
    await a.keyboard.press('Enter');
    await create.waitFor({ state: 'detached' });
    await eventually(() => rowLabel(a, 'Chase customs docs')).toContain('bob');

    // `e`: only members are offered; Enter takes the highlighted one.
    await a.getByRole('row', { name: /^Chase customs docs/ }).click();
    await a.keyboard.press('e');
    const picker = a.getByRole('dialog', { name: 'Assign owner' });
    expect(await picker.getByRole('option').allTextContents()).toEqual(['alice', 'bob', 'Unassigned']);
    await picker.getByRole('combobox', { name: 'Owner' }).fill('al');
    await a.keyboard.press('Enter');
    await eventually(() => rowLabel(a, 'Chase customs docs')).toContain('alice');

    // Handoff "To": a name that is no member is refused; nothing is handed off.
    await a.keyboard.press(' ');
    await a.keyboard.press('h');
    const handoff = a.getByRole('dialog', { name: /Hand off 1 task/ });
    await handoff.getByRole('combobox', { name: 'To' }).fill('carl');
    await handoff.getByRole('button', { name: 'Hand off' }).click();
    await eventually(() => handoff.getByRole('alert').first().textContent()).toMatch(/no member/i);
    await a.keyboard.press('Escape');
    await a.keyboard.press('Escape');
    expect(await a.getByRole('region', { name: 'Handed to you' }).count()).toBe(0);
  });

  it('fits 1280 px on the Board, opens the key sheet at the top, snoozes by keyboard, and counts and greets properly', async () => {
    const a = operator.page;
    const b = lead.page;
    await b.keyboard.press('2');
    const board = b.getByLabel('Board');
    await board.getByRole('region', { name: 'Cancelled' }).waitFor();
    expect(await b.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    for (const control of [b.getByRole('checkbox', { name: 'Show completed' }), b.getByRole('button', { name: 'Sign out' })]) {
      const box = await control.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(1280);
    }

    await b.keyboard.press('?');
    const help = b.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.evaluate((element) => element.scrollTop)).toBe(0);
    await b.keyboard.press('Escape');

    // Snooze: arrows move through the choices; times without seconds.
    await a.keyboard.press('1');
    await quickCreate(a, 'Call the crane operator');
    await a.keyboard.press('s');
    const snooze = a.getByRole('dialog', { name: 'Snooze until' });
    const choices = snooze.getByRole('button');
    await eventually(() => choices.count()).toBe(3);
    for (const text of await choices.allTextContents()) expect(text).not.toMatch(/\d:\d\d:\d\d/);
    const focused = () => a.evaluate(() => document.activeElement?.textContent ?? '');
    const first = await focused();
    await a.keyboard.press('ArrowDown');
    await eventually(focused).not.toBe(first);
    await a.keyboard.press('ArrowUp');
    await eventually(focused).toBe(first);
    await a.keyboard.press('Escape');

    // Counts say "1 task"; after a reload I am not "online" to myself.
    await a.getByRole('searchbox', { name: 'Filter' }).fill('"Call the crane operator"');
    await eventually(() => a.locator('.status-bar .count').textContent()).toBe('1 task');
    await a.getByRole('searchbox', { name: 'Filter' }).fill('');
    await b.reload();
    await b.getByRole('status', { name: 'Sync status' }).filter({ hasText: 'Online' }).waitFor({ timeout: 15_000 });
    await eventually(() => b.getByLabel('Online now').textContent()).toContain('alice');
    expect(await b.getByLabel('Online now').textContent()).not.toContain('bob');
  });
});
