// Recurring tasks on the product's defaults (no URL knobs), browser host, real relay: a lead sets
// "every weekday at 08:00" on a task in the panel and the List shows the badge; clearing it removes
// the badge; a template gets a repeat rule in Settings > Templates, which a Node teammate reads;
// a template whose occurrence is due makes that occurrence appear in the List by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../scripts/web';
import { rruleFor } from '../../src-shared/domain/recurrence';
import { connectNodeClient, eventually, openOperator, quickCreate, signInUrl, startApp, startRelay, type Operator, type Relay } from './harness';

const WORKSPACE = 'repeat';
const pad = (n: number) => String(n).padStart(2, '0');

describe('recurring tasks (browser host, real relay, product defaults)', () => {
  let relay: Relay;
  let server: WebServer;
  let lead: Operator;
  let teammate: Awaited<ReturnType<typeof connectNodeClient>>;

  beforeAll(async () => {
    [relay, server] = await Promise.all([startRelay(), startApp()]);
    const [lena, nico] = await Promise.all([relay.token(WORKSPACE, 'lena', 'lead'), relay.token(WORKSPACE, 'nico', 'lead')]);
    lead = await openOperator(signInUrl(server.url, { workspace: WORKSPACE, relay: relay.url, token: lena, name: 'lena' }));
    await lead.page.getByRole('grid', { name: 'Tasks' }).waitFor({ timeout: 20_000 });
    lead.page.setDefaultTimeout(10_000);
    teammate = await connectNodeClient(relay, WORKSPACE, nico, 'nico');
  }, 60_000);
  afterAll(async () => {
    teammate?.destroy();
    await lead?.close();
    await server?.close();
    await relay?.stop();
  });

  it('sets "every weekday at 08:00" in the panel, shows the badge in the List, and clears it', async () => {
    const { page } = lead;
    await quickCreate(page, 'Morning gate check', 'lena');
    const grid = page.getByRole('grid', { name: 'Tasks' });
    const row = grid.getByRole('row', { name: /^Morning gate check/ });
    await row.dblclick();
    const panel = page.getByRole('complementary', { name: 'Task details' });
    const repeat = panel.getByRole('group', { name: 'Repeat' });
    // No rule: the picker says so, once (no summary line repeating it above the picker).
    const picker = repeat.getByRole('combobox', { name: 'Repeats' });
    await expect.poll(() => picker.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('Does not repeat');
    expect(await repeat.getByText(/Does not repeat\./).count()).toBe(0);
    await picker.selectOption({ label: 'Every weekday' });
    await repeat.getByLabel('At', { exact: true }).fill('08:00');
    await repeat.getByRole('button', { name: 'Set repeat' }).click();
    await eventually(() => repeat.textContent()).toContain('Repeats: Every weekday at 08:00');
    await eventually(() => row.getByText('Every weekday at 08:00').count()).toBe(1);
    // The teammate's replica holds the rule (the relay checked it like any edit).
    await eventually(() => teammate.repository.view.all().find((t) => t.title === 'Morning gate check')?.recurrence?.rrule).toBe(rruleFor('weekdays'));

    // A set rule is one line: no standing form until Change… (which Cancel closes, changing nothing).
    expect(await picker.count()).toBe(0);
    await repeat.getByRole('button', { name: 'Change…' }).click();
    await repeat.getByLabel('At', { exact: true }).fill('09:15');
    await repeat.getByRole('button', { name: 'Cancel' }).click();
    await eventually(() => repeat.textContent()).toContain('Repeats: Every weekday at 08:00');
    expect(await repeat.getByLabel('At', { exact: true }).count()).toBe(0);
    // Weekly on days, then stop repeating.
    await repeat.getByRole('button', { name: 'Change…' }).click();
    await picker.selectOption({ label: 'Weekly on…' });
    const days = repeat.getByRole('group', { name: 'On days' });
    await days.getByRole('checkbox', { name: 'Wednesday' }).check();
    await repeat.getByRole('button', { name: 'Set repeat' }).click();
    await eventually(() => row.getByText('Every week on Monday, Wednesday at 08:00').count()).toBe(1);
    await repeat.getByRole('button', { name: 'Stop repeating' }).click();
    await eventually(() => picker.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('Does not repeat');
    expect(await repeat.getByText(/^Repeats:/).count()).toBe(0);
    await eventually(() => row.locator('.badge-recurrence').count()).toBe(0);
    await panel.getByRole('button', { name: 'Close task details' }).click();
  });

  it('gives a template a repeat rule in Settings > Templates', async () => {
    const { page } = lead;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
    const templates = page.getByRole('region', { name: 'Templates' });
    const form = templates.getByRole('form', { name: 'New template' });
    await form.getByRole('textbox', { name: 'Template name' }).fill('Dock sweep');
    await form.getByRole('textbox', { name: 'Task title' }).fill('Sweep dock 3');
    const repeat = form.getByRole('group', { name: 'Repeat' });
    await repeat.getByRole('combobox', { name: 'Repeats' }).selectOption({ label: 'Monthly on day…' });
    await repeat.getByRole('spinbutton', { name: 'Day of the month' }).fill('15');
    await repeat.getByLabel('At', { exact: true }).fill('07:30');
    await repeat.getByRole('button', { name: 'Set repeat' }).click();
    await eventually(() => repeat.textContent()).toContain('Will repeat: Every month on the 15th at 07:30');
    await form.getByRole('button', { name: 'Create template' }).click();
    await eventually(() => templates.getByRole('listitem', { name: 'Dock sweep' }).textContent()).toContain('Every month on the 15th at 07:30');
    await eventually(() => teammate.repository.templates().find((t) => t.name === 'Dock sweep')?.recurrence?.rrule).toBe(rruleFor('monthly', { monthDay: 15 }));
    // Editing the template keeps its rule; stopping it there removes it.
    await templates.getByRole('button', { name: 'Edit Dock sweep' }).click();
    const editing = templates.getByRole('form', { name: 'Edit template' });
    await eventually(() => editing.getByRole('group', { name: 'Repeat' }).textContent()).toContain('Every month on the 15th at 07:30');
    await editing.getByRole('group', { name: 'Repeat' }).getByRole('button', { name: 'Stop repeating' }).click();
    await editing.getByRole('button', { name: 'Save template' }).click();
    await eventually(() => teammate.repository.templates().find((t) => t.name === 'Dock sweep')?.recurrence ?? null).toBeNull();
  });

  it('an occurrence that is due appears in the List by itself', async () => {
    const hourAgo = new Date(Date.now() - 3_600_000);
    const saved = teammate.repository.saveTemplate({
      name: 'Fence walk', title: 'Walk the fence line',
      recurrence: { rrule: rruleFor('daily'), timeZone: 'UTC', time: `${pad(hourAgo.getUTCHours())}:${pad(hourAgo.getUTCMinutes())}`, since: new Date(hourAgo.getTime() - 60_000).toISOString() },
    });
    expect(saved.ok).toBe(true);
    await lead.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'List' }).click();
    const grid = lead.page.getByRole('grid', { name: 'Tasks' });
    await eventually(() => grid.getByRole('row', { name: /^Walk the fence line/ }).count(), { timeout: 20_000 }).toBe(1);
  });
});
