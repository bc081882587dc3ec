// Signals that name a template and a tracked source (issue 13), against a real relay with a stock
// y-websocket replica: the template fills what the signal leaves out (title, type, priority, owner)
// and the approved task gets the template's other defaults; a tracked block named by the signal
// is linked and becomes the task's parent. Unknown templates and sources are refused clearly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepository, type TaskRepository } from '../../src-shared/doc/repository';
import { SuggestionQueue } from '../../src-shared/doc/suggestion-queue';
import { DEFAULT_SETTINGS } from '../../src-shared/domain/statuses';
import { RelayErrorResponseSchema, SignalResponseSchema, signalsPath } from '../../src-shared/protocol/relay-api';
import { trackingSourcesPath } from '../../src-shared/protocol/tracking-api';
import { createRelay, createToken, type Relay } from '../../sync-server/relay';
import { trackedTaskId } from '../../sync-server/tracking';
import { connectClient, tempDir, waitFor, waitSynced, type TestClient } from './helpers';

const WS = 'dock';

describe('signals naming a template and a tracked source', () => {
  const tmp = tempDir();
  const dbPath = `${tmp.dir}/relay.sqlite`;
  let relay: Relay;
  let port: number;
  const tokens: Record<string, string> = {};
  let client: TestClient;
  let lena: TaskRepository;
  let templateId: string;

  beforeAll(async () => {
    for (const [user, role] of [['atlas', 'integration'], ['lena', 'lead']] as const) tokens[user] = createToken(dbPath, { workspace: WS, user, role }).token;
    relay = createRelay({ dbPath });
    ({ port } = await relay.listen(0, '127.0.0.1'));
    client = connectClient(port, WS, tokens.lena as string);
    await waitSynced(client);
    lena = createRepository(client.doc, { actor: 'lena' });
    await waitFor(() => lena.roleOf('lena') === 'lead', 5_000, 'lena is a lead');
    const saved = lena.saveTemplate({
      name: 'Reefer check', title: 'Check reefer temperature', type: 'qc', priority: 'high', ownerId: 'lena',
      tags: ['reefer'], checklist: ['Read the display', 'Log it'], dueOffsetMinutes: 120, description: 'Log every reading.',
    });
    if (!saved.ok) throw new Error(saved.error.message);
    templateId = saved.value.id;
    expect(lena.updateSettings({ statusMappings: { ...DEFAULT_SETTINGS.statusMappings, backops: { states: { not_started: 'todo', done: 'completed' }, archived: 'cancelled' } } }).ok).toBe(true);
  });
  afterAll(async () => {
    client?.destroy();
    await relay?.close();
    tmp.cleanup();
  });

  const post = (path: string, body: unknown) => fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST', headers: { authorization: `Bearer ${tokens.atlas as string}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  /** The relay reads settings and templates from the room's document: retry until lena's writes arrived. */
  const postUntil = async (path: string, body: unknown, accepted: (status: number) => boolean) => {
    for (let tries = 0; ; tries += 1) {
      const response = await post(path, body);
      if (accepted(response.status) || tries > 100) return response;
      await response.text();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const refusedWith = async (response: Response, code: string) => {
    expect(response.status).toBe(422);
    const body = RelayErrorResponseSchema.parse(await response.json());
    expect(body.error.code).toBe(code);
    return body.error.message;
  };

  it('fills the suggestion from the template and links the tracked block; approval applies the template\'s defaults', async () => {
    const registered = await postUntil(trackingSourcesPath(WS), {
      sourceId: 'adv-7', mapping: 'backops', title: 'Advance 7: cold chain',
      blocks: [{ id: 'r-reefers', kind: 'request', title: 'Reefer units', lineItems: [{ id: 'unit-2', title: 'Unit 2' }] }],
    }, (status) => status === 201);
    expect(registered.status).toBe(201);

    const signal = { signalKey: 'atlas-reefer-2-temp', source: 'atlas', confidence: 0.6, rationale: 'Unit 2 read 9 °C.', templateId, tracked: { sourceId: 'adv-7', blockId: 'r-reefers', itemId: 'unit-2' } };
    const answer = await postUntil(signalsPath(WS), signal, (status) => status === 201);
    expect(answer.status).toBe(201);
    const { suggestionId } = SignalResponseSchema.parse(await answer.json());

    const queue = new SuggestionQueue(lena);
    await waitFor(() => queue.get(suggestionId) !== null, 5_000, 'the suggestion reaches lena');
    const parent = trackedTaskId('adv-7', 'r-reefers', 'unit-2');
    expect(queue.get(suggestionId)).toMatchObject({
      title: 'Check reefer temperature', type: 'qc', priority: 'high', ownerId: 'lena', templateId, parentId: parent,
      link: { kind: 'tracked_source', id: 'adv-7/r-reefers/unit-2', label: 'Advance 7: cold chain: Unit 2' },
    });

    const approvedAt = Date.now();
    const approved = queue.approve(suggestionId);
    if (!approved.ok) throw new Error(approved.error.message);
    expect(approved.value).toMatchObject({
      title: 'Check reefer temperature', type: 'qc', priority: 'high', ownerId: 'lena', origin: 'suggestion', templateId,
      parentId: parent, tags: ['reefer'], description: 'Log every reading.', rationale: 'Unit 2 read 9 °C.',
    });
    expect(approved.value.checklist.map((item) => item.text)).toEqual(['Read the display', 'Log it']);
    const due = Date.parse(approved.value.dueAt ?? '');
    expect(due - approvedAt).toBeGreaterThanOrEqual(120 * 60_000 - 5_000);
    expect(due - approvedAt).toBeLessThanOrEqual(120 * 60_000 + 5_000);

    // The signal's own fields win over the template's.
    const own = await post(signalsPath(WS), { ...signal, signalKey: 'atlas-reefer-2-own', title: 'Reefer 2 alarm', priority: 'urgent', type: 'follow_up' });
    expect(own.status).toBe(201);
    const ownId = SignalResponseSchema.parse(await own.json()).suggestionId;
    await waitFor(() => queue.get(ownId) !== null, 5_000, 'the second suggestion');
    expect(queue.get(ownId)).toMatchObject({ title: 'Reefer 2 alarm', priority: 'urgent', type: 'follow_up', templateId });
  });

  it('refuses an unknown template, an unknown source or block, and a signal with neither title nor template', async () => {
    const base = { signalKey: 'k-refused', source: 'atlas', confidence: 0.5 };
    expect(await refusedWith(await post(signalsPath(WS), { ...base, templateId: 'nope' }), 'unknown_template')).toMatch(/no template "nope"/);
    expect(await refusedWith(await post(signalsPath(WS), { ...base, title: 't', tracked: { sourceId: 'adv-404' } }), 'unknown_source')).toMatch(/adv-404/);
    expect(await refusedWith(await post(signalsPath(WS), { ...base, title: 't', tracked: { sourceId: 'adv-7', blockId: 'nope' } }), 'unknown_source')).toMatch(/adv-7\/nope/);
    expect(await refusedWith(await post(signalsPath(WS), base), 'invalid_signal')).toMatch(/title or a templateId/);
    expect(await refusedWith(await post(signalsPath(WS), { ...base, title: 't', tracked: { sourceId: 'adv-7', itemId: 'unit-2' } }), 'invalid_signal')).toMatch(/with its block/);
    // Nothing was written for any of them.
    expect(new SuggestionQueue(lena).pending().filter((s) => s.signalKey === 'k-refused')).toEqual([]);
  });
});
