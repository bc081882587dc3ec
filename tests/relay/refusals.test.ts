// Refusals happen at the upgrade, are delivered as a 44xx close before any document byte, and
// never log the token. A viewer's writes are refused (4409, rule "role") and logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RelayCloseCode } from '../../src-shared/protocol/relay-api';
import { createToken, revokeToken } from '../../sync-server/store';
import { connectClient, rawConnect, rawUpgrade, startRelayProcess, tempDir, waitFor, waitSynced, type RelayProcess, type TestClient } from './helpers';
import { forgeTask, repoFor, taskOf, writeTask } from './task-writes';

describe('relay refusals', () => {
  const tmp = tempDir();
  const dbPath = `${tmp.dir}/relay.sqlite`;
  let relay: RelayProcess;
  const clients: TestClient[] = [];
  const track = (c: TestClient) => (clients.push(c), c);
  let operator: string;
  let viewer: string;
  let revoked: string;
  let otherWorkspace: string;
  let secretTask: string;

  beforeAll(async () => {
    operator = createToken(dbPath, { workspace: 'acme', user: 'olga', role: 'operator' }).token;
    viewer = createToken(dbPath, { workspace: 'acme', user: 'victor', role: 'viewer' }).token;
    revoked = createToken(dbPath, { workspace: 'acme', user: 'rita', role: 'lead' }).token;
    otherWorkspace = createToken(dbPath, { workspace: 'globex', user: 'gary', role: 'admin' }).token;
    expect(revokeToken(dbPath, { token: revoked })?.revokedAt).not.toBeNull();
    relay = await startRelayProcess(dbPath);
    // Give the room some content that a refused client must never see.
    const writer = track(connectClient(relay.port, 'acme', operator));
    await waitSynced(writer);
    secretTask = writeTask(writer.doc, 'olga', 'payroll exception'); // as the operator token's user
    await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await relay?.stop();
    tmp.cleanup();
  });

  const base = () => `ws://127.0.0.1:${relay.port}`;
  const cases: [string, () => string, number][] = [
    ['no token', () => `${base()}/sync/acme`, RelayCloseCode.unauthorized],
    ['empty token', () => `${base()}/sync/acme?token=`, RelayCloseCode.unauthorized],
    ['wrong token', () => `${base()}/sync/acme?token=hrt_not-a-real-token`, RelayCloseCode.unauthorized],
    ['revoked token', () => `${base()}/sync/acme?token=${revoked}`, RelayCloseCode.unauthorized],
    ['token for another workspace', () => `${base()}/sync/acme?token=${otherWorkspace}`, RelayCloseCode.forbidden],
    ['percent-encoded workspace', () => `${base()}/sync/%61cme?token=${operator}`, RelayCloseCode.badRequest],
    ['encoded slash', () => `${base()}/sync/x%2F..%2Facme?token=${operator}`, RelayCloseCode.badRequest],
    ['trailing slash', () => `${base()}/sync/acme/?token=${operator}`, RelayCloseCode.badRequest],
    ['double slash', () => `${base()}/sync//acme?token=${operator}`, RelayCloseCode.badRequest],
    ['unknown path', () => `${base()}/elsewhere/acme?token=${operator}`, RelayCloseCode.badRequest],
    ['two tokens', () => `${base()}/sync/acme?token=${otherWorkspace}&token=${operator}`, RelayCloseCode.badRequest],
  ];

  for (const [name, url, code] of cases) {
    it(`refuses ${name} with ${code} and sends no data`, async () => {
      const client = rawConnect(url());
      await client.opened; // the upgrade completes: browsers would otherwise only see 1006
      const closed = await client.closed;
      expect(closed.code).toBe(code);
      expect(closed.reason.length).toBeGreaterThan(0);
      expect(client.messages).toEqual([]);
    });
  }

  for (const rawPath of ['/sync/../sync/acme', '/sync/./acme', '/sync/acme/..', '/sync/acme%00', '/sync/ACME/../acme']) {
    it(`refuses the un-normalised path ${rawPath} with 4400 before any data`, async () => {
      const first = await rawUpgrade(relay.port, `${rawPath}?token=${operator}`);
      expect(first).toEqual({ status: 101, opcode: 8, closeCode: RelayCloseCode.badRequest });
    });
  }

  it('the stock client stops retrying after a 44xx refusal', async () => {
    const client = track(connectClient(relay.port, 'acme', 'hrt_wrong'));
    const closed = await new Promise<{ code: number }>((resolve) => client.provider.once('closed', (e) => resolve(e)));
    expect(closed.code).toBe(RelayCloseCode.unauthorized);
    const refusalsBefore = relay.logs.filter((l) => l.event === 'connection_refused').length;
    await new Promise((r) => setTimeout(r, 700));
    expect(relay.logs.filter((l) => l.event === 'connection_refused').length).toBe(refusalsBefore);
    expect(client.doc.getMap('tasks').size).toBe(0);
  });

  it('a viewer receives updates; a write of its own is refused with 4409 (role), logged, and never spreads', async () => {
    const watcher = track(connectClient(relay.port, 'acme', viewer));
    const writer = track(connectClient(relay.port, 'acme', operator));
    await Promise.all([waitSynced(watcher), waitSynced(writer)]);
    await waitFor(() => taskOf(watcher.doc, secretTask) !== undefined, 5000, 'viewer has the room');
    expect(taskOf(watcher.doc, secretTask)?.title).toBe('payroll exception');
    // An honest viewer's client writes nothing (its repository refuses locally) and keeps receiving.
    expect(repoFor(watcher.doc, 'victor').create({ title: 'should not spread' }).ok).toBe(false);
    const operatorEdit = writeTask(writer.doc, 'olga', 'spreads');
    await waitFor(() => taskOf(watcher.doc, operatorEdit)?.title === 'spreads', 5000, 'viewer receives');
    expect(watcher.closes).toEqual([]);
    // A viewer's client that writes anyway (a well-formed creation in its own name) is refused.
    const viewerEdit = forgeTask(watcher.doc, 'victor', 'should not spread');
    await waitFor(() => watcher.closes.some((c) => c.code === RelayCloseCode.refusedUpdate), 5000, 'viewer refused with 4409');
    expect(watcher.closes.find((c) => c.code === RelayCloseCode.refusedUpdate)?.reason).toMatch(/^refused \(role\): /);
    await waitFor(() => relay.logs.some((l) => l.event === 'update_refused' && l.user === 'victor' && l.rule === 'role'), 5000, 'refusal logged');
    const late = track(connectClient(relay.port, 'acme', operator, new Y.Doc()));
    await waitSynced(late);
    expect(taskOf(late.doc, operatorEdit)?.title).toBe('spreads');
    expect(late.doc.getMap('tasks').has(viewerEdit)).toBe(false);
    expect(writer.doc.getMap('tasks').has(viewerEdit)).toBe(false);
    expect(writer.closes.filter((c) => c.code === RelayCloseCode.refusedUpdate)).toEqual([]);
  });

  it('never writes a token to its logs', () => {
    const out = relay.stdout();
    for (const token of [operator, viewer, revoked, otherWorkspace]) expect(out).not.toContain(token.slice(4));
    expect(out).not.toContain('hrt_');
    expect(relay.logs.filter((l) => l.event === 'connection_refused').length).toBeGreaterThanOrEqual(cases.length);
  });
});
