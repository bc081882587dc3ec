// The relay's HTTP side against a real relay process: members API (auth, CORS), health, metrics,
// and the admin CLI end to end (create prints the token alone on the last line; revoke works).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthResponseSchema, MembersResponseSchema, RelayErrorResponseSchema, membersPath } from '../../src-shared/protocol/relay-api';
import { createToken } from '../../sync-server/store';
import { connectClient, repoRoot, startRelayProcess, tempDir, waitSynced, type RelayProcess } from './helpers';
import { waitFor } from '../support/relay-process';
import { writeTask } from './task-writes';
import { MemberRoster } from '../../src-shared/domain/members';
import { ROOT } from '../../src-shared/doc/schema';

// Asynchronous on purpose: a synchronous child process froze this process's event loop for the CLI's
// seconds-long start-up under load, so fetch's keep-alive socket outlived the relay's idle timeout
// unnoticed and the next request failed with "other side closed".
async function cli(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'sync-server/cli.ts', ...args], { cwd: repoRoot, encoding: 'utf8' });
  return stdout;
}

describe('relay HTTP API and admin CLI', () => {
  const tmp = tempDir();
  const dbPath = `${tmp.dir}/relay.sqlite`;
  let relay: RelayProcess;
  let lead: string;
  let viewer: string;
  let other: string;

  beforeAll(async () => {
    const lastLine = (out: string) => out.trimEnd().split('\n').at(-1) as string;
    lead = lastLine(await cli('token', 'create', '--db', dbPath, '--workspace', 'acme', '--user', 'lena', '--role', 'lead', '--name', 'Lena Park'));
    // The rest in-process (each CLI run costs a Node start-up).
    viewer = createToken(dbPath, { workspace: 'acme', user: 'vik', role: 'viewer' }).token;
    other = createToken(dbPath, { workspace: 'globex', user: 'gus', role: 'admin' }).token;
    relay = await startRelayProcess(dbPath);
  });
  afterAll(async () => {
    await relay?.stop();
    tmp.cleanup();
  });

  const url = (path: string) => `http://127.0.0.1:${relay.port}${path}`;

  it('token create prints the token alone on the last stdout line', async () => {
    expect(lead).toMatch(/^hrt_[A-Za-z0-9_-]{43}$/);
    const out = await cli('token', 'list', '--db', dbPath);
    const listed = out.trim().split('\n').map((l) => JSON.parse(l) as { user: string; role: string });
    expect(listed.map((t) => `${t.user}:${t.role}`).sort()).toEqual(['gus:admin', 'lena:lead', 'vik:viewer']);
    expect(out).not.toContain('hrt_');
  });

  it('serves members to a token of the workspace, with CORS', async () => {
    const res = await fetch(url(membersPath('acme')), { headers: { Authorization: `Bearer ${viewer}`, Origin: 'http://elsewhere.test' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = MembersResponseSchema.parse(await res.json());
    expect(body).toEqual({
      workspace: 'acme',
      me: { userId: 'vik', role: 'viewer' },
      members: [
        { userId: 'lena', role: 'lead', displayName: 'Lena Park' },
        { userId: 'vik', role: 'viewer' },
      ],
    });
  });

  it('writes the display name a token was created with into the members log (people see names, not ids)', async () => {
    const client = connectClient(relay.port, 'acme', viewer);
    try {
      await waitSynced(client);
      const roster = new MemberRoster(client.doc.getArray(ROOT.members).toArray());
      expect(roster.displayName('lena')).toBe('Lena Park');
      expect(roster.displayName('vik')).toBe('vik');
      // A newer token with another name renames the member; the role stays.
      createToken(dbPath, { workspace: 'acme', user: 'lena', role: 'lead', displayName: 'Lena Park-Osei' });
      const second = connectClient(relay.port, 'acme', viewer);
      try {
        await waitSynced(second);
        await waitFor(() => new MemberRoster(client.doc.getArray(ROOT.members).toArray()).displayName('lena') === 'Lena Park-Osei', 10_000, 'renamed');
        expect(new MemberRoster(client.doc.getArray(ROOT.members).toArray()).currentRole('lena')).toBe('lead');
      } finally {
        second.destroy();
      }
    } finally {
      client.destroy();
    }
  });

  it('answers the CORS preflight for the Authorization header', async () => {
    const res = await fetch(url(membersPath('acme')), {
      method: 'OPTIONS',
      headers: { Origin: 'http://elsewhere.test', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('refuses a missing, wrong or foreign token', async () => {
    const missing = await fetch(url(membersPath('acme')));
    expect(missing.status).toBe(401);
    expect(RelayErrorResponseSchema.parse(await missing.json()).error.code).toBe('unauthorized');
    expect((await fetch(url(membersPath('acme')), { headers: { Authorization: 'Bearer hrt_nope' } })).status).toBe(401);
    expect((await fetch(url(membersPath('acme')), { headers: { Authorization: `Bearer ${other}` } })).status).toBe(403);
    expect((await fetch(url('/api/workspaces/..%2Facme/members'), { headers: { Authorization: `Bearer ${lead}` } })).status).toBe(400);
  });

  it('a revoked token loses access; the member list follows', async () => {
    const extra = createToken(dbPath, { workspace: 'acme', user: 'tmp', role: 'operator' }).token;
    const before = MembersResponseSchema.parse(await (await fetch(url(membersPath('acme')), { headers: { Authorization: `Bearer ${lead}` } })).json());
    expect(before.members.map((m) => m.userId)).toContain('tmp');
    expect(await cli('token', 'revoke', '--db', dbPath, '--token', extra)).toMatch(/revoked token/);
    expect((await fetch(url(membersPath('acme')), { headers: { Authorization: `Bearer ${extra}` } })).status).toBe(401);
    const after = MembersResponseSchema.parse(await (await fetch(url(membersPath('acme')), { headers: { Authorization: `Bearer ${lead}` } })).json());
    expect(after.members.map((m) => m.userId)).not.toContain('tmp');
  });

  it('serves /healthz and Prometheus /metrics', async () => {
    const client = connectClient(relay.port, 'acme', lead);
    await waitSynced(client);
    writeTask(client.doc, 'lena', 'Count me in the metrics'); // the lead token's user
    await new Promise((r) => setTimeout(r, 100));
    expect(client.closes).toEqual([]);
    const health = HealthResponseSchema.parse(await (await fetch(url('/healthz'))).json());
    expect(health.connections).toBe(1);
    expect(health.roomsLoaded).toBe(1);
    const metrics = await (await fetch(url('/metrics'))).text();
    expect(metrics).toMatch(/^relay_connections 1$/m);
    expect(metrics).toMatch(/^relay_rooms_loaded 1$/m);
    expect(metrics).toMatch(/^relay_updates_persisted_total [1-9]/m);
    expect(metrics).toMatch(/^relay_persist_seconds_count [1-9]/m);
    expect(metrics).toMatch(/^relay_updates_per_second /m);
    client.destroy();
    expect((await fetch(url('/nope'))).status).toBe(404);
  });
});
