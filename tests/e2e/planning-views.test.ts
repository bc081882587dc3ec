// Overview, Calendar and Gantt in real Chromium against a real relay: each shows
// tasks another client created; Overview's counts are the list's counts for the
// filter its bar applies; rescheduling from Calendar (drag and key) and Gantt
// (key and dragging a bar's end) reaches the other client; tasks without dates
// are visible in every view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { WebServer } from '../../scripts/web';
import { shiftByDays } from '../../src-shared/domain/calendar';
import { connectNodeClient, eventually, openOperator, signInUrl, startApp, startRelay, type Operator, type Relay } from './harness';

const WORKSPACE = 'planning';
const MEMBERS = [{ userId: 'alice', role: 'lead' }, { userId: 'carol', role: 'operator' }] as const;

/** Local 10:00 `days` from today, as the browser (same machine, same zone) sees it. */
function localAt(days: number, hour = 10): string {
  const at = new Date();
  at.setHours(hour, 0, 0, 0);
  return shiftByDays(at.toISOString(), days);
}
const listCount = async (page: Page) => Number(await page.getByRole('grid', { name: 'Tasks' }).getAttribute('aria-rowcount')) - 1;
/** A mouse drag with intermediate moves (Chromium starts a native drag only after the pointer has moved). */
async function dragBetween(page: Page, source: Locator, target: Locator): Promise<void> {
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
  await page.mouse.up();
}
const dayLabel = (page: Page, iso: string) =>
  page.evaluate((at) => new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(at)), iso);

describe('planning views against a real relay', () => {
  let relay: Relay;
  let server: WebServer;
  let alice: Operator;
  let carol: Awaited<ReturnType<typeof connectNodeClient>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    [relay, server] = await Promise.all([startRelay(), startApp()]);
    const tokens = Object.fromEntries(await Promise.all(MEMBERS.map(async (m) => [m.userId, await relay.token(WORKSPACE, m.userId, m.role)])));
    carol = await connectNodeClient(relay, WORKSPACE, tokens.carol!, 'carol');
    const make = (key: string, fields: Record<string, unknown>) => {
      const made = carol.repository.create({ title: key, ...fields });
      if (!made.ok) throw new Error(made.error.message);
      ids[key] = made.value.id;
    };
    make('Rebook carrier SH-1', { ownerId: 'carol', priority: 'urgent', dueAt: localAt(1), startAt: localAt(-1), links: [{ kind: 'shipment', id: 'SH-1', label: 'SH-1' }] });
    make('Chase POD SH-2', { ownerId: 'carol', priority: 'high', dueAt: localAt(-2), links: [{ kind: 'shipment', id: 'SH-2', label: 'SH-2' }], type: 'qc' });
    make('Confirm pick list SO-7', { ownerId: 'alice', dueAt: localAt(2), startAt: localAt(0, 8), links: [{ kind: 'order', id: 'SO-7', label: 'SO-7' }] });
    make('Count bay 4', { ownerId: 'alice', type: 'qc' });
    make('Old invoice', { ownerId: 'carol', dueAt: localAt(-5) });
    carol.repository.complete(ids['Old invoice']!);
    carol.repository.dispatch(ids['Confirm pick list SO-7']!, { type: 'task.prerequisite_added', payload: { taskId: ids['Rebook carrier SH-1']! } });
    alice = await openOperator(signInUrl(server.url, { workspace: WORKSPACE, relay: relay.url, token: tokens.alice!, name: 'alice' }));
    await alice.page.getByRole('grid', { name: 'Tasks' }).waitFor();
    await alice.page.locator('[role="grid"][aria-rowcount="5"]').waitFor({ timeout: 15_000 });
    alice.page.setDefaultTimeout(8_000);
  }, 60_000);
  afterAll(async () => {
    carol?.destroy();
    await alice?.close();
    await server?.close();
    await relay?.stop();
  });

  it('overview: charts show the other client\'s tasks and each count is the list\'s count for its filter', async () => {
    const { page } = alice;
    await page.keyboard.press('7');
    const overview = page.getByLabel('Overview');
    const toDo = overview.getByRole('button', { name: /^To do: \d+ tasks?\. Show in the list$/ });
    expect(await toDo.getAttribute('aria-label')).toBe('To do: 4 tasks. Show in the list');
    await overview.getByRole('button', { name: 'Completed: 1 task. Show in the list' }).waitFor();
    // The overdue action list: open and past due only; the completed one is not there.
    const overdue = overview.getByRole('region', { name: 'Overdue' });
    expect(await overdue.getByRole('button').allTextContents()).toEqual(['Chase POD SH-2']);
    expect(await overview.getByRole('region', { name: 'No due date' }).getByRole('button').allTextContents()).toEqual(['Count bay 4']);

    const bars: [RegExp, number][] = [
      [/^To do: /, 4], [/^Completed: /, 1], [/^QC: /, 2], [/^carol: /, 2], [/^alice: /, 2],
    ];
    const clearFilter = async () => {
      await page.getByRole('searchbox', { name: 'Filter' }).fill('');
      await page.keyboard.press('Escape'); // back to the list, so number keys switch views again
    };
    for (const [name, expected] of bars) {
      await page.keyboard.press('7');
      const bar = overview.getByRole('button', { name });
      await bar.focus();
      await page.keyboard.press('Enter'); // keyboard-operable: Enter on a bar filters the list
      await eventually(() => listCount(page)).toBe(expected);
      expect(await page.getByRole('button', { name: 'List', exact: true }).getAttribute('aria-current')).toBe('page');
      await clearFilter();
    }
    // Narrowed by the filter bar, the charts follow the same query.
    await page.getByRole('searchbox', { name: 'Filter' }).fill('owner:alice');
    await page.keyboard.press('Escape');
    await page.keyboard.press('7');
    expect(await overview.getByRole('button', { name: /^To do: / }).getAttribute('aria-label')).toBe('To do: 2 tasks. Show in the list');
    await clearFilter();
    // Esc in the filter bar returned focus to the Overview's first bar, so number keys work again.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^To do: /);
    expect(alice.errors).toEqual([]);
  });

  it('calendar: tasks by due day, "No due date" apart; drag and Shift+Arrow reschedule reach the other client', async () => {
    const { page } = alice;
    await page.keyboard.press('8');
    const calendar = page.getByRole('grid', { name: /^Calendar, / });
    const rebook = ids['Rebook carrier SH-1']!;
    const tomorrow = calendar.getByRole('gridcell', { name: `${await dayLabel(page, localAt(1))}: 1 task` });
    await tomorrow.getByRole('button', { name: /^Rebook carrier SH-1, Urgent/ }).waitFor();
    await page.getByRole('region', { name: 'No due date' }).getByRole('button', { name: /^Count bay 4/ }).waitFor();

    // Drag the chip two days on: the same local time, through the relay to carol.
    const target = calendar.getByRole('gridcell', { name: new RegExp(`^${await dayLabel(page, localAt(3))}: `) });
    await dragBetween(page, tomorrow.getByRole('button', { name: /^Rebook carrier SH-1/ }), target);
    await eventually(() => carol.repository.view.get(rebook)?.dueAt).toBe(localAt(3));

    // Keyboard: focus the day, Enter lists its tasks, Shift+ArrowLeft moves the task a day earlier.
    await target.click();
    await target.press('Enter');
    const listed = page.getByRole('region', { name: `Due ${await dayLabel(page, localAt(3))}` });
    await eventually(() => listed.getByRole('button', { name: /^Rebook carrier SH-1/ }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Shift+ArrowLeft');
    await eventually(() => carol.repository.view.get(rebook)?.dueAt).toBe(localAt(2));
    // Arrow keys move between days.
    await calendar.getByRole('gridcell', { name: new RegExp(`^${await dayLabel(page, localAt(2))}: `) }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(new RegExp(`^${await dayLabel(page, localAt(3))}: 0 tasks`));
    expect(alice.errors).toEqual([]);
  });

  it('gantt: bars grouped by link, undated tasks listed, Shift+Arrow and dragging a bar end reach the other client', async () => {
    const { page } = alice;
    await page.keyboard.press('9');
    const gantt = page.getByRole('listbox', { name: 'Gantt tasks' });
    const pick = gantt.getByRole('option', { name: /^Confirm pick list SO-7, order SO-7/ });
    await pick.waitFor();
    await gantt.getByRole('option', { name: /^Count bay 4, no link, .* no start to no due date$/ }).waitFor();
    const before = carol.repository.view.get(ids['Confirm pick list SO-7']!)!;
    // The prerequisite (SH-1 before SO-7) is drawn as an arrow between the two bars.
    expect(await page.locator('.gantt path.dependency').count()).toBe(1);

    await pick.click();
    await page.getByLabel('Task context').getByText('order SO-7').waitFor();
    await page.keyboard.press('Shift+ArrowRight');
    await eventually(() => carol.repository.view.get(before.id)?.dueAt).toBe(shiftByDays(before.dueAt!, 1));

    // Drag the bar's due end two days to the right (week zoom: 24 px a day).
    const bar = page.getByRole('button', { name: /^Confirm pick list SO-7: / });
    const box = (await bar.locator('rect.body').boundingBox())!;
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 1 + 24, box.y + box.height / 2, { steps: 4 });
    await page.mouse.move(box.x + box.width - 1 + 48, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await eventually(() => carol.repository.view.get(before.id)?.dueAt).toBe(shiftByDays(before.dueAt!, 3));
    expect(carol.repository.view.get(before.id)?.startAt).toBe(before.startAt);

    // Zoom and Enter opens the task panel.
    await page.getByRole('group', { name: 'Zoom' }).getByRole('button', { name: 'Day' }).click();
    await gantt.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: 'Task details' }).waitFor();
    await page.keyboard.press('Escape');
    expect(alice.errors).toEqual([]);
  });
});
