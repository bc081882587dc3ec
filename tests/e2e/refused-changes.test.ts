// A lead is demoted, and an operator's token revoked, while their browsers are offline with edits
// (on the product's defaults: no URL knobs). When she comes back, the relay refuses her approval (close 4409); her browser rebuilds
// from the relay, re-appends the comment she is still allowed to make, and says what was refused
// and why, with an export of the refused change as JSON. Nothing is lost, and no one else sees the
// refused approval.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WebServer } from '../../scripts/web';
import { connectNodeClient, eventually, openOperator, quickCreate, signInUrl, startApp, startRelay, type Operator, type Relay } from './harness';

const WORKSPACE = 'harbour';
const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' }).textContent();

describe('a change the relay refuses', () => {
  let relay: Relay;
  let server: WebServer;
  let dana: Operator;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    [relay, server] = await Promise.all([startRelay(), startApp()]);
    tokens = { dana: await relay.token(WORKSPACE, 'dana', 'lead'), omar: await relay.token(WORKSPACE, 'omar', 'operator') };
    dana = await openOperator(signInUrl(server.url, { workspace: WORKSPACE, relay: relay.url, token: tokens.dana!, name: 'Dana' }));
  });
  afterAll(async () => {
    await dana?.close();
    await server?.close();
    await relay?.stop();
  });

  it('is kept with its reason and exportable; what is still allowed syncs', async () => {
    const omar = await connectNodeClient(relay, WORKSPACE, tokens.omar!, 'omar');
    const overtime = omar.repository.create({ title: 'Approve overtime for crane 4', ownerId: 'omar' });
    const pallets = omar.repository.create({ title: 'Count pallets at gate 2', ownerId: 'omar' });
    if (!overtime.ok || !pallets.ok) throw new Error('create');
    omar.repository.submit(overtime.value.id);

    const page = dana.page;
    await page.getByRole('grid', { name: 'Tasks' }).waitFor();
    await eventually(() => syncStatus(page), { timeout: 15_000 }).toContain('Online');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Approvals' }).click();
    await page.getByRole('button', { name: 'Approve', exact: true }).first().waitFor();

    await dana.context.setOffline(true);
    await eventually(() => syncStatus(page), { timeout: 5_000 }).toContain('Offline');
    await page.getByRole('button', { name: 'Approve', exact: true }).first().click();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'List' }).click();
    await page.getByRole('row', { name: /Count pallets at gate 2/ }).dblclick();
    const panel = page.getByRole('complementary', { name: 'Task details' });
    await panel.getByRole('textbox', { name: 'Comment' }).fill('Counted 14 pallets');
    await panel.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.keyboard.press('Escape');
    await eventually(() => syncStatus(page)).toMatch(/not yet on the relay/);

    // Meanwhile an admin demotes Dana (a newer token with the operator role).
    await relay.token(WORKSPACE, 'dana', 'operator');
    await dana.context.setOffline(false);

    const banner = page.getByRole('alert', { name: 'Refused changes' });
    await eventually(() => banner.textContent(), { timeout: 20_000 }).toMatch(/1 change was refused by the relay: dana is not an approver/);
    await eventually(() => syncStatus(page), { timeout: 15_000 }).toContain('Online');
    // The comment she may still make reached the relay; the approval did not.
    await eventually(() => omar.repository.view.get(pallets.value.id)?.comments.map((c) => c.body), { timeout: 10_000 }).toEqual(['Counted 14 pallets']);
    expect(omar.repository.view.get(overtime.value.id)?.status).toBe('pending_approval');

    const [download] = await Promise.all([page.waitForEvent('download'), banner.getByRole('button', { name: 'Export refused changes' }).click()]);
    const exported = JSON.parse(readFileSync((await download.path()) as string, 'utf8')) as { changes: { event: { type: string; actor: string } }[] };
    expect(exported.changes.map((c) => [c.event.type, c.event.actor])).toEqual([['task.approved', 'dana']]);
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await eventually(() => banner.count()).toBe(0);
    omar.destroy();
  }, 90_000);

  it('a token revoked while offline: signed out with the reason, the offline work kept and exportable', async () => {
    const token = await relay.token(WORKSPACE, 'bea', 'operator');
    const bea = await openOperator(signInUrl(server.url, { workspace: WORKSPACE, relay: relay.url, token, name: 'Bea' }));
    try {
      const page = bea.page;
      await page.getByRole('grid', { name: 'Tasks' }).waitFor();
      await eventually(() => syncStatus(page), { timeout: 15_000 }).toContain('Online');
      await bea.context.setOffline(true);
      await eventually(() => syncStatus(page), { timeout: 5_000 }).toContain('Offline');
      await quickCreate(page, 'Reefer 9 door seal photographed');
      await relay.revoke(token);
      await bea.context.setOffline(false);
      await eventually(() => syncStatus(page), { timeout: 20_000 }).toMatch(/Signed out/);
      // Nothing is lost: the task is still here, and the export carries it with its log.
      await eventually(() => page.getByRole('row', { name: /Reefer 9 door seal photographed/ }).count()).toBe(1);
      await page.getByRole('button', { name: 'Export…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Export' });
      const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: /Everything \(JSON/ }).click()]);
      const text = readFileSync((await download.path()) as string, 'utf8');
      expect(text).toContain('Reefer 9 door seal photographed');
    } finally {
      await bea.close();
    }
  }, 90_000);
});
