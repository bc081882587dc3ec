// Seed 001 over HTTP against a real relay: an integration registers an advance module (3 blocks,
// line items), a collaborator answers one block, a reviewer reviews another, the module is
// archived, re-enabled and deleted; an operator's stock y-websocket replica shows each step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepository, type TaskRepository } from '../../src-shared/doc/repository';
import { DEFAULT_SETTINGS } from '../../src-shared/domain/statuses';
import type { TaskState } from '../../src-shared/domain/types';
import { RelayErrorResponseSchema } from '../../src-shared/protocol/relay-api';
import { SourceResponseSchema, trackingSourcesPath } from '../../src-shared/protocol/tracking-api';
import { createRelay, createToken, type Relay } from '../../sync-server/relay';
import { TrackingIntake, trackedTaskId } from '../../sync-server/tracking';
import { connectClient, tempDir, waitFor, waitSynced, type TestClient } from './helpers';

const MODULE = 'adv-42-catering';
const module = (lineItems: { id: string; title: string }[] = [{ id: 'cart-1', title: 'Golf cart 1' }]) => ({
  sourceId: MODULE,
  mapping: 'backops',
  title: 'Advance 42: catering',
  blocks: [
    { id: 'q-dietary', kind: 'question', title: 'Dietary requirements?' },
    { id: 'q-headcount', kind: 'question', title: 'Headcount for crew meals?' },
    { id: 'r-carts', kind: 'request', title: 'Golf carts', lineItems },
  ],
});
const BACKOPS_MAPPING = {
  states: { not_started: 'todo', needs_review: 'pending_approval', done: 'completed' },
  archived: 'cancelled',
};
const id = (block: string, item?: string) => trackedTaskId(MODULE, block, item);

describe('tracking over HTTP (seed 001)', () => {
  const tmp = tempDir();
  const dbPath = `${tmp.dir}/relay.sqlite`;
  let relay: Relay;
  let port: number;
  const tokens: Record<string, string> = {};
  let operator: TestClient;
  let lead: TestClient;
  let ops: TaskRepository;

  beforeAll(async () => {
    for (const [user, role] of [['backops', 'integration'], ['lena', 'lead'], ['olga', 'operator'], ['adam', 'admin']] as const) {
      tokens[user] = createToken(dbPath, { workspace: 'fest', user, role }).token;
    }
    relay = createRelay({ dbPath });
    ({ port } = await relay.listen(0, '127.0.0.1'));
    operator = connectClient(port, 'fest', tokens.olga as string);
    lead = connectClient(port, 'fest', tokens.lena as string);
    await Promise.all([waitSynced(operator), waitSynced(lead)]);
    ops = createRepository(operator.doc, { actor: 'olga' });
  });
  afterAll(async () => {
    operator?.destroy();
    lead?.destroy();
    await relay?.close();
    tmp.cleanup();
  });

  const call = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const ok = async (response: Response, status = 200) => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return SourceResponseSchema.parse(JSON.parse(text));
  };
  const refused = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    const body = RelayErrorResponseSchema.parse(await response.json());
    expect(body.error.code).toBe(code);
    return body.error.message;
  };
  const integration = (method: string, path: string, body?: unknown) => call(tokens.backops as string, method, path, body);
  const seen = (taskId: string, check: (t: TaskState | undefined) => boolean, what: string) =>
    waitFor(() => check(ops.view.get(taskId)), 5_000, what);
  const status = (taskId: string) => ops.view.get(taskId)?.status;

  it('refuses with a clear error until the mapping is configured, then registers once', async () => {
    const message = await refused(await integration('POST', trackingSourcesPath('fest'), module()), 409, 'mapping_not_configured');
    expect(message).toMatch(/tracking will not work until the status mapping "backops" is configured/);

    const leadRepo = createRepository(lead.doc, { actor: 'lena' });
    expect(leadRepo.updateSettings({ statusMappings: { ...DEFAULT_SETTINGS.statusMappings, backops: BACKOPS_MAPPING } }).ok).toBe(true);
    let first = await integration('POST', trackingSourcesPath('fest'), module());
    for (let tries = 0; first.status === 409 && tries < 100; tries += 1) {
      await first.text();
      await new Promise((resolve) => setTimeout(resolve, 50));
      first = await integration('POST', trackingSourcesPath('fest'), module());
    }
    const created = await ok(first, 201);
    expect(created).toMatchObject({ tracking: true, written: 4 });
    expect(created.tasks).toHaveLength(4);

    await seen(id('r-carts', 'cart-1'), (t) => t?.parentId === id('r-carts'), 'operator sees the line item subtask');
    for (const block of ['q-dietary', 'q-headcount', 'r-carts']) {
      expect(ops.view.get(id(block))).toMatchObject({ status: 'todo', origin: 'tracking', tracking: { source: MODULE, sourceId: block } });
    }
    // The same registration again changes nothing; a new line item adds one subtask.
    expect((await ok(await integration('POST', trackingSourcesPath('fest'), module()))).written).toBe(0);
    const more = await ok(await integration('POST', trackingSourcesPath('fest'), module([{ id: 'cart-2', title: 'Golf cart 2' }])));
    expect(more.written).toBe(1);
    expect(more.tasks).toHaveLength(5);
    await seen(id('r-carts', 'cart-2'), (t) => t?.parentId === id('r-carts'), 'second line item');
    expect(ops.view.all().filter((t) => t.tracking?.source === MODULE)).toHaveLength(5);
  });

  it('answers and reviews move tasks through the mapping; a hand-closed task follows its source', async () => {
    const state = (blockId: string, value: string, itemId?: string) =>
      integration('POST', trackingSourcesPath('fest', MODULE, 'state'), { blockId, state: value, ...(itemId ? { itemId } : {}) });
    await ok(await state('q-dietary', 'needs_review'));
    await ok(await state('q-headcount', 'needs_review'));
    await ok(await state('q-headcount', 'done'));
    await seen(id('q-dietary'), (t) => t?.status === 'pending_approval', 'answered → needs review');
    await seen(id('q-headcount'), (t) => t?.status === 'completed', 'reviewed → done');
    // The same state again writes nothing.
    expect((await ok(await state('q-headcount', 'done'))).written).toBe(0);

    // Olga closes the golf carts request by hand; then a collaborator answers it: the source wins.
    expect(ops.dispatch(id('r-carts'), { type: 'task.completed', payload: {} }).ok).toBe(true);
    await ok(await state('r-carts', 'needs_review'));
    await seen(id('r-carts'), (t) => t?.status === 'pending_approval' && t.tracking?.state === 'needs_review', 'source move after a manual close');
    expect(ops.view.get(id('r-carts'))?.reopenCount).toBe(0);
    await ok(await state('r-carts', 'done', 'cart-1'));
    await seen(id('r-carts', 'cart-1'), (t) => t?.status === 'completed', 'line item done');

    await refused(await state('q-dietary', 'exploded'), 422, 'no_status_mapping');
    await refused(await state('nope', 'done'), 404, 'unknown_block');
  });

  it('state changes that arrive together are each checked, written in one commit, each answered', async () => {
    const path = trackingSourcesPath('fest', MODULE, 'state');
    // Over HTTP, at once: two identical moves of one block (the second must see the first and write
    // nothing), another block, a state the mapping does not know, an unknown block.
    const answers = await Promise.all([
      integration('POST', path, { blockId: 'q-dietary', state: 'done' }),
      integration('POST', path, { blockId: 'q-dietary', state: 'done' }),
      integration('POST', path, { blockId: 'q-headcount', state: 'needs_review' }),
      integration('POST', path, { blockId: 'r-carts', itemId: 'cart-2', state: 'exploded' }),
      integration('POST', path, { blockId: 'nope', state: 'done' }),
    ]);
    const [first, second, headcount] = await Promise.all(answers.slice(0, 3).map((answer) => ok(answer)));
    expect((first?.written ?? 0) + (second?.written ?? 0)).toBe(1);
    expect(first?.tasks).toEqual([expect.objectContaining({ taskId: id('q-dietary'), state: 'done', status: 'completed' })]);
    expect(headcount?.tasks).toEqual([expect.objectContaining({ blockId: 'q-headcount', state: 'needs_review', status: 'pending_approval' })]);
    await refused(answers[3] as Response, 422, 'no_status_mapping');
    await refused(answers[4] as Response, 404, 'unknown_block');

    // The batch itself, deterministically: one durable commit; a second change of a task already
    // changed in the open Yjs transaction goes into the next one, checked against the first.
    const intake = new TrackingIntake(relay.store.database.db);
    const batches = relay.metrics.persistedBatches.value;
    let updates = 0;
    const results = relay.hub.withRoom('fest', (room) => {
      const count = () => (updates += 1);
      room.doc.on('update', count);
      try {
        return intake.changeStates(room, [
          { actor: 'backops', sourceId: MODULE, req: { blockId: 'q-dietary', state: 'needs_review' } },
          { actor: 'backops', sourceId: MODULE, req: { blockId: 'q-headcount', state: 'done' } },
          { actor: 'backops', sourceId: MODULE, req: { blockId: 'q-dietary', state: 'needs_review' } },
          { actor: 'backops', sourceId: MODULE, req: { blockId: 'q-dietary', state: 'exploded' } },
          { actor: 'olga', sourceId: 'adv-none', req: { blockId: 'q-dietary', state: 'done' } },
        ]);
      } finally {
        room.doc.off('update', count);
      }
    });
    expect(results.map((r) => (r.ok ? r.value.written : r.error.code))).toEqual([1, 1, 0, 'no_status_mapping', 'unknown_source']);
    expect(updates).toBe(1);
    expect(relay.metrics.persistedBatches.value).toBe(batches + 1);
    await seen(id('q-dietary'), (t) => t?.status === 'pending_approval', 'batched change reached the operator');
    await seen(id('q-headcount'), (t) => t?.status === 'completed', 'batched change reached the operator');
  });

  it('archive parks every task; re-enable brings each back to the status its state maps to', async () => {
    const archived = await ok(await integration('POST', trackingSourcesPath('fest', MODULE, 'archive')));
    expect(archived.tracking).toBe(false);
    await waitFor(() => ops.trackedTasks(MODULE).every((t) => t.status === 'cancelled'), 5_000, 'all archived');
    // Answers keep arriving while archived: recorded, the status stays archived.
    await ok(await integration('POST', trackingSourcesPath('fest', MODULE, 'state'), { blockId: 'q-dietary', state: 'done' }));
    await seen(id('q-dietary'), (t) => t?.tracking?.state === 'done', 'state recorded while archived');
    expect(status(id('q-dietary'))).toBe('cancelled');

    await ok(await integration('POST', trackingSourcesPath('fest', MODULE, 'restore')));
    await seen(id('q-dietary'), (t) => t?.status === 'completed', 'restored by state');
    expect(status(id('q-headcount'))).toBe('completed');
    expect(status(id('r-carts'))).toBe('pending_approval');
    expect(status(id('r-carts', 'cart-2'))).toBe('todo');
    // PATCH is the same switch.
    expect((await ok(await integration('PATCH', trackingSourcesPath('fest', MODULE), { tracking: false }))).tracking).toBe(false);
    await seen(id('q-dietary'), (t) => t?.status === 'cancelled', 'disabled by PATCH');
    await ok(await integration('PATCH', trackingSourcesPath('fest', MODULE), { tracking: true }));
    await seen(id('q-dietary'), (t) => t?.status === 'completed', 'enabled by PATCH');
  });

  it('a template source starts its advances tracked or not', async () => {
    const template = { sourceId: 'tpl-catering', mapping: 'backops', title: 'Catering template', template: true, tracking: false, blocks: module().blocks };
    expect((await ok(await integration('POST', trackingSourcesPath('fest'), template), 201)).tasks).toHaveLength(0);
    const fromTemplate = { ...module(), sourceId: 'adv-43-catering', fromTemplate: 'tpl-catering' };
    const untracked = await ok(await integration('POST', trackingSourcesPath('fest'), fromTemplate), 201);
    expect(untracked).toMatchObject({ tracking: false, tasks: [] });
    await ok(await integration('PATCH', trackingSourcesPath('fest', 'tpl-catering'), { tracking: true }));
    const tracked = await ok(await integration('POST', trackingSourcesPath('fest'), { ...fromTemplate, sourceId: 'adv-44-catering' }), 201);
    expect(tracked).toMatchObject({ tracking: true });
    expect(tracked.tasks).toHaveLength(4);
  });

  it('delete removes the tasks from every list; an admin can undo it; the log stays append-only', async () => {
    const eventsBefore = ops.view.eventCount(id('q-dietary'));
    const deleted = await ok(await integration('POST', trackingSourcesPath('fest', MODULE, 'delete')));
    expect(deleted.deleted).toBe(true);
    await waitFor(() => !ops.view.all().some((t) => t.tracking?.source === MODULE), 5_000, 'gone from lists');
    expect(ops.view.eventCount(id('q-dietary'))).toBe(eventsBefore + 1);
    await refused(await integration('POST', trackingSourcesPath('fest', MODULE, 'state'), { blockId: 'q-dietary', state: 'done' }), 409, 'source_deleted');
    await refused(await integration('POST', trackingSourcesPath('fest', MODULE, 'undelete')), 403, 'not_permitted');
    const undeleted = await ok(await call(tokens.adam as string, 'POST', trackingSourcesPath('fest', MODULE, 'undelete')));
    expect(undeleted).toMatchObject({ deleted: false, written: 5 });
    await waitFor(() => ops.view.all().filter((t) => t.tracking?.source === MODULE).length === 5, 5_000, 'listed again');
    expect(status(id('q-dietary'))).toBe('cancelled');
    // Undoing a deletion that is not there is refused, for admins too (it would untrack the source).
    await refused(await call(tokens.adam as string, 'POST', trackingSourcesPath('fest', MODULE, 'undelete')), 409, 'not_deleted');
  });

  it('refuses the wrong role, bad bodies, oversized bodies and unknown sources with JSON errors', async () => {
    await refused(await call(tokens.olga as string, 'POST', trackingSourcesPath('fest'), module()), 403, 'forbidden');
    await refused(await integration('POST', trackingSourcesPath('fest'), '{'), 400, 'bad_json');
    await refused(await integration('POST', trackingSourcesPath('fest'), { ...module(), mapping: '' }), 422, 'invalid_request');
    await refused(await integration('POST', trackingSourcesPath('fest'), 'x'.repeat(300 * 1024)), 413, 'payload_too_large');
    await refused(await integration('POST', trackingSourcesPath('fest', 'nope', 'archive')), 404, 'unknown_source');
    await refused(await integration('DELETE', trackingSourcesPath('fest', MODULE)), 405, 'method_not_allowed');
  });
});
