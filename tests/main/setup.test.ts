// `npm start` / `npm test` set up a fresh clone by themselves (scripts/setup.mjs):
// they say what they install, and do nothing when everything is there.
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './relay-process';
import { makeTempDir } from './temp-dir';

const temp = makeTempDir('handoff-setup-');
afterAll(() => temp.remove());

const setup = (purpose: string, env: Record<string, string>) =>
  spawnSync(process.execPath, [path.join(repoRoot, 'scripts/setup.mjs'), purpose], {
    encoding: 'utf8', env: { ...process.env, HANDOFF_SETUP_DRY_RUN: '1', ...env },
  });

describe('first-use set-up', () => {
  it('on a fresh clone (no node_modules) installs from the lockfile and, for the tests, Chromium, saying so', () => {
    copyFileSync(path.join(repoRoot, 'package.json'), temp.file('package.json'));
    const start = setup('start', { HANDOFF_SETUP_ROOT: temp.dir });
    expect(start.status).toBe(0);
    expect(start.stdout).toMatch(/setup: first use: \d+ of the dependencies are not installed/);
    expect(start.stdout).toContain('(npm ci --no-audit --no-fund)');
    expect(start.stdout).not.toContain('Chromium');
    const test = setup('test', { HANDOFF_SETUP_ROOT: temp.dir, CHROMIUM_PATH: '' });
    expect(test.stdout).toContain('npm ci');
    // /usr/bin/chromium exists on this machine: it is found and nothing is installed.
    expect(test.stdout).not.toMatch(/installing Debian|downloading Playwright/);
  });

  it('in a complete checkout it does nothing and prints nothing', () => {
    const result = setup('test', {});
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
  });
});
