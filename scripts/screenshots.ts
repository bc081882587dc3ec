// `node --import tsx scripts/screenshots.ts [count]`: seeds a realistic workspace
// (bench/planning-fixture.ts, 400 tasks by default) into a fresh browser profile
// and saves a PNG of each planning view to screenshots/ (git-ignored), for a
// person to look at.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openOperator, repoRoot, startApp } from '../tests/e2e/harness';
import { buildPlanningUpdate } from '../bench/planning-fixture';
import { seedBrowser } from '../bench/ui-seed';

const count = Number(process.argv[2] ?? 400);
const out = path.join(repoRoot, 'screenshots');
mkdirSync(out, { recursive: true });
const server = await startApp();
const operator = await openOperator('about:blank');
try {
  const { page } = operator;
  await page.setViewportSize({ width: 1440, height: 900 });
  await seedBrowser(page, server.url, buildPlanningUpdate(count));
  await page.goto(server.url);
  await page.getByRole('grid', { name: 'Tasks' }).waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !document.body.textContent?.includes('Opening the local replica'), undefined, { timeout: 60_000 });
  for (const [key, name] of [['1', 'list'], ['7', 'overview'], ['8', 'calendar'], ['9', 'gantt']] as const) {
    await page.locator('body').press(key);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(out, `${name}.png`) });
  }
  await page.getByRole('button', { name: 'Day', exact: true }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(out, 'gantt-day.png') });
  await page.getByRole('button', { name: 'Month', exact: true }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(out, 'gantt-month.png') });
  if (operator.errors.length > 0) console.error('page errors:', operator.errors);
  console.log(`saved to ${out}`);
} finally {
  await operator.close();
  await server.close();
}
