// Overview, Calendar and Gantt over a 10,000-task workspace (real Chromium,
// browser host, bench/planning-fixture.ts: ten weeks of work, several owners
// and entity kinds, every status, prerequisites):
//   switch:   number key (7, 8, 9) to the view laid out, measured from the keydown's
//             timestamp inside the page, as ui-keyboard.bench.ts does; every switch
//             starts from the List (1), which is not timed.
//   keys:     Calendar ArrowRight/ArrowLeft to the next day focused; Gantt j/k to
//             the next bar active; keydown to the frame being ready.
//   scroll:   Gantt scrollTop moved by ten rows to the new rows drawn and laid out.
// "Frame ready" is a forced style+layout after React's commit; the wait for the
// display's next vsync is not included.
import type { Page } from 'playwright-core';
import { startApp, openOperator } from '../tests/e2e/harness';
import { buildPlanningUpdate } from './planning-fixture';
import { KEY_PROBE, percentile, round, seedBrowser } from './ui-seed';

const SWITCHES = 20;
const KEYS = 200;
const SCROLLS = 100;

const PROBE = `(() => {
  ${KEY_PROBE}
  window.__scrollBench = async (count, rows) => {
    const element = document.querySelector('.gantt-scroll');
    const times = [];
    for (let i = 0; i < count; i += 1) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const target = Math.min(element.scrollHeight - element.clientHeight, element.scrollTop + rows * 28);
      const row = Math.floor(target / 28) + 3;
      const start = performance.now();
      element.scrollTop = target;
      await new Promise((resolve) => {
        const poll = () => {
          const drawn = [...document.querySelectorAll('.gantt-labels > g')].some((g) => Number(g.querySelector('rect')?.getAttribute('y')) === row * 28);
          if (drawn) { document.body.getBoundingClientRect(); resolve(); } else setTimeout(poll, 0);
        };
        poll();
      });
      times.push(performance.now() - start);
      if (target >= element.scrollHeight - element.clientHeight) element.scrollTop = 0;
    }
    return times;
  };
})()`;

async function timeKey(page: Page, key: string, check: string): Promise<number> {
  await page.evaluate(`window.__probe.arm(() => (${check}))`);
  await page.keyboard.press(key);
  return (await page.evaluate(`Promise.race([window.__result, new Promise((_, reject) => setTimeout(() => reject(new Error('no frame for ${key}')), 5000))])`)) as number;
}

const VIEW_READY: Record<string, string> = {
  '1': `!!document.querySelector('[role="grid"][aria-rowcount]')`,
  '7': `!!document.querySelector('.overview .overview-card svg')`,
  '8': `!!document.querySelector('[role="gridcell"][data-day]')`,
  '9': `!!document.querySelector('.gantt .task-label')`,
};

const server = await startApp();
const operator = await openOperator('about:blank');
try {
  const { page } = operator;
  const built = performance.now();
  await seedBrowser(page, server.url, buildPlanningUpdate(10_000));
  const seedMs = performance.now() - built;
  await page.goto(server.url);
  await page.locator('[role="grid"][aria-rowcount]').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !document.body.textContent?.includes('Opening the local replica'), undefined, { timeout: 60_000 });
  const listRows = Number(await page.locator('[role="grid"][aria-rowcount]').getAttribute('aria-rowcount')) - 1;
  await page.evaluate(PROBE);
  await page.locator('[role="grid"][aria-rowcount]').focus();

  const switches: Record<string, number[]> = { '7': [], '8': [], '9': [] };
  for (let i = 0; i < SWITCHES; i += 1) {
    for (const key of ['7', '8', '9']) {
      await timeKey(page, '1', VIEW_READY['1'] as string);
      switches[key]!.push(await timeKey(page, key, VIEW_READY[key] as string));
    }
  }

  await timeKey(page, '8', VIEW_READY['8'] as string);
  await page.locator('[role="gridcell"][tabindex="0"]').focus();
  const calendarKeys: number[] = [];
  for (let i = 0; i < KEYS; i += 1) {
    const key = i % 40 < 20 ? 'ArrowRight' : 'ArrowLeft';
    calendarKeys.push(await timeKey(page, key, `(() => { const d = document.activeElement && document.activeElement.getAttribute('data-day'); if (d && d !== window.__lastDay) { window.__lastDay = d; return true; } return false; })()`));
  }

  await page.keyboard.press('9');
  await page.locator('.gantt-scroll').focus();
  const ganttKeys: number[] = [];
  for (let i = 0; i < KEYS; i += 1) {
    const key = i % 50 < 40 ? 'j' : 'k';
    ganttKeys.push(await timeKey(page, key, `(() => { const d = document.querySelector('.gantt-scroll').getAttribute('aria-activedescendant'); if (d && d !== window.__lastBar) { window.__lastBar = d; return true; } return false; })()`));
  }
  const scrolls = (await page.evaluate(`window.__scrollBench(${SCROLLS}, 10)`)) as number[];

  const p = (values: number[], at: number) => round(percentile(values, at));
  const figures = {
    benchmark: 'ui-views',
    tasks: 10_000,
    open_tasks_shown: listRows,
    seed_build_ms: Math.round(seedMs),
    overview_switch_p50_ms: p(switches['7']!, 50), overview_switch_p95_ms: p(switches['7']!, 95),
    calendar_switch_p50_ms: p(switches['8']!, 50), calendar_switch_p95_ms: p(switches['8']!, 95),
    gantt_switch_p50_ms: p(switches['9']!, 50), gantt_switch_p95_ms: p(switches['9']!, 95),
    calendar_arrow_key_p50_ms: p(calendarKeys, 50), calendar_arrow_key_p95_ms: p(calendarKeys, 95),
    gantt_j_k_p50_ms: p(ganttKeys, 50), gantt_j_k_p95_ms: p(ganttKeys, 95),
    gantt_scroll_10_rows_p50_ms: p(scrolls, 50), gantt_scroll_10_rows_p95_ms: p(scrolls, 95),
    budget_switch_p95_ms: 100,
    budget_key_and_scroll_p95_ms: 16,
    met: [switches['7']!, switches['8']!, switches['9']!].every((values) => percentile(values, 95) < 100)
      && [calendarKeys, ganttKeys, scrolls].every((values) => percentile(values, 95) < 16),
  };
  console.log(JSON.stringify(figures));
  if (operator.errors.length > 0) console.error('page errors:', operator.errors);
} finally {
  await operator.close();
  await server.close();
}
