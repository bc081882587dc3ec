// j/k in every view that has a highlighted row, at 10,000 tasks (real Chromium,
// browser host): List, Board, My Day, Approvals, Handoff, Review, Calendar (the
// listed day's tasks, today's) and Gantt. The workspace is ui-seed's 10,000 tasks plus 500 waiting for approval, two handoffs
// to the operator and 1,000 pending suggestions, so every view has rows to walk.
// Measured like ui-keyboard.bench.ts: keydown (its timestamp) to the frame in
// which the highlighted row has changed, forced style+layout, vsync not included.
import * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { startApp, openOperator } from '../tests/e2e/harness';
import { createRepository } from '../src-shared/doc/repository';
import { SuggestionQueue } from '../src-shared/doc/suggestion-queue';
import { withMembers } from '../src-shared/doc/test-support';
import { PRIORITIES } from '../src-shared/domain/types';
import { BENCH_USER, KEY_PROBE, percentile, round, seedBrowser } from './ui-seed';

const KEYS_PER_VIEW = Number(process.env.BENCH_KEYS ?? 150);

function buildTriageUpdate(count = 10_000, suggestions = 1_000): Uint8Array {
  const doc = withMembers(new Y.Doc(), [
    { userId: BENCH_USER, role: 'lead' }, { userId: 'bob', role: 'operator' }, { userId: 'feed', role: 'integration' },
  ]);
  const alice = createRepository(doc, { actor: BENCH_USER });
  const now = Date.now();
  const bobs: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const created = alice.create({
      title: `Task ${i}: shipment ${100_000 + i} needs a look`,
      priority: PRIORITIES[i % PRIORITIES.length],
      links: [{ kind: 'shipment', id: `S${100_000 + i}`, label: `S${100_000 + i}` }],
    });
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.id;
    alice.assign(id, i % 3 === 0 ? 'bob' : BENCH_USER);
    if (i % 3 === 0 && bobs.length < 40) bobs.push(id);
    alice.schedule(id, { dueAt: new Date(now + (i - 2_000) * 60_000).toISOString() });
    if (i % 20 === 1) alice.submit(id);
    if (i % 2 === 0) alice.comment(id, 'Checked with the carrier.');
  }
  alice.destroy();
  const bob = createRepository(doc, { actor: 'bob' });
  bob.handOff(bobs.slice(0, 20), BENCH_USER, 'Night shift: carriers called back on these.');
  bob.handOff(bobs.slice(20), BENCH_USER, 'Left over from the morning.');
  bob.destroy();
  const feed = createRepository(doc, { actor: 'feed' });
  const queue = new SuggestionQueue(feed);
  for (let i = 0; i < suggestions; i += 1) {
    const made = queue.suggest({
      signalKey: `bench-${i}`, source: i % 2 ? 'flight-feed' : 'carrier-feed', title: `Suggestion ${i}: rebook S${100_000 + i}`,
      rationale: `Carrier delay on S${100_000 + i}.`, evidence: [`https://feeds.example/${i}`], confidence: (i % 100) / 100, type: 'delivery',
      link: { kind: 'shipment', id: `S${100_000 + i}`, label: `S${100_000 + i}` },
    });
    if (!made.ok) throw new Error(made.error.message);
  }
  feed.destroy();
  return Y.encodeStateAsUpdate(doc);
}

// The highlighted row's identity in whatever view shows: the List's selected row, a list item
// or card marked current, or the Gantt's active bar. True when it differs from the last look.
const MOVED = `(() => {
  const gantt = document.querySelector('.gantt-scroll');
  const row = document.querySelector('[role="row"][aria-selected="true"]') || document.querySelector('main [aria-current="true"]');
  const id = gantt ? gantt.getAttribute('aria-activedescendant') : row && (row.id || row.getAttribute('aria-label') || row.textContent);
  if (id && id !== window.__lastHighlighted) { window.__lastHighlighted = id; return true; }
  return false;
})()`;

async function timeKey(page: Page, key: string, check: string): Promise<number> {
  await page.evaluate(`window.__probe.arm(() => (${check}))`);
  await page.keyboard.press(key);
  return (await page.evaluate(`Promise.race([window.__result, new Promise((_, reject) => setTimeout(() => reject(new Error('no frame for ${key}')), 5000))])`)) as number;
}

const VIEWS: readonly { name: string; key: string; ready: string }[] = [
  { name: 'list', key: '1', ready: '[role="grid"][aria-rowcount]' },
  { name: 'board', key: '2', ready: '.board .card' },
  { name: 'my_day', key: '3', ready: '.my-day li' },
  { name: 'approvals', key: '4', ready: 'section[aria-label="Waiting for approval"] li' },
  { name: 'handoff', key: '5', ready: '.handoff-view li' },
  { name: 'review', key: '6', ready: 'section[aria-label="Review queue"] li' },
  { name: 'calendar', key: '8', ready: '.calendar-side li' },
  { name: 'gantt', key: '9', ready: '.gantt .task-label' },
];

const server = await startApp();
const operator = await openOperator('about:blank');
try {
  const { page } = operator;
  const built = performance.now();
  await seedBrowser(page, server.url, buildTriageUpdate());
  const seedMs = performance.now() - built;
  await page.goto(server.url);
  await page.locator('[role="grid"][aria-rowcount]').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !document.body.textContent?.includes('Opening the local replica'), undefined, { timeout: 60_000 });
  await page.evaluate(`(() => { ${KEY_PROBE} })()`);

  const figures: Record<string, number | string | boolean> = { benchmark: 'ui-view-keys', tasks: 10_000, suggestions: 1_000, keys_per_view: KEYS_PER_VIEW };
  let met = true;
  for (const view of VIEWS) {
    await page.keyboard.press(view.key);
    await page.locator(view.ready).first().waitFor({ timeout: 30_000 });
    if (view.name === 'gantt') await page.locator('.gantt-scroll').focus();
    else await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.evaluate(MOVED);
    const times: number[] = [];
    for (let i = 0; i < KEYS_PER_VIEW; i += 1) {
      times.push(await timeKey(page, i % 50 < 40 ? 'j' : 'k', MOVED).catch((error: Error) => {
        throw new Error(`${view.name}, key ${i}: ${error.message}`);
      }));
    }
    figures[`${view.name}_j_k_p50_ms`] = round(percentile(times, 50));
    figures[`${view.name}_j_k_p95_ms`] = round(percentile(times, 95));
    met &&= percentile(times, 95) < 16;
  }
  figures.seed_build_ms = Math.round(seedMs);
  figures.budget_j_k_p95_ms = 16;
  figures.met = met;
  console.log(JSON.stringify(figures));
  if (operator.errors.length > 0) console.error('page errors:', operator.errors);
} finally {
  await operator.close();
  await server.close();
}
