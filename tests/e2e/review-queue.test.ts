// An integration posts a signal to the relay; the operator sees it in the Review queue (key 6)
// with its rationale, approves it, and it becomes a task in the list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../scripts/web';
import { signalsPath } from '../../src-shared/protocol/relay-api';
import { eventually, openOperator, signInUrl, startApp, startRelay, type Operator, type Relay } from './harness';

describe('review queue (browser host, real relay)', () => {
  let relay: Relay;
  let server: WebServer;
  let operator: Operator;

  beforeAll(async () => {
    [relay, server] = await Promise.all([startRelay(), startApp()]);
    const token = await relay.token('ops', 'ann', 'operator');
    operator = await openOperator(signInUrl(server.url, { workspace: 'ops', relay: relay.url, token, name: 'ann' }));
    await operator.page.getByRole('grid', { name: 'Tasks' }).waitFor();
  });
  afterAll(async () => {
    await operator?.close();
    await server?.close();
    await relay?.stop();
  });

  it('shows a posted signal with its rationale; approving makes it a task', async () => {
    const integration = await relay.token('ops', 'flight-feed', 'integration');
    const response = await fetch(`http://127.0.0.1:${relay.port}${signalsPath('ops')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${integration}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        signalKey: 'SQ232-delay', source: 'flight-feed', title: 'Rebook transfer: SQ232 delayed 4h',
        rationale: 'Flight SQ232 delayed 4 hrs.', evidence: ['https://feeds.example/SQ232'], confidence: 0.72,
      }),
    });
    expect(response.status).toBe(201);

    const { page } = operator;
    await page.keyboard.press('6');
    const queue = page.getByRole('region', { name: 'Review queue' });
    const item = queue.getByRole('listitem', { name: 'Rebook transfer: SQ232 delayed 4h' });
    await item.waitFor({ timeout: 15_000 });
    expect(await item.textContent()).toContain('Flight SQ232 delayed 4 hrs.');
    // The board stays clean: unapproved suggestions are not tasks.
    await page.keyboard.press('1');
    expect(await page.getByRole('row', { name: /Rebook transfer/ }).count()).toBe(0);

    await page.keyboard.press('6');
    await item.getByRole('button', { name: 'Approve' }).click();
    await eventually(() => queue.getByRole('listitem').count()).toBe(0);
    await page.keyboard.press('1');
    await page.getByRole('row', { name: /Rebook transfer: SQ232 delayed 4h/ }).waitFor();

    // The task keeps why it exists (rationale, evidence) and its activity names the signal.
    await page.getByRole('row', { name: /Rebook transfer: SQ232 delayed 4h/ }).dblclick();
    const panel = page.getByRole('complementary', { name: 'Task details' });
    await eventually(() => panel.textContent()).toContain('Flight SQ232 delayed 4 hrs.');
    expect(await panel.getByRole('link', { name: /evidence/i }).getAttribute('href')).toBe('https://feeds.example/SQ232');
    const activity = panel.getByRole('region', { name: 'Activity' });
    await eventually(() => activity.getByRole('listitem').first().textContent()).toMatch(/flight-feed.*SQ232-delay/);
  });
});
