// Browser due/overdue notices: nothing is asked on load; the status bar's
// "Turn on notifications" asks for the permission on click; an overdue task of
// mine then raises a notice, and clicking the notice opens that task. The page's
// Notification is a recording stand-in (headless Chromium shows none).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../scripts/web';
import { eventually, openOperator, quickCreate, signInUrl, startApp, type Operator } from './harness';

describe('browser notifications', () => {
  let server: WebServer;
  let operator: Operator;

  beforeAll(async () => {
    server = await startApp();
    operator = await openOperator('about:blank');
    await operator.page.addInitScript(() => {
      const shown: { title: string; fake: { onclick: null | (() => void) } }[] = [];
      let permission = 'default';
      let asked = 0;
      class FakeNotification {
        static get permission() { return permission; }
        static async requestPermission() { asked += 1; permission = 'granted'; return permission; }
        onclick: null | (() => void) = null;
        constructor(title: string) { shown.push({ title, fake: this }); }
        close() {}
      }
      Object.assign(window, {
        Notification: FakeNotification,
        notices: { titles: () => shown.map((n) => n.title), asked: () => asked, click: (i: number) => shown[i]!.fake.onclick?.() },
      });
    });
  }, 180_000);
  afterAll(async () => {
    await operator?.close();
    await server?.close();
  });

  it('asks only on the visible control, then notices my overdue task and opens it on click', async () => {
    const { page } = operator;
    await page.goto(signInUrl(server.url, { workspace: 'ws-notices', name: 'alice' }));
    const turnOn = page.getByRole('button', { name: 'Turn on notifications' });
    await turnOn.waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { notices: { asked(): number } }).notices.asked())).toBe(0);
    await turnOn.click();
    await eventually(() => page.getByText('Notifications on').count()).toBe(1);

    await quickCreate(page, 'Call the depot', 'alice');
    await page.getByRole('button', { name: 'Call the depot' }).click();
    const panel = page.getByRole('complementary', { name: 'Task details' });
    // An unset due is a quiet button; clicking it gives the focused date field.
    await panel.getByRole('button', { name: 'Set due' }).click();
    await panel.getByLabel('Due', { exact: true }).fill('2020-01-01T09:00');
    await panel.getByRole('button', { name: 'Close task details' }).click();
    await panel.waitFor({ state: 'detached' });

    const titles = () => page.evaluate(() => (window as unknown as { notices: { titles(): string[] } }).notices.titles());
    await eventually(titles).toEqual(['Overdue: Call the depot']);
    await page.evaluate(() => (window as unknown as { notices: { click(i: number): void } }).notices.click(0));
    await eventually(() => panel.count()).toBe(1);
    expect(await panel.textContent()).toContain('Call the depot');
  });
});
