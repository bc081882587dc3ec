// Two devices (store + sync client each, real SQLite files) against a real relay
// process on loopback: offline edits on both, the relay down and back, identical
// projections after reconnecting, unacknowledged counts that are honest across a
// restart, a corrupt file rebuilt from the relay, and a revoked token that ends
// in the signed-out state instead of a retry loop.
import { copyFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskState } from '../../src-shared/domain/types';
import { WorkspaceReplica } from '../../src-main/replica/workspace-replica';
import { createToken, revokeToken, startRelay, waitFor, type Relay } from './relay-process';
import { makeTempDir } from './temp-dir';

const temp = makeTempDir('handoff-sync-');
const relayDb = temp.file('relay.sqlite');
const WS = 'ws-sync';
let relay: Relay;
const tokens: Record<string, string> = {};
const open: WorkspaceReplica[] = [];

beforeAll(async () => {
  relay = await startRelay(relayDb);
  const users = ['alice', 'bob', 'carol', 'dave'];
  const created = await Promise.all(users.map((user) => createToken(relayDb, WS, user, user === 'carol' ? 'lead' : 'operator')));
  users.forEach((user, i) => (tokens[user] = created[i]!));
});

afterAll(async () => {
  for (const replica of open) if (replica.store.sqlite.open) replica.close();
  await relay.stop();
  temp.remove();
});

function device(user: string, file = temp.file(`${user}.sqlite`), relayUrl = relay.url): WorkspaceReplica {
  const replica = WorkspaceReplica.open({
    file, workspaceId: WS, userId: user, relay: { url: relayUrl, token: tokens[user]!, maxBackoffMs: 200 },
  });
  open.push(replica);
  return replica;
}

const sorted = (tasks: TaskState[]) => [...tasks].sort((a, b) => a.id.localeCompare(b.id));
const settled = (r: WorkspaceReplica) => r.connection.state === 'online' && r.connection.unacknowledged === 0;

describe('two devices through a real relay', () => {
  it('converge after offline edits on both, with the relay down meanwhile', async () => {
    const a = device('alice');
    const b = device('bob');
    await waitFor(() => settled(a) && settled(b), 'both online');
    // Roles arrive in the document, written by the relay: no member list is fetched.
    expect(a.repository.roleOf('carol')).toBe('lead');
    expect(b.repository.roleOf('alice')).toBe('operator');

    const first = a.repository.create({ title: 'Reefer 7 temperature alarm', ownerId: 'alice' });
    expect(first.ok).toBe(true);
    expect(a.connection.unacknowledged).toBeGreaterThan(0);
    await waitFor(() => b.queries.count() === 1 && settled(a), 'task reaches bob and is acknowledged');

    const port = relay.port;
    await relay.stop();
    await waitFor(() => a.connection.state !== 'online' && b.connection.state !== 'online', 'both see the relay go');
    const id = first.ok ? first.value.id : '';
    for (let i = 0; i < 20; i += 1) a.repository.create({ title: `Offline on A ${i}`, ownerId: 'alice' });
    a.repository.comment(id, 'seal intact, compressor restarted');
    for (let i = 0; i < 20; i += 1) b.repository.create({ title: `Offline on B ${i}`, ownerId: 'bob' });
    b.repository.assign(id, 'bob');
    expect(a.connection.unacknowledged).toBe(21);
    expect(b.connection.unacknowledged).toBe(21);
    expect(['offline', 'connecting']).toContain(a.connection.state);

    relay = await startRelay(relayDb, port);
    await waitFor(() => settled(a) && settled(b) && a.queries.count() === 41 && b.queries.count() === 41, 'reconnect and converge', 15_000);
    expect(sorted(a.queries.all())).toEqual(sorted(b.queries.all()));
    expect(a.queries.get(id)?.ownerId).toBe('bob');
    expect(b.queries.get(id)?.comments.map((c) => c.body)).toEqual(['seal intact, compressor restarted']);
    a.close();
    b.close();
  });

  it('counts a change acknowledged only once the relay has it durably (kill -9 right after)', async () => {
    const a = device('alice', temp.file('alice-ack.sqlite'));
    await waitFor(() => settled(a), 'online');
    const titles: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      titles.push(`Acked ${i}`);
      a.repository.create({ title: `Acked ${i}` });
    }
    await waitFor(() => settled(a), 'all acknowledged');
    const port = relay.port;
    await relay.stop('SIGKILL');
    a.close();
    relay = await startRelay(relayDb, port);
    const fresh = device('bob', temp.file('bob-after-crash.sqlite'));
    await waitFor(() => settled(fresh), 'fresh device synced');
    const present = new Set(fresh.queries.all().map((t) => t.title));
    expect(titles.filter((t) => !present.has(t))).toEqual([]);
    fresh.close();
  });

  it('keeps the unacknowledged count across a restart while offline, then clears it on reconnect', async () => {
    const file = temp.file('carol.sqlite');
    const offline = device('carol', file, 'ws://127.0.0.1:9'); // nothing listens on port 9
    for (let i = 0; i < 5; i += 1) offline.repository.create({ title: `Written offline ${i}` });
    expect(offline.connection).toMatchObject({ unacknowledged: 5 });
    await waitFor(() => offline.connection.state === 'offline', 'offline state');
    expect(offline.connection.reason).toMatch(/relay unreachable|connection closed/);
    offline.close();

    const back = device('carol', file);
    expect(back.connection.unacknowledged).toBe(5);
    await waitFor(() => settled(back), 'acknowledged after reconnect');
    const viewer = device('alice', temp.file('alice-check.sqlite'));
    await waitFor(() => viewer.queries.all().filter((t) => t.title.startsWith('Written offline')).length === 5, 'relay has them');
    back.close();
    viewer.close();
  });

  it('moves a corrupt file aside and rebuilds the replica from the relay', async () => {
    const file = temp.file('bob-rebuild.sqlite');
    const before = device('bob', file);
    await waitFor(() => settled(before) && before.queries.count() >= 46, 'full replica');
    const expected = sorted(before.queries.all());
    before.close();
    copyFileSync(file, `${file}.original`);
    writeFileSync(file, Buffer.alloc(16_384, 0x42));

    const rebuilt = device('bob', file);
    expect(rebuilt.store.recoveryMessage()).toMatch(/moved to .*bob-rebuild\.sqlite\.corrupt-/);
    await waitFor(() => settled(rebuilt) && rebuilt.queries.count() === expected.length, 'rebuilt from relay');
    expect(sorted(rebuilt.queries.all())).toEqual(expected);
    rebuilt.close();
  });

  it('turns a revoked token into "signed out" and stops retrying', async () => {
    const replacement = createToken(relayDb, WS, 'dave');
    const dave = device('dave');
    await waitFor(() => settled(dave), 'dave online');
    await revokeToken(relayDb, tokens.dave!);
    // The relay drops live sessions of revoked tokens; if it only refuses the
    // next connection, a reconnect gets there too.
    dave.sync!.provider.ws?.close();
    await waitFor(() => dave.connection.state === 'signed_out', 'signed out', 15_000);
    expect(dave.connection.reason).toMatch(/^signed out: .*(revoked|token)/);
    expect(dave.sync!.provider.shouldConnect).toBe(false);
    await new Promise((r) => setTimeout(r, 800));
    expect(dave.connection.state).toBe('signed_out');
    expect(dave.sync!.provider.ws).toBeNull();
    // Edits still work and are kept for when a new token arrives.
    dave.repository.create({ title: 'made while signed out' });
    expect(dave.connection).toMatchObject({ state: 'signed_out', unacknowledged: 1 });
    dave.sync!.signIn(await replacement);
    await waitFor(() => settled(dave), 'signed back in');
    dave.close();
  });
});
