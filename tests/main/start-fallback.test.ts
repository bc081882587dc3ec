// `npm start` where Electron's binary is missing (as on the build machines): one
// clear line, then the browser host served with a local relay on 127.0.0.1, and
// a URL that works; Ctrl+C (SIGTERM here) stops everything it started.
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { MembersResponseSchema } from '../../src-shared/protocol/relay-api';
import { repoRoot, waitFor } from './relay-process';
import { makeTempDir } from './temp-dir';

const temp = makeTempDir('handoff-start-');
afterAll(() => temp.remove());

describe('npm start without the Electron binary', () => {
  it('says so in one line and serves the browser host with a local relay', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0'], {
      cwd: repoRoot,
      env: { ...process.env, HANDOFF_DATA_DIR: temp.dir, HANDOFF_ELECTRON_PATH: temp.file('no-electron-here'), HANDOFF_RELAY_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await waitFor(() => /^Open http/m.test(out), 'the URL line', 90_000);
      const lines = out.trim().split('\n');
      expect(lines.filter((l) => /Electron's binary is not installed/.test(l))).toHaveLength(1);
      const url = new URL(/^Open (\S+)/m.exec(out)![1]!);
      expect(url.hostname).toBe('127.0.0.1');
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const relay = url.searchParams.get('relay')!;
      expect(new URL(relay).hostname).toBe('127.0.0.1');
      const members = await fetch(`${relay}/api/workspaces/${url.searchParams.get('workspace')}/members`, {
        headers: { authorization: `Bearer ${url.searchParams.get('token')}` },
      });
      expect(MembersResponseSchema.parse(await members.json()).me.role).toBe('lead');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 120_000);
});
