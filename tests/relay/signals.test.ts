// Signal intake against a real relay process: an integration POSTs a signal, an operator's stock
// y-websocket client sees it in the review queue; the same signal key never makes a second
// suggestion; refusals (role, workspace, shape, size, muted) are clear; it survives a restart.
import http from 'node:http';
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

  /** POSTs `bytes` bytes of body through node:http (with Content-Length, or chunked without it). */
  const upload = (token: string, bytes: number, mode: 'length' | 'chunked') =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      if (mode === 'length') headers['content-length'] = String(bytes);
      const req = http.request({ host: '127.0.0.1', port: relay.port, method: 'POST', path: signalsPath('acme'), headers, agent: false });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      // Write the way a client streams a file: 16 KiB at a time, respecting back-pressure, so
      // the relay's answer can arrive while the upload is still going on.
      const chunk = Buffer.alloc(16 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < bytes) {
          const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
          sent += part.length;
          if (!req.write(part)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });

  it('answers 413 to every oversized upload, whatever its size or framing, instead of resetting the connection', async () => {
    const sizes = [64 * 1024 + 1, 100_000, 1_000_000, 4_000_000];
    for (let round = 0; round < 8; round++) {
      for (const bytes of sizes) {
        for (const mode of ['length', 'chunked'] as const) {
          const answer = await upload(integration, bytes, mode).catch((failure: Error) => ({ status: -1, body: failure.message }));
          expect({ bytes, mode, status: answer.status }).toEqual({ bytes, mode, status: 413 });
          expect(RelayErrorResponseSchema.parse(JSON.parse(answer.body)).error.code).toBe('payload_too_large');
        }
        // fetch (undici) too, with a string body (Content-Length) of the same size.
        const viaFetch = await post(integration, 'x'.repeat(bytes)).catch((failure: Error) => ({ status: -1, failure }));
        expect({ bytes, status: viaFetch.status }).toEqual({ bytes, status: 413 });
      }
    }
    // Exactly at the limit is not too large (it is just not JSON), and the relay still serves.
    expect((await upload(integration, 64 * 1024, 'chunked')).status).toBe(400);
    expect((await post(integration, { ...signal, confidence: 7 })).status).toBe(422);
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
