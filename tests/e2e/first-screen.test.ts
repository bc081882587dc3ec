// The read-only first screen: with a cached task list on disk and a bigger
// replica to load, the cached list shows first, refuses changes, and is then
// replaced by the replica's own list (never written back, never left behind).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../scripts/web';
import { BENCH_USER, BENCH_WORKSPACE, buildWorkspaceUpdate, seedBrowser } from '../../bench/ui-seed';
import { eventually, openOperator, startApp, type Operator } from './harness';

const TASKS = 2_000;

describe('first screen from the cache while the replica loads', () => {
  let server: WebServer;
  let operator: Operator;

  beforeAll(async () => {
    server = await startApp();
    operator = await openOperator('about:blank');
    await seedBrowser(operator.page, server.url, buildWorkspaceUpdate(TASKS));
    // A cached first screen that differs from the replica, so the swap is visible.
    await operator.page.evaluate(async ({ key }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('handoff-first-screen', 3);
        request.onupgradeneeded = () => request.result.createObjectStore('buckets');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const task = {
        id: 'cached-1', title: 'Only in the cache', description: '', status: 'todo', category: 'unstarted', priority: 'urgent',
        type: 'follow_up', queue: null, ownerId: null, watchers: [], approvers: [], requiresApproval: false, dueAt: null, startAt: null,
        snoozeUntil: null, tags: [], links: [], parentId: null, checklist: [], blockedBy: [], private: false, comments: [],
        origin: 'manual', rationale: null, evidence: [], confidenceScore: null, resolution: null, dismissalReason: null,
        reopenCount: 0, lastReopenedAt: null, approval: { submittedBy: null, submittedAt: null, decidedBy: null, decision: null, reason: null },
        handoff: null, tracking: null, templateId: null, createdAt: '0', createdBy: 'x', updatedAt: '0', updatedBy: 'x',
      };
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('buckets', 'readwrite');
        tx.objectStore('buckets').put([task], [key, 0]);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    }, { key: `${BENCH_WORKSPACE}:${BENCH_USER}` });
  }, 120_000);
  afterAll(async () => {
    await operator?.close();
    await server?.close();
  });

  it('shows the cached list first, then the replica replaces it', async () => {
    const { page } = operator;
    await page.goto(server.url);
    const grid = page.getByRole('grid', { name: 'Tasks' });
    await eventually(() => grid.getAttribute('aria-rowcount'), { timeout: 30_000 }).toBe(String(TASKS + 1));
    expect(await page.getByRole('row', { name: /Only in the cache/ }).count()).toBe(0);
    await eventually(() => page.getByRole('status', { name: 'Sync status' }).textContent()).toMatch(/^Offline/);
    const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((mark) => mark.name));
    expect(marks).toEqual(expect.arrayContaining(['handoff:preview-shown', 'handoff:ready']));
    expect(marks.indexOf('handoff:preview-shown')).toBeLessThan(marks.indexOf('handoff:ready'));
    // The real replica took over: commands work again.
    await page.keyboard.press('c');
    await page.getByRole('dialog', { name: 'New task' }).getByRole('textbox', { name: 'Title' }).fill('After the swap');
    await page.keyboard.press('Enter');
    await eventually(() => grid.getAttribute('aria-rowcount')).toBe(String(TASKS + 2));
    // The cache follows the replica's list, every task once, the stale one gone (saved a few
    // seconds after start, every minute, and when the page is hidden: pagehide asks for a save).
    const cached = () => page.evaluate(async ({ key }) => {
      window.dispatchEvent(new Event('pagehide'));
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('handoff-first-screen', 3);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const ids = await new Promise<string[]>((resolve, reject) => {
        const request = db.transaction('buckets').objectStore('buckets').getAll(IDBKeyRange.bound([key], [key, []]));
        request.onsuccess = () => resolve((request.result as { id: string }[][]).flat().map((task) => task.id));
        request.onerror = () => reject(request.error);
      });
      db.close();
      return { count: ids.length, stale: ids.includes('cached-1') };
    }, { key: `${BENCH_WORKSPACE}:${BENCH_USER}` });
    await eventually(cached, { timeout: 20_000 }).toEqual({ count: TASKS + 1, stale: false });
  });
});
