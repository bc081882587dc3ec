// Signal intake against a real relay process: an integration POSTs a signal, an operator's stock
// y-websocket client sees it in the review queue; the same signal key never makes a second
// suggestion; refusals (role, workspace, shape, size, muted) are clear; it survives a restart.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepository } from '../../src-shared/doc/repository';
import { SuggestionQueue } from '../../src-shared/doc/suggestion-queue';
import { muteKey } from '../../src-shared/domain/config';
import { RelayErrorResponseSchema, SignalResponseSchema, signalsPath } from '../../src-shared/protocol/relay-api';
import { createToken } from '../../sync-server/store';
import { connectClient, startRelayProcess, tempDir, waitFor, waitSynced, type RelayProcess } from './helpers';

const signal = {
  signalKey: 'flight-SQ232-2026-11-22-delay',
  source: 'flight-feed',
  title: 'Rebook transfer: flight SQ232 delayed 4h',
  rationale: 'Flight SQ232 delayed 4 hrs.',
  evidence: ['https://feeds.example/flights/SQ232'],
  confidence: 0.72,
  type: 'follow_up',
  link: { kind: 'trip', id: 'T-88', label: 'Trip T-88' },
};

describe('signal intake', () => {
  const tmp = tempDir();
  const dbPath = `${tmp.dir}/relay.sqlite`;
  let relay: RelayProcess;
  let integration: string;
  let operator: string;
  let elsewhere: string;

  beforeAll(async () => {
    integration = createToken(dbPath, { workspace: 'acme', user: 'flight-feed', role: 'integration' }).token;
    operator = createToken(dbPath, { workspace: 'acme', user: 'ann', role: 'operator' }).token;
    elsewhere = createToken(dbPath, { workspace: 'globex', user: 'feed', role: 'integration' }).token;
    relay = await startRelayProcess(dbPath);
  });
  afterAll(async () => {
    await relay?.stop();
    tmp.cleanup();
  });

  const post = (token: string, body: unknown, workspace = 'acme') =>
    fetch(`http://127.0.0.1:${relay.port}${signalsPath(workspace)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('turns a signal into a suggestion an operator sees, once per signal key', async () => {
    const client = connectClient(relay.port, 'acme', operator);
    try {
      await waitSynced(client);
      const first = await post(integration, signal);
      expect(first.status).toBe(201);
      const created = SignalResponseSchema.parse(await first.json());
      expect(created).toMatchObject({ created: true, taskId: null });

      const queue = new SuggestionQueue(createRepository(client.doc, { actor: 'ann' }));
      await waitFor(() => queue.pending().length === 1, 10_000, 'suggestion synced to the operator');
      expect(queue.pending()[0]).toMatchObject({ id: created.suggestionId, title: signal.title, rationale: signal.rationale, confidence: 0.72 });

      const again = await post(integration, signal);
      expect(again.status).toBe(200);
      expect(SignalResponseSchema.parse(await again.json())).toEqual({ suggestionId: created.suggestionId, created: false, taskId: null });

      // The operator approves it: it becomes a canonical task with its rationale and evidence.
      const task = queue.approve(created.suggestionId, { ownerId: 'ann' });
      expect(task.ok && task.value).toMatchObject({ origin: 'suggestion', ownerId: 'ann', evidence: signal.evidence });
    } finally {
      client.destroy();
    }
  });

  it('refuses other roles, other workspaces, bad shapes, bad JSON and oversized bodies with clear errors', async () => {
    const expectError = async (response: Response, status: number, code: string) => {
      expect(response.status).toBe(status);
      expect(RelayErrorResponseSchema.parse(await response.json()).error.code).toBe(code);
    };
    await expectError(await post(operator, { ...signal, signalKey: 'x1' }), 403, 'forbidden');
    await expectError(await post(elsewhere, { ...signal, signalKey: 'x2' }), 403, 'forbidden');
    await expectError(await post('hrt_not-a-token', { ...signal, signalKey: 'x3' }), 401, 'unauthorized');
    await expectError(await post(integration, { ...signal, confidence: 7 }), 422, 'invalid_signal');
    await expectError(await post(integration, { ...signal, title: '' }), 422, 'invalid_signal');
    await expectError(await post(integration, '{not json'), 400, 'bad_json');
    const huge = await post(integration, { ...signal, signalKey: 'x4', rationale: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
  });

  it('honours a mute set by an operator, and keeps suggestions across a restart', async () => {
    const client = connectClient(relay.port, 'acme', operator);
    const observer = connectClient(relay.port, 'acme', operator);
    try {
      await Promise.all([waitSynced(client), waitSynced(observer)]);
      const queue = new SuggestionQueue(createRepository(client.doc, { actor: 'ann' }));
      const link = { kind: 'trip', id: 'T-99', label: 'T-99' };
      expect(queue.mute('flight-feed', link).ok).toBe(true); // a mute.added config event, as ann
      // The relay broadcasts only what it has stored: once another client has the mute, so does the relay.
      const key = muteKey('flight-feed', link);
      expect(key).toBe('flight-feed|trip:T-99');
      const observed = createRepository(observer.doc, { actor: 'ann' });
      await waitFor(() => observed.config().mutes.has(key), 10_000, 'mute reached the relay');
      expect(observed.config().mutes.get(key)).toMatchObject({ source: 'flight-feed', by: 'ann' });
      expect(client.closes).toEqual([]);
      const muted = await post(integration, { ...signal, signalKey: 'muted-1', link: { kind: 'trip', id: 'T-99', label: 'T-99' } });
      expect(muted.status).toBe(409);
    } finally {
      client.destroy();
      observer.destroy();
    }
    await relay.stop();
    relay = await startRelayProcess(dbPath);
    const doc = new Y.Doc();
    const late = connectClient(relay.port, 'acme', operator, doc);
    try {
      await waitSynced(late);
      const queue = new SuggestionQueue(createRepository(doc, { actor: 'ann' }));
      expect(queue.pending()).toEqual([]); // the only suggestion was approved
      const all: string[] = [];
      doc.getMap('suggestions').forEach((_log, id) => all.push(id));
      expect(all).toHaveLength(1);
      expect(queue.get(all[0] as string)?.status).toBe('approved');
    } finally {
      late.destroy();
    }
  });
});
