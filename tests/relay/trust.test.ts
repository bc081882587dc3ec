// The relay checks every write (DESIGN "Trust"): a dishonest operator with the stock y-websocket
// client and the project's own repository code, against a real relay on a loopback port. Each
// attack is refused with its rule (close 4409), honest replicas are unchanged, the other clients
// keep syncing, and the room loads after a restart without the refused change.
import * as Y from 'yjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRepository, type TaskRepository } from '../../src-shared/doc/repository';
import { workspaceMaps } from '../../src-shared/doc/schema';
import { createHybridClock } from '../../src-shared/domain/clock';
import type { TaskEvent } from '../../src-shared/domain/events';
import { newId } from '../../src-shared/domain/ids';
import { RelayCloseCode } from '../../src-shared/protocol/relay-api';
import { createRelay, type Relay } from '../../sync-server/relay';
import { createToken, revokeToken } from '../../sync-server/store';
import { connectClient, tempDir, waitFor, waitSynced, type TestClient } from './helpers';

const WORKSPACE = 'acme';

describe('the relay checks every write', () => {
  const tmp = tempDir();
  const dbPath = `${tmp.dir}/relay.sqlite`;
  let relay: Relay;
  let port: number;
  const tokens: Record<string, string> = {};
  const clients: TestClient[] = [];

  const start = async () => {
    relay = createRelay({ dbPath, limits: { roomIdleUnloadMs: 0 } });
    port = (await relay.listen(0, '127.0.0.1')).port;
  };

  beforeAll(async () => {
    for (const [user, role] of [['ann', 'operator'], ['bea', 'operator'], ['lee', 'lead'], ['ada', 'admin'], ['val', 'viewer']] as const) {
      tokens[user] = createToken(dbPath, { workspace: WORKSPACE, user, role }).token;
    }
    await start();
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await relay.close();
    tmp.cleanup();
  });

  async function join(user: string): Promise<{ client: TestClient; repo: TaskRepository }> {
    const client = connectClient(port, WORKSPACE, tokens[user] as string);
    clients.push(client);
    await waitSynced(client);
    return { client, repo: createRepository(client.doc, { actor: user }) };
  }

  async function refusedWith(client: TestClient, rule: string): Promise<void> {
    await waitFor(() => client.closes.some((c) => c.code === RelayCloseCode.refusedUpdate), 5000, `close 4409 (${rule})`);
    const close = client.closes.find((c) => c.code === RelayCloseCode.refusedUpdate);
    expect(close?.reason).toContain(`(${rule})`);
    client.provider.disconnect();
  }

  /** What every honest replica holds, read from a fresh client. */
  async function freshView(user = 'lee'): Promise<TaskRepository> {
    return (await join(user)).repo;
  }

  /** An event appended to a task's log exactly as the attacker writes it (bypassing the repository's checks). */
  function rawAppend(doc: Y.Doc, taskId: string, event: Partial<TaskEvent> & Pick<TaskEvent, 'type' | 'payload'>): void {
    const log = workspaceMaps(doc).tasks.get(taskId) as Y.Array<unknown>;
    const last = log.get(log.length - 1) as TaskEvent;
    const at = createHybridClock('x', () => Date.now());
    at.observe(last.at);
    log.push([{ id: newId(Date.now()), at: at.now(), actor: 'ann', ...event }]);
  }

  let honest: { client: TestClient; repo: TaskRepository };
  let taskId: string;
  beforeEach(async () => {
    honest = await join('bea');
    const created = honest.repo.create({ title: `Chase POD ${clients.length}`, ownerId: 'bea' });
    if (!created.ok) throw new Error(created.error.message);
    taskId = created.value.id;
    honest.repo.submit(taskId);
    await waitFor(() => relay.hub.peek(WORKSPACE)?.doc.getMap('tasks').has(taskId) ?? false, 5000, 'task on the relay');
  });

  it('refuses an approval signed with a lead\'s name', async () => {
    const { client } = await join('ann');
    await waitFor(() => workspaceMaps(client.doc).tasks.has(taskId), 5000, 'task reached ann');
    rawAppend(client.doc, taskId, { actor: 'lee', type: 'task.approved', payload: {} });
    await refusedWith(client, 'author');
    const view = await freshView();
    await waitFor(() => view.view.get(taskId) !== undefined, 5000, 'fresh view');
    expect(view.view.get(taskId)?.status).toBe('pending_approval');
    expect(relay.metrics.render()).toMatch(/relay_updates_refused_total\{rule="author"\} [1-9]/);
  });

  it('refuses a task created in someone else\'s name', async () => {
    const { client } = await join('ann');
    const log = new Y.Array<unknown>();
    client.doc.transact(() => {
      workspaceMaps(client.doc).tasks.set('forged-create', log as never);
      log.push([{ id: newId(Date.now()), at: createHybridClock('x', Date.now).now(), actor: 'lee', type: 'task.created', payload: { title: 'Signed as Lee' } }]);
    });
    await refusedWith(client, 'author');
    expect(relay.hub.peek(WORKSPACE)?.doc.getMap('tasks').has('forged-create')).toBe(false);
  });

  it('refuses an operator who makes herself an approver, and her approval under her own name', async () => {
    const { client } = await join('ann');
    await waitFor(() => workspaceMaps(client.doc).tasks.has(taskId), 5000, 'task reached ann');
    rawAppend(client.doc, taskId, { type: 'task.approver_added', payload: { userId: 'ann' } });
    await refusedWith(client, 'role');
    const again = await join('ann');
    await waitFor(() => workspaceMaps(again.client.doc).tasks.has(taskId), 5000, 'task reached ann');
    rawAppend(again.client.doc, taskId, { type: 'task.approved', payload: {} });
    await refusedWith(again.client, 'role');
  });

  it('refuses tracked-source moves and deletions from an operator (integrations, leads and admins only)', async () => {
    for (const type of ['task.source_state_changed', 'task.source_deleted', 'task.source_undeleted'] as const) {
      const { client } = await join('ann');
      await waitFor(() => workspaceMaps(client.doc).tasks.has(taskId), 5000, 'task reached ann');
      rawAppend(client.doc, taskId, { type, payload: type === 'task.source_state_changed' ? { state: 'done' } : {} } as never);
      await refusedWith(client, 'role');
    }
  });

  it('refuses settings written by an operator, through the config log or the legacy map', async () => {
    const { client } = await join('ann');
    workspaceMaps(client.doc).config.push([{ id: newId(Date.now()), at: createHybridClock('x', Date.now).now(), actor: 'ann', type: 'settings.changed', payload: { key: 'allowSelfApproval', value: true } }]);
    await refusedWith(client, 'role');
    const second = await join('ann');
    workspaceMaps(second.client.doc).legacySettings.set('allowSelfApproval', true);
    await refusedWith(second.client, 'append_only');
    // A lead may not either (only admins decide self-approval); an admin may.
    const lead = await join('lee');
    expect(lead.repo.updateSettings({ allowSelfApproval: true }).ok).toBe(false);
    const admin = await join('ada');
    expect(admin.repo.updateSettings({ allowSelfApproval: true }).ok).toBe(true);
    const view = await freshView('bea');
    await waitFor(() => view.settings().allowSelfApproval, 5000, 'admin setting reached bea');
    expect(admin.client.closes.filter((c) => c.code === RelayCloseCode.refusedUpdate)).toEqual([]);
  });

  it('refuses deleting history: an event, a whole log replaced, a key deleted', async () => {
    const { client } = await join('ann');
    await waitFor(() => workspaceMaps(client.doc).tasks.has(taskId), 5000, 'task reached ann');
    (workspaceMaps(client.doc).tasks.get(taskId) as Y.Array<unknown>).delete(0, 1);
    await refusedWith(client, 'append_only');
    const second = await join('ann');
    await waitFor(() => workspaceMaps(second.client.doc).tasks.has(taskId), 5000, 'task reached ann');
    workspaceMaps(second.client.doc).tasks.set(taskId, new Y.Array() as never);
    await refusedWith(second.client, 'append_only');
    const third = await join('ann');
    await waitFor(() => workspaceMaps(third.client.doc).tasks.has(taskId), 5000, 'task reached ann');
    workspaceMaps(third.client.doc).tasks.delete(taskId);
    await refusedWith(third.client, 'append_only');
    const view = await freshView();
    await waitFor(() => view.view.get(taskId) !== undefined, 5000, 'fresh view');
    expect(view.view.eventCount(taskId)).toBe(2);
  });

  it('refuses an event stamped before one its author had already seen', async () => {
    const lead = await join('lee');
    await waitFor(() => lead.repo.view.get(taskId) !== undefined, 5000, 'task reached lee');
    expect(lead.repo.reject(taskId, 'Missing signature').ok).toBe(true);
    const { client } = await join('ann');
    await waitFor(() => (workspaceMaps(client.doc).tasks.get(taskId)?.length ?? 0) === 3, 5000, 'rejection reached ann');
    const log = workspaceMaps(client.doc).tasks.get(taskId) as Y.Array<TaskEvent>;
    const rejection = log.get(2);
    const created = log.get(0);
    // Stamped between the creation and the rejection she has seen: it would fold first.
    const backdated = `${created.at.slice(0, 15)}-000009-ann`;
    expect(backdated < rejection.at).toBe(true);
    log.push([{ id: newId(Date.now()), at: backdated, actor: 'ann', type: 'task.commented', payload: { commentId: 'c1', body: 'first!' } } as TaskEvent]);
    await refusedWith(client, 'stamp');
  });

  it('refuses writes to the members log, and a viewer\'s writes are answered with a refusal', async () => {
    const { client } = await join('ann');
    workspaceMaps(client.doc).members.push([{ id: 'm', actor: 'relay', at: createHybridClock('relay', Date.now).now(), type: 'member.role_changed', payload: { userId: 'ann', role: 'admin' } }]);
    await refusedWith(client, 'relay_owned');
    const viewer = await join('val');
    expect(viewer.repo.roleOf('val')).toBe('viewer');
    const log = new Y.Array<unknown>();
    viewer.client.doc.transact(() => {
      workspaceMaps(viewer.client.doc).tasks.set('by-viewer', log as never);
      log.push([{ id: newId(Date.now()), at: createHybridClock('v', Date.now).now(), actor: 'val', type: 'task.created', payload: { title: 'x' } }]);
    });
    await refusedWith(viewer.client, 'role');
    // Even an empty new log is a write: a viewer cannot grow the document or squat a key.
    const again = await join('val');
    workspaceMaps(again.client.doc).tasks.set('squatted-by-viewer', new Y.Array() as never);
    await refusedWith(again.client, 'role');
    expect(relay.hub.peek(WORKSPACE)?.doc.getMap('tasks').has('squatted-by-viewer')).toBe(false);
  });

  it('drops presence that names someone else', async () => {
    const watcher = await join('lee');
    const { client } = await join('ann');
    client.provider.awareness.setLocalStateField('user', { id: 'bea', name: 'Bea' });
    client.provider.awareness.setLocalStateField('openTaskId', taskId);
    await waitFor(() => relay.metrics.presenceDropped.value > 0, 5000, 'presence dropped');
    const claimed = [...watcher.client.provider.awareness.getStates().values()].filter((s) => (s as { user?: { id: string } }).user?.id === 'bea');
    expect(claimed).toEqual([]);
    client.provider.awareness.setLocalStateField('user', { id: 'ann', name: 'Ann' });
    await waitFor(() => [...watcher.client.provider.awareness.getStates().values()].some((s) => (s as { user?: { id: string } }).user?.id === 'ann'), 5000, 'own presence shown');
  });

  it('every honest command passes, the others keep syncing, and the room reloads without the refused changes', async () => {
    const lead = await join('lee');
    await waitFor(() => lead.repo.view.get(taskId) !== undefined, 5000, 'task reached lee');
    expect(lead.repo.approve(taskId, 'Looks right').ok).toBe(true);
    const ann = await join('ann');
    const other = ann.repo.create({ title: 'Restock gate B2 cones' });
    if (!other.ok) throw new Error(other.error.message);
    ann.repo.comment(other.value.id, 'On it');
    ann.repo.assign(other.value.id, 'bea');
    await waitFor(() => honest.repo.view.get(other.value.id)?.ownerId === 'bea', 5000, 'ann\'s work reached bea');
    expect([...lead.client.closes, ...ann.client.closes].filter((c) => c.code === RelayCloseCode.refusedUpdate)).toEqual([]);
    await relay.close();
    await start();
    const view = await freshView('bea');
    await waitFor(() => view.view.get(other.value.id) !== undefined, 5000, 'reloaded room');
    expect(view.view.get(taskId)?.status).toBe('completed');
    expect(workspaceMaps(view.doc).tasks.has('forged-create')).toBe(false);
    expect(view.view.all().every((task) => task.createdBy !== 'lee')).toBe(true);
  });

  it('a revoked token cannot write again, not even once', async () => {
    const writer = createToken(dbPath, { workspace: WORKSPACE, user: 'rex', role: 'operator' }).token;
    const client = connectClient(port, WORKSPACE, writer);
    clients.push(client);
    await waitSynced(client);
    const repo = createRepository(client.doc, { actor: 'rex' });
    revokeToken(dbPath, { token: writer });
    const created = repo.create({ title: 'After revocation' });
    expect(created.ok).toBe(true);
    await waitFor(() => client.closes.some((c) => c.code === RelayCloseCode.unauthorized), 5000, 'closed 4401');
    expect(relay.hub.peek(WORKSPACE)?.doc.getMap('tasks').has(created.ok ? created.value.id : '')).toBe(false);
  });
});
