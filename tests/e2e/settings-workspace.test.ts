// Issue 11, the rest of Settings, on the product's defaults through a real relay:
// a status's colour reaches the operator's Board, a status in use is retired in one
// confirmed step (its tasks move, it leaves the pickers); a queue's default owner
// (members only, by name) takes new tasks in that queue, and its inbox is one click
// away; entity kinds, status mappings (refused while incomplete), the time zone
// (the Handoff view says when the shift ends there), the archive window and the
// task types that require approval reach a third client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../scripts/web';
import { entityUrl } from '../../src-shared/domain/entity-kinds';
import {
  connectNodeClient, eventually, openOperator, quickCreate, signInUrl, startApp, startRelay, type Operator, type Relay,
} from './harness';

const WORKSPACE = 'shape-more';

describe('settings: colours, retiring, queues, kinds, mappings, zone (browser host, real relay)', () => {
  let relay: Relay;
  let server: WebServer;
  let lead: Operator;
  let operator: Operator;
  let third: Awaited<ReturnType<typeof connectNodeClient>>;

  beforeAll(async () => {
    [relay, server] = await Promise.all([startRelay(), startApp()]);
    const [lena, otto, nico] = await Promise.all([
      relay.token(WORKSPACE, 'lena', 'lead'), relay.token(WORKSPACE, 'otto', 'operator'), relay.token(WORKSPACE, 'nico', 'operator'),
      relay.token(WORKSPACE, 'erp-feed', 'integration'),
    ]);
    const url = (name: string, token: string) => signInUrl(server.url, { workspace: WORKSPACE, relay: relay.url, token, name });
    [lead, operator] = await Promise.all([openOperator(url('lena', lena)), openOperator(url('otto', otto))]);
    await Promise.all([lead, operator].map(({ page }) => page.getByRole('grid', { name: 'Tasks' }).waitFor({ timeout: 20_000 })));
    for (const { page } of [lead, operator]) page.setDefaultTimeout(10_000);
    third = await connectNodeClient(relay, WORKSPACE, nico, 'nico');
    await lead.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
  }, 60_000);
  afterAll(async () => {
    third?.destroy();
    await Promise.all([lead?.close(), operator?.close()]);
    await server?.close();
    await relay?.stop();
  });

  it('a status colour reaches the Board; a status in use is retired in one step and leaves the pickers', async () => {
    const l = lead.page;
    const statuses = l.getByRole('region', { name: 'Statuses' });
    await statuses.getByRole('textbox', { name: 'New status label' }).fill('On hold');
    await statuses.getByRole('combobox', { name: 'Category' }).selectOption('waiting');
    await statuses.getByRole('button', { name: 'Add status' }).click();
    const row = statuses.getByRole('listitem', { name: 'On hold' });
    for (let i = 0; i < 3; i += 1) await statuses.getByRole('button', { name: 'Move On hold up' }).click(); // beside Waiting
    await row.getByLabel('Colour of On hold').fill('#aa5500');
    await eventually(() => third.repository.settings().statuses.find((s) => s.id === 'on_hold')?.color).toBe('#aa5500');

    const { page } = operator;
    await quickCreate(page, 'Wait for the carrier', 'otto');
    await page.keyboard.press('2');
    const board = page.getByLabel('Board');
    const column = board.getByRole('region', { name: 'On hold' });
    await eventually(() => column.getByRole('heading').locator('.status-swatch').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(170, 85, 0)');
    await board.getByRole('region', { name: 'To do' }).getByRole('listitem', { name: 'Wait for the carrier' }).dragTo(column);
    await eventually(() => third.repository.view.all().find((t) => t.title === 'Wait for the carrier')?.status).toBe('on_hold');

    // In use: Remove is disabled; Retire asks where the tasks go, then moves them and hides the status.
    await eventually(() => row.textContent()).toContain('used by 1 open task');
    expect(await row.getByRole('button', { name: 'Remove On hold' }).isDisabled()).toBe(true);
    await row.getByRole('button', { name: 'Retire On hold…' }).click();
    const confirm = row.getByRole('group', { name: 'Retire On hold' });
    await confirm.getByRole('combobox', { name: /Move its 1 open task to/ }).selectOption({ label: 'In progress' });
    await confirm.getByRole('button', { name: 'Move 1 task to In progress and hide On hold' }).click();
    await eventually(() => third.repository.view.all().find((t) => t.title === 'Wait for the carrier')?.status).toBe('in_progress');
    expect(third.repository.settings().statuses.find((s) => s.id === 'on_hold')?.hidden).toBe(true);
    expect(await row.getByRole('checkbox', { name: 'Hide On hold from pickers' }).isChecked()).toBe(true);
    // The operator's Board drops the empty hidden column, and the panel's picker no longer offers it.
    await eventually(() => board.getByRole('region', { name: 'On hold' }).count()).toBe(0);
    await board.getByRole('region', { name: 'In progress' }).getByRole('listitem', { name: 'Wait for the carrier' }).dblclick();
    const picker = page.getByRole('complementary', { name: 'Task details' }).getByRole('combobox', { name: 'Status' });
    expect(await picker.locator('option').allTextContents()).not.toContain('On hold');
    await page.keyboard.press('Escape');
    await page.keyboard.press('1');
  });

  it('a queue\'s default owner is a member picked by name; new tasks in the queue get it; the inbox is one click', async () => {
    const l = lead.page;
    const queues = l.getByRole('list', { name: 'Queues' });
    const owner = queues.getByRole('combobox', { name: 'Default owner of dispatch' });
    const names = await owner.locator('option').allTextContents();
    expect(names).toContain('otto');
    expect(names).not.toContain('erp-feed'); // integration accounts never own work
    await owner.selectOption({ label: 'otto' });
    await eventually(() => third.repository.settings().queueOwners).toEqual({ dispatch: 'otto' });

    await queues.getByRole('button', { name: 'Open the dispatch inbox' }).click();
    await eventually(() => l.getByRole('searchbox', { name: 'Filter' }).inputValue()).toBe('queue:dispatch');
    await l.getByRole('grid', { name: 'Tasks' }).focus();
    await quickCreate(l, 'Book a truck'); // no owner typed: the queue's goes on it
    await eventually(() => third.repository.view.all().find((t) => t.title === 'Book a truck')).toMatchObject({ queue: 'dispatch', ownerId: 'otto' });
    await l.getByRole('row', { name: /Book a truck/ }).waitFor();
    await l.getByRole('searchbox', { name: 'Filter' }).fill('');
    await l.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
  });

  it('entity kinds, status mappings (refused while incomplete), time zone, archive window, approval types', async () => {
    const l = lead.page;
    const kinds = l.getByRole('region', { name: 'Entity kinds' });
    await kinds.getByRole('button', { name: 'Edit Order' }).click();
    await kinds.getByRole('textbox', { name: 'URL pattern' }).fill('javascript:alert({id})');
    await kinds.getByRole('button', { name: 'Save kind' }).click();
    await eventually(() => kinds.getByRole('alert').textContent()).toContain('https://');
    await kinds.getByRole('textbox', { name: 'URL pattern' }).fill('https://erp/orders/{id}');
    await kinds.getByRole('button', { name: 'Save kind' }).click();
    await eventually(() => entityUrl('order', 'PO 7', third.repository.settings())).toBe('https://erp/orders/PO%207');

    const mappings = l.getByRole('region', { name: 'Status mappings' });
    await mappings.getByRole('textbox', { name: 'Mapping name' }).fill('carrier_feed');
    await mappings.getByRole('textbox', { name: 'Source states' }).fill('booked = todo\nloaded = nowhere');
    await mappings.getByRole('button', { name: 'Save mapping' }).click();
    await eventually(() => mappings.getByRole('alert').textContent()).toContain('“nowhere”, which is not a status of this workspace');
    await mappings.getByRole('textbox', { name: 'Source states' }).fill('booked = todo\nloaded = in_progress\ndelivered = completed');
    await mappings.getByRole('button', { name: 'Save mapping' }).click();
    await eventually(() => mappings.getByRole('alert').textContent()).toContain('no archived status');
    await mappings.getByRole('combobox', { name: 'Archived status' }).selectOption({ label: 'Cancelled' });
    await mappings.getByRole('button', { name: 'Save mapping' }).click();
    await eventually(() => third.repository.settings().statusMappings.carrier_feed).toEqual({
      states: { booked: 'todo', loaded: 'in_progress', delivered: 'completed' }, archived: 'cancelled',
    });
    expect(await mappings.getByRole('alert').count()).toBe(0);

    const shifts = l.getByRole('region', { name: 'Shift ends' });
    const zone = shifts.getByRole('textbox', { name: /Workspace time zone/ });
    await zone.fill('Mars/Olympus');
    await shifts.getByRole('button', { name: 'Save time zone' }).click();
    await eventually(() => shifts.getByRole('alert').textContent()).toContain('not a time zone');
    await zone.fill('Asia/Tokyo');
    await shifts.getByRole('button', { name: 'Save time zone' }).click();
    await eventually(() => third.repository.settings().timeZone).toBe('Asia/Tokyo');
    await shifts.getByRole('textbox', { name: 'Archive closed tasks after (days)' }).fill('30');
    await shifts.getByRole('button', { name: 'Save archive window' }).click();
    await eventually(() => third.repository.settings().retentionDays).toBe(30);
    // The operator's Handoff view reads the next shift end in the workspace's zone.
    await operator.page.keyboard.press('5');
    await eventually(() => operator.page.getByRole('region', { name: 'Hand off my open tasks' }).textContent()).toMatch(/This shift ends at \d\d:\d\d Asia\/Tokyo/);
    await operator.page.keyboard.press('1');

    // Types and queues read as the workspace labels them; the Approvals section then says the new word.
    const label = l.getByRole('list', { name: 'Labels' }).getByRole('textbox', { name: 'Label for qc' });
    expect(await label.inputValue()).toBe('QC');
    await label.fill('Quality check');
    await label.press('Enter');
    await eventually(() => third.repository.settings().listLabels.qc).toBe('Quality check');

    const approvals = l.getByRole('region', { name: 'Approvals' });
    await approvals.getByRole('checkbox', { name: 'Quality check requires approval' }).check();
    await eventually(() => third.repository.settings().approvalTypes).toEqual(['qc']);
    const qc = third.repository.create({ title: 'Check lot 7', type: 'qc' });
    expect(qc.ok && qc.value.requiresApproval).toBe(true);
    await eventually(() => l.getByRole('region', { name: 'History' }).textContent()).toContain('types requiring approval');
    expect([...operator.errors, ...lead.errors].filter((e) => !/WebSocket|net::|Failed to load resource/.test(e))).toEqual([]);
  });
});
