// The task keys work in the Calendar and the Gantt as in the List: j/k move the
// view's own highlight (the Calendar's listed day, the Gantt's bars) and d acts on
// the highlighted task (model/view-items.ts VIEW_ITEMS). A highlighted row that
// leaves a view hands the highlight to the row that took its place (the next one;
// the previous one when it was last). Real relay, product defaults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../scripts/web';
import { shiftByDays } from '../../src-shared/domain/calendar';
import { connectNodeClient, eventually, openOperator, signInUrl, startApp, startRelay, type Operator, type Relay } from './harness';

/** Local `hour`:00 `days` from today, as the browser (same machine, same zone) sees it. */
function localAt(days: number, hour: number): string {
  const at = new Date();
  at.setHours(hour, 0, 0, 0);
  return shiftByDays(at.toISOString(), days);
}

describe('task keys in the Calendar and the Gantt', () => {
  let relay: Relay;
  let server: WebServer;
  let ann: Operator;

  beforeAll(async () => {
    [relay, server] = await Promise.all([startRelay(), startApp()]);
    const [annToken, bobToken] = await Promise.all([relay.token('keys', 'ann', 'lead'), relay.token('keys', 'bob', 'operator')]);
    const bob = await connectNodeClient(relay, 'keys', bobToken, 'bob');
    // The last three are due in three weeks: after the others in the Gantt, off the Calendar's today.
    for (const [title, hour, days] of [['Morning check', 1, 0], ['Noon call', 12, 0], ['Evening report', 23, 0], ['Tomorrow plan', 9, 1],
      ['Alpha pallet', 9, 21], ['Bravo pallet', 10, 21], ['Charlie pallet', 11, 21]] as const) {
      const made = bob.repository.create({ title, ownerId: 'ann', dueAt: localAt(days, hour) });
      if (!made.ok) throw new Error(made.error.message);
    }
    ann = await openOperator(signInUrl(server.url, { workspace: 'keys', relay: relay.url, token: annToken, name: 'ann' }));
    await ann.page.locator('[role="grid"][aria-rowcount="8"]').waitFor({ timeout: 15_000 });
    bob.destroy();
  });
  afterAll(async () => {
    await ann?.close();
    await server?.close();
    await relay?.stop();
  });

  it('Calendar: j/k walk the listed day, d completes the highlighted task', async () => {
    const { page } = ann;
    await page.keyboard.press('8');
    const side = page.locator('.calendar-side');
    const current = () => side.locator('li[aria-current="true"] button.title-button').textContent();
    await eventually(() => current()).toBe('Morning check');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('j');
    await eventually(() => current()).toBe('Noon call');
    await page.keyboard.press('d');
    await eventually(() => side.getByRole('button', { name: /^Noon call,/ }).count()).toBe(0);
    // The highlighted row left the view: the row that took its place is highlighted, and the keys act on it.
    await eventually(() => current()).toBe('Evening report');
    await page.keyboard.press('k');
    await eventually(() => current()).toBe('Morning check');
  });

  it('Gantt: j/k move the active bar through the app\'s key map, d completes it', async () => {
    const { page } = ann;
    await page.keyboard.press('9');
    const chart = page.getByRole('listbox', { name: 'Gantt tasks' });
    await chart.focus();
    const active = async () => {
      const id = await chart.getAttribute('aria-activedescendant');
      return id ? page.locator(`[id="${id}"]`).getAttribute('aria-label') : null;
    };
    const first = await eventually(() => active()).not.toBeNull().then(active);
    await page.keyboard.press('j');
    await eventually(() => active()).not.toBe(first);
    const second = (await active()) ?? '';
    const title = ['Morning check', 'Evening report', 'Tomorrow plan'].find((name) => second.includes(name));
    expect(title).toBeDefined();
    await page.keyboard.press('d');
    await page.keyboard.press('1');
    await eventually(() => page.getByRole('row', { name: new RegExp(`^${title}`) }).count()).toBe(0);
  });

  it('Handoff: a dismissed row hands the highlight to the next row, the last one to the previous', async () => {
    const { page } = ann;
    await page.keyboard.press('5');
    const view = page.getByRole('region', { name: 'Hand off my open tasks' });
    const current = () => view.locator('li[aria-current="true"]').getAttribute('aria-label');
    await view.getByRole('listitem', { name: 'Bravo pallet' }).getByText('Bravo pallet').click();
    await eventually(() => current()).toBe('Bravo pallet');
    await page.keyboard.press('x');
    await eventually(() => view.getByRole('listitem', { name: 'Bravo pallet' }).count()).toBe(0);
    await eventually(() => current()).toBe('Charlie pallet');
    // The last row leaves: the previous one still shown takes the highlight.
    await page.keyboard.press('x');
    await eventually(() => view.getByRole('listitem', { name: 'Charlie pallet' }).count()).toBe(0);
    await eventually(() => current()).toBe('Alpha pallet');
  });
});
