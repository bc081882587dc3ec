// The task keys work in the Calendar and the Gantt as in the List: j/k move the
// view's own highlight (the Calendar's listed day, the Gantt's bars) and d acts on
// the highlighted task (model/view-items.ts VIEW_ITEMS). Real relay, product defaults.
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
    for (const [title, hour, days] of [['Morning check', 1, 0], ['Noon call', 12, 0], ['Evening report', 23, 0], ['Tomorrow plan', 9, 1]] as const) {
      const made = bob.repository.create({ title, ownerId: 'ann', dueAt: localAt(days, hour) });
      if (!made.ok) throw new Error(made.error.message);
    }
    ann = await openOperator(signInUrl(server.url, { workspace: 'keys', relay: relay.url, token: annToken, name: 'ann' }));
    await ann.page.locator('[role="grid"][aria-rowcount="5"]').waitFor({ timeout: 15_000 });
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
    // A highlighted row that leaves the view hands the highlight to the first row, as in every view.
    await eventually(() => current()).toBe('Morning check');
    await page.keyboard.press('j');
    await eventually(() => current()).toBe('Evening report');
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
});
