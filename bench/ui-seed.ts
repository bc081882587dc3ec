// Shared by the UI benchmarks: a 10,000-task workspace written straight into
// the browser host's IndexedDB (y-indexeddb's own layout), plus the signed-in
// session, so the app opens it from local storage with no relay at all.
import { withMembers } from '../src-shared/doc/test-support';
import * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { createRepository } from '../src-shared/doc/repository';
import { PRIORITIES } from '../src-shared/domain/types';

export const BENCH_WORKSPACE = 'bench';
export const BENCH_USER = 'alice';

/** 10,000 tasks, each with a few events (create, assign, schedule, comment), as one Yjs update. */
export function buildWorkspaceUpdate(count = 10_000): Uint8Array {
  const doc = new Y.Doc();
  const repository = createRepository(withMembers(doc, [{ userId: BENCH_USER, role: 'lead' }, { userId: 'bob', role: 'operator' }]), { actor: BENCH_USER });
  const now = Date.now();
  for (let i = 0; i < count; i += 1) {
    const created = repository.create({
      title: `Task ${i}: shipment ${100_000 + i} needs a look`,
      priority: PRIORITIES[i % PRIORITIES.length],
      links: [{ kind: 'shipment', id: `S${100_000 + i}`, label: `S${100_000 + i}` }],
    });
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.id;
    repository.assign(id, i % 3 === 0 ? 'bob' : BENCH_USER);
    repository.schedule(id, { dueAt: new Date(now + (i - 2_000) * 60_000).toISOString() });
    if (i % 2 === 0) repository.comment(id, 'Checked with the carrier.');
  }
  const update = Y.encodeStateAsUpdate(doc);
  repository.destroy();
  return update;
}

/** Write the update and the session into the origin of `appUrl` (before the app first loads). */
export async function seedBrowser(page: Page, appUrl: string, update: Uint8Array, displayName: string = BENCH_USER): Promise<void> {
  await page.goto(new URL('icon.svg', appUrl).toString());
  await page.evaluate(async ({ base64, workspace, user, displayName }) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(`handoff:${workspace}:${user}`);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('updates', { autoIncrement: true });
        request.result.createObjectStore('custom');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('updates', 'readwrite');
      tx.objectStore('updates').add(bytes);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    localStorage.setItem('handoff:session', JSON.stringify({ workspaceId: workspace, userId: user, displayName, relayUrl: null, token: null }));
  }, { base64: Buffer.from(update).toString('base64'), workspace: BENCH_WORKSPACE, user: BENCH_USER, displayName });
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The page side of the keystroke probes (ui-keyboard, ui-views): `__probe.arm(check)` then a key;
 * `__result` resolves with the time from the keydown to the frame in which `check()` holds.
 */
export const KEY_PROBE = `
  let lastKeydown = 0;
  window.addEventListener('keydown', (event) => { lastKeydown = event.timeStamp; }, true);
  // Registered after the app's listener: runs once the app (and React's sync flush) is done.
  window.addEventListener('keydown', () => {
    const poll = window.__pending;
    window.__pending = null;
    if (poll) poll(true);
  }, false);
  window.__probe = {
    arm(check) {
      window.__result = new Promise((resolve) => {
        // First look right after the app handled the key (its render is flushed by then);
        // if the result needs the key's default action (a form submit), look again after it.
        const poll = (first) => {
          if (check()) { document.body.getBoundingClientRect(); resolve(performance.now() - lastKeydown); return; }
          if (first) setTimeout(poll, 0); else requestAnimationFrame(() => poll(false));
        };
        window.__pending = poll;
      });
    },
  };
`;
