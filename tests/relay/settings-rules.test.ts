// Settings that the relay enforces with the same src-shared rules the fold runs:
// task types that require approval (authority.ts, creation-defaults.ts) and complete
// status mappings (status-mappings.ts via config.ts). A real relay on a loopback port,
// the stock y-websocket client, writes made raw as a dishonest client makes them.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepository, type TaskRepository } from '../../src-shared/doc/repository';
import { workspaceMaps } from '../../src-shared/doc/schema';
import { createHybridClock } from '../../src-shared/domain/clock';
import { newId } from '../../src-shared/domain/ids';
import { RelayCloseCode } from '../../src-shared/protocol/relay-api';
import { createRelay, type Relay } from '../../sync-server/relay';
import { createToken } from '../../sync-server/store';
import { connectClient, tempDir, waitFor, waitSynced, type TestClient } from './helpers';

const WORKSPACE = 'rules';

describe('the relay enforces settings rules', () => {
  const tmp = tempDir();
  const dbPath = `${tmp.dir}/relay.sqlite`;
  let relay: Relay;
  let port: number;
  const tokens: Record<string, string> = {};
  const clients: TestClient[] = [];

  beforeAll(async () => {
    for (const [user, role] of [['ann', 'operator'], ['lee', 'lead']] as const) {
      tokens[user] = createToken(dbPath, { workspace: WORKSPACE, user, role }).token;
    }
    relay = createRelay({ dbPath, limits: { roomIdleUnloadMs: 0 } });
    port = (await relay.listen(0, '127.0.0.1')).port;
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    reader?.destroy();
    await relay.close();
    tmp.cleanup();
  });

  async function join(user: string): Promise<{ client: TestClient; repo: TaskRepository }> {
    const client = connectClient(port, WORKSPACE, tokens[user] as string);
    clients.push(client);
    await waitSynced(client);
    return { client, repo: createRepository(client.doc, { actor: user }) };
  }

  async function refusedWith(client: TestClient, text: string): Promise<void> {
    await waitFor(() => client.closes.some((c) => c.code === RelayCloseCode.refusedUpdate), 5000, `close 4409 (${text})`);
    expect(client.closes.find((c) => c.code === RelayCloseCode.refusedUpdate)?.reason).toContain(text);
    client.provider.disconnect();
  }

  // One reader over the relay's own document (it writes nothing).
  let reader: TaskRepository | null = null;
  const relaySettings = () => (reader ??= createRepository(relay.hub.peek(WORKSPACE)?.doc as Y.Doc, { actor: 'reader' })).settings();

  it('an operator cannot create a task of an approval type without approval; the honest client\'s creation passes', async () => {
    const lead = await join('lee');
    expect(lead.repo.updateSettings({ approvalTypes: ['qc'] }).ok).toBe(true);
    await waitFor(() => relaySettings().approvalTypes.includes('qc'), 5000, 'setting on the relay');

    const honest = await join('ann');
    await waitFor(() => honest.repo.settings().approvalTypes.includes('qc'), 5000, 'setting reached ann');
    const created = honest.repo.create({ title: 'Check lot 7', type: 'qc' });
    expect(created.ok && created.value.requiresApproval).toBe(true);
    await waitFor(() => relay.hub.peek(WORKSPACE)?.doc.getMap('tasks').has(created.ok ? created.value.id : '') ?? false, 5000, 'honest task stored');

    const dishonest = await join('ann');
    await waitFor(() => dishonest.repo.settings().approvalTypes.includes('qc'), 5000, 'setting reached the second client');
    const log = new Y.Array<unknown>();
    dishonest.client.doc.transact(() => {
      workspaceMaps(dishonest.client.doc).tasks.set('no-approval', log as never);
      log.push([{ id: newId(Date.now()), at: createHybridClock('x', Date.now).now(), actor: 'ann', type: 'task.created', payload: { title: 'Skip QC', type: 'qc' } }]);
    });
    await refusedWith(dishonest.client, 'require approval');
    expect(relay.hub.peek(WORKSPACE)?.doc.getMap('tasks').has('no-approval')).toBe(false);

    // Nor by making a plain task and changing its type afterwards (the relay folds the task to check it).
    const third = await join('ann');
    const plain = third.repo.create({ title: 'Plain delivery', type: 'delivery' });
    if (!plain.ok) throw new Error(plain.error.message);
    await waitFor(() => relay.hub.peek(WORKSPACE)?.doc.getMap('tasks').has(plain.value.id) ?? false, 5000, 'plain task stored');
    const plainLog = workspaceMaps(third.client.doc).tasks.get(plain.value.id) as unknown as Y.Array<{ at: string }>;
    const clock = createHybridClock('x', Date.now);
    clock.observe(plainLog.get(plainLog.length - 1).at);
    plainLog.push([{ id: newId(Date.now()), at: clock.now(), actor: 'ann', type: 'task.edited', payload: { fields: { type: 'qc' } } } as never]);
    await refusedWith(third.client, 'require approval');
  });

  it('offline, a lead adds a status and a mapping naming it: one update, checked in order, accepted', async () => {
    const lead = await join('lee');
    lead.client.provider.disconnect();
    const statuses = [...lead.repo.settings().statuses, { id: 'loading', label: 'Loading', category: 'started' as const }];
    expect(lead.repo.updateSettings({ statuses }).ok).toBe(true);
    expect(lead.repo.updateSettings({ statusMappings: { ...lead.repo.settings().statusMappings, dock: { states: { arrived: 'loading' }, archived: 'cancelled' } } }).ok).toBe(true);
    lead.client.provider.connect();
    await waitFor(() => relaySettings().statusMappings.dock !== undefined, 5000, 'mapping on the relay');
    expect(lead.client.closes.some((c) => c.code === RelayCloseCode.refusedUpdate)).toBe(false);
  });

  it('a status mapping that names no archived status, or a status the workspace lacks, is refused', async () => {
    const lead = await join('lee');
    const push = (value: unknown) => workspaceMaps(lead.client.doc).config.push([{
      id: newId(Date.now()), at: createHybridClock('x', Date.now).now(), actor: 'lee', type: 'settings.changed', payload: { key: 'statusMappings', value },
    }]);
    push({ feed: { states: { open: 'on_hold' }, archived: 'cancelled' } });
    await refusedWith(lead.client, 'not a status of this workspace');
    const again = await join('lee');
    workspaceMaps(again.client.doc).config.push([{
      id: newId(Date.now()), at: createHybridClock('x', Date.now).now(), actor: 'lee', type: 'settings.changed', payload: { key: 'statusMappings', value: { feed: { states: { open: 'todo' } } } },
    }]);
    await refusedWith(again.client, 'no archived status');
    expect(relaySettings().statusMappings.feed).toBeUndefined();
  });
});
