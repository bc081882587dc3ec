// An operator (Chromium) and a lead (a headless teammate on the real relay): the
// operator's Approvals shows who submitted and when but no Approve buttons she
// cannot use; she is told when the lead requests changes or approves; the lead's
// handoffs show as one entry each (who, when, the note once, its tasks) with
// Acknowledge all, and the inbox collapses (to one line once seen). Product defaults, by role and name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../scripts/web';
import { connectNodeClient, eventually, openOperator, quickCreate, signInUrl, startApp, startRelay, type Operator, type Relay } from './harness';

describe('handed to you, and decisions told (browser host, real relay)', () => {
  let relay: Relay;
  let server: WebServer;
  let ann: Operator;
  let lead: Awaited<ReturnType<typeof connectNodeClient>>;

  beforeAll(async () => {
    [relay, server] = await Promise.all([startRelay(), startApp()]);
    const [annToken, leaToken] = await Promise.all([relay.token('ops', 'ann', 'operator'), relay.token('ops', 'lea', 'lead')]);
    ann = await openOperator(signInUrl(server.url, { workspace: 'ops', relay: relay.url, token: annToken, name: 'ann' }));
    await ann.page.getByRole('grid', { name: 'Tasks' }).waitFor();
    lead = await connectNodeClient(relay, 'ops', leaToken, 'lea');
  });
  afterAll(async () => {
    lead?.destroy();
    await ann?.close();
    await server?.close();
    await relay?.stop();
  });

  it('shows the operator no Approve buttons, and tells her of the lead\'s decisions', async () => {
    await eventually(() => lead.repository.roleOf('lea')).toBe('lead');
    const { page } = ann;
    await quickCreate(page, 'Refund order 118', 'ann');
    await page.getByRole('row', { name: /Refund order 118/ }).click();
    await page.keyboard.press('p');
    await page.keyboard.press('4');
    const waiting = page.getByRole('region', { name: 'Waiting for approval' });
    const row = waiting.getByRole('listitem', { name: 'Refund order 118' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/submitted by ann/);
    expect(await row.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await row.textContent()).toContain('Waiting for an approver');

    const refund = () => lead.repository.view.all().find((task) => task.title === 'Refund order 118');
    await eventually(() => refund()?.category, { timeout: 15_000 }).toBe('approval');
    const id = refund()!.id;
    expect(lead.repository.requestChanges(id, 'Attach the receipt').ok).toBe(true);
    const notices = page.getByRole('region', { name: 'Notifications' });
    await eventually(() => notices.textContent(), { timeout: 15_000 }).toContain('lea requested changes on “Refund order 118”: Attach the receipt');

    await page.keyboard.press('1');
    await page.getByRole('row', { name: /Refund order 118/ }).click();
    await page.keyboard.press('p');
    await eventually(() => lead.repository.view.get(id)?.category, { timeout: 15_000 }).toBe('approval');
    expect(lead.repository.approve(id).ok).toBe(true);
    await eventually(() => notices.textContent(), { timeout: 15_000 }).toContain('lea approved “Refund order 118”.');
  });

  it('shows one entry per handoff with the note once and Acknowledge all; the inbox collapses', async () => {
    const titles = ['Reefer 7 alarm', 'Customs docs for SO-4', 'Dock 3 booking'];
    const ids = titles.map((title) => {
      const created = lead.repository.create({ title, ownerId: 'lea' });
      if (!created.ok) throw new Error(created.error.message);
      return created.value.id;
    });
    expect(lead.repository.handOff(ids.slice(0, 2), 'ann', 'Carriers called back on these').ok).toBe(true);
    expect(lead.repository.handOff(ids.slice(2), 'ann', 'Dock 3 needs a new slot').ok).toBe(true);

    const { page } = ann;
    const inbox = page.getByRole('region', { name: 'Handed to you' });
    await eventually(() => inbox.getByRole('listitem').count(), { timeout: 15_000 }).toBe(3);
    expect(await inbox.textContent()).toContain('2 handoffs, 3 tasks');
    const first = inbox.getByRole('region', { name: /^From lea, .*: 2 tasks$/ });
    expect(await first.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Reefer 7 alarm'), expect.stringContaining('Customs docs for SO-4')]);
    // The note once per handoff, not once per task.
    expect(((await inbox.textContent()) ?? '').split('Carriers called back on these').length - 1).toBe(1);

    await first.getByRole('button', { name: 'Acknowledge all 2 tasks from lea' }).click();
    await eventually(() => inbox.getByRole('listitem').count()).toBe(1);
    // Both acknowledgements reach the lead's replica (they may arrive in separate relay updates).
    await eventually(() => ids.slice(0, 2).map((id) => lead.repository.view.get(id)?.handoff?.acknowledged), { timeout: 15_000 }).toEqual([true, true]);

    // Seen once, it comes back as one line (who, how many, the note) with Show handoffs collapsed.
    await page.reload();
    const show = inbox.getByRole('button', { name: 'Show handoffs' });
    await show.waitFor({ timeout: 15_000 });
    expect(await show.getAttribute('aria-expanded')).toBe('false');
    expect(await inbox.getByRole('listitem').count()).toBe(0);
    expect(await inbox.textContent()).toContain('1 handoff, 1 task from lea');
    expect(await inbox.textContent()).toContain('Dock 3 needs a new slot');
    await show.click();

    const toggle = inbox.getByRole('button', { name: 'Hide handoffs' });
    await toggle.click();
    expect(await inbox.getByRole('button', { name: 'Show handoffs' }).getAttribute('aria-expanded')).toBe('false');
    expect(await inbox.getByRole('listitem').count()).toBe(0);
    // Collapsed stays collapsed across views.
    await page.keyboard.press('3');
    expect(await inbox.getByRole('listitem').count()).toBe(0);
    await inbox.getByRole('button', { name: 'Show handoffs' }).click();
    await inbox.getByRole('button', { name: 'Acknowledge Dock 3 booking' }).click();
    await eventually(() => inbox.count()).toBe(0);
  });
});
