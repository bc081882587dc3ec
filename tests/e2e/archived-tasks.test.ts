// Archived tasks in the browser, on the product's defaults (needs the relay's generations and
// archive, branch archive-relay). An admin runs retention while Ann's browser is open: the relay
// moves her to the new generation (close 4410), her browser opens a fresh IndexedDB replica for it
// and reloads. The closed task has left the live list; with Show completed it appears marked
// "Archived", opens read-only with its activity from the archived log, and a live task whose
// parent is archived links to it as an "archived task". Offline, the cached entry still shows.
// Back online, Ann (its owner, an operator: the rules let her reopen) reopens it from the archived
// panel: the relay brings it back into the live document with its whole log, one task, one log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WebServer } from '../../scripts/web';
import { archivePaths } from '../../src-shared/protocol/archive-api';
import { relayHttpBase } from '../../src-shared/protocol/relay-api';
import { relayCli } from '../support/relay-process';
import { connectNodeClient, eventually, openOperator, signInUrl, startApp, startRelay, type Operator, type Relay } from './harness';

const WORKSPACE = 'depot';
const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' }).textContent();

describe('archived tasks in the browser', () => {
  let relay: Relay;
  let server: WebServer;
  let ann: Operator;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    [relay, server] = await Promise.all([startRelay(), startApp()]);
    tokens = {
      ann: await relay.token(WORKSPACE, 'ann', 'operator'),
      adm: await relayCli(['token', 'create', '--db', relay.dbPath, '--workspace', WORKSPACE, '--user', 'adm', '--role', 'admin']),
    };
    ann = await openOperator(signInUrl(server.url, { workspace: WORKSPACE, relay: relay.url, token: tokens.ann!, name: 'Ann' }));
  });
  afterAll(async () => {
    await ann?.close();
    await server?.close();
    await relay?.stop();
  });

  it('follows the new generation and shows the archived task read-only, also offline', async () => {
    const adm = await connectNodeClient(relay, WORKSPACE, tokens.adm!, 'adm');
    expect(adm.repository.updateSettings({ retentionDays: 0 }).ok).toBe(true);
    const sealed = adm.repository.create({ title: 'Seal dock 4', ownerId: 'ann' });
    if (!sealed.ok) throw new Error('create');
    adm.repository.comment(sealed.value.id, 'Seal number 88');
    adm.repository.complete(sealed.value.id);
    const pallets = adm.repository.create({ title: 'Count pallets', ownerId: 'ann' });
    if (!pallets.ok) throw new Error('create');
    adm.repository.dispatch(pallets.value.id, { type: 'task.parent_set', payload: { parentId: sealed.value.id } });

    const page = ann.page;
    await page.getByRole('grid', { name: 'Tasks' }).waitFor();
    await eventually(() => syncStatus(page), { timeout: 15_000 }).toContain('Online');
    await page.getByRole('row', { name: /Count pallets/ }).waitFor();
    await eventually(() => adm.provider.synced && adm.doc.getMap('tasks').size).toBe(2);
    await new Promise((r) => setTimeout(r, 500)); // the admin's appends reach the relay's store

    const run = await fetch(`${relayHttpBase(relay.url)}${archivePaths.run(WORKSPACE)}`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.adm}` } });
    expect(await run.json()).toMatchObject({ archivedTasks: 1, generation: 1 });
    adm.destroy();

    // The move: a new IndexedDB replica for generation 1, recorded before the reload.
    await eventually(() => page.evaluate(() => window.localStorage.getItem('handoff:depot:ann:generation')), { timeout: 20_000 }).toBe('1');
    await page.getByRole('grid', { name: 'Tasks' }).waitFor();
    await eventually(() => syncStatus(page), { timeout: 15_000 }).toContain('Online');
    await page.getByRole('row', { name: /Count pallets/ }).waitFor();

    await page.getByRole('checkbox', { name: 'Show completed' }).check();
    const archived = page.getByRole('region', { name: 'Archived tasks' });
    const row = archived.getByRole('button', { name: /Archived\s*Seal dock 4/ });
    await row.waitFor({ timeout: 10_000 });
    expect(await page.getByRole('row', { name: /Seal dock 4/ }).count()).toBe(0); // not a live row
    await row.click();
    const panel = page.getByRole('complementary', { name: 'Task details' });
    await panel.getByText(/Read-only: this task closed and moved to the archive/).waitFor();
    await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent()).toMatch(/Seal dock 4\s*Archived/);
    const activity = panel.getByRole('region', { name: 'Activity' });
    await expect.poll(() => activity.getByRole('listitem').count()).toBe(3);
    expect(await panel.getByRole('region', { name: 'Comments' }).textContent()).toContain('Seal number 88');
    // Read-only: no command a live task's panel offers, except Reopen for whoever may reopen.
    for (const name of ['Complete', 'Comment', 'Assign…']) expect(await panel.getByRole('button', { name, exact: true }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Reopen', exact: true }).count()).toBe(1);
    await page.keyboard.press('Escape');

    // A live task whose parent is archived links to it, not to an error.
    await page.getByRole('checkbox', { name: 'Show completed' }).uncheck();
    await page.getByRole('row', { name: /Count pallets/ }).dblclick();
    await panel.getByRole('button', { name: `Open archived task ${sealed.value.id}` }).click();
    await panel.getByText(/Read-only: this task closed and moved to the archive/).waitFor();
    await page.keyboard.press('Escape');

    // Offline: the archived task this browser fetched still shows, from its cache.
    await ann.context.setOffline(true);
    await eventually(() => syncStatus(page), { timeout: 5_000 }).toContain('Offline');
    await page.getByRole('searchbox', { name: 'Filter' }).fill('seal');
    await archived.getByText(/cached on this device/).waitFor({ timeout: 10_000 });
    await archived.getByRole('button', { name: /Archived\s*Seal dock 4/ }).click();
    await expect.poll(() => panel.getByRole('region', { name: 'Activity' }).getByRole('listitem').count()).toBe(3);

    // Reopen needs the relay: back online, the relay's archive takes the reopen and the task is live again.
    await ann.context.setOffline(false);
    await eventually(() => syncStatus(page), { timeout: 20_000 }).toContain('Online');
    await page.keyboard.press('Escape');
    await archived.getByRole('button', { name: /Archived\s*Seal dock 4/ }).click();
    await panel.getByRole('button', { name: 'Reopen', exact: true }).click();
    await page.getByRole('row', { name: /Seal dock 4/ }).waitFor({ timeout: 15_000 });
    await expect.poll(() => archived.getByRole('button', { name: /Archived\s*Seal dock 4/ }).count()).toBe(0); // a live row now, not an archived one
    await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent()).not.toMatch(/Archived/);
    await expect.poll(() => panel.getByRole('button', { name: 'Complete', exact: true }).count()).toBe(1);
    // The whole log came back: created, commented, completed, reopened.
    await expect.poll(() => panel.getByRole('region', { name: 'Activity' }).getByRole('listitem').count()).toBe(4);
    const gone = await fetch(`${relayHttpBase(relay.url)}${archivePaths.task(WORKSPACE, sealed.value.id)}`, { headers: { Authorization: `Bearer ${tokens.ann}` } });
    expect(gone.status).toBe(404); // it left the archive: one task, one log
    expect(ann.errors.filter((e) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED|WebSocket/.test(e))).toEqual([]);
  }, 120_000);
});
