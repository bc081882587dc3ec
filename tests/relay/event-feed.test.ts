// The event feed against a real relay: every task event in receipt order with a durable cursor,
// written with the update that carried it; a long-polling follower sees a new event within a
// second; across a relay restart the cursor continues with no gap and no duplicate.
import { afterAll, describe, expect, it } from 'vitest';
import { createRepository } from '../../src-shared/doc/repository';
import { RelayErrorResponseSchema } from '../../src-shared/protocol/relay-api';
import { eventsPath, FeedResponseSchema, trackingSourcesPath, type FeedEvent } from '../../src-shared/protocol/tracking-api';
import { createRelay, createToken, type Relay } from '../../sync-server/relay';
import { connectClient, tempDir, waitSynced } from './helpers';

describe('event feed', () => {
  const tmp = tempDir();
  const dbPath = `${tmp.dir}/relay.sqlite`;
  const integration = createToken(dbPath, { workspace: 'fest', user: 'backops', role: 'integration' }).token;
  const operatorToken = createToken(dbPath, { workspace: 'fest', user: 'olga', role: 'operator' }).token;
  let relay: Relay | null = null;
  let port = 0;

  const start = async () => {
    relay = createRelay({ dbPath });
    ({ port } = await relay.listen(0, '127.0.0.1'));
  };
  afterAll(async () => {
    await relay?.close();
    tmp.cleanup();
  });

  const feed = async (after: number, extra = '', token = integration) => {
    const response = await fetch(`http://127.0.0.1:${port}${eventsPath('fest')}?after=${after}${extra}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return FeedResponseSchema.parse(await response.json());
  };
  const readAll = async (after: number) => {
    const events: FeedEvent[] = [];
    let cursor = after;
    for (;;) {
      const page = await feed(cursor, '&limit=3');
      events.push(...page.events);
      if (page.events.length === 0) return { events, cursor };
      cursor = page.cursor;
    }
  };
  const register = (sourceId: string, blocks: string[]) =>
    fetch(`http://127.0.0.1:${port}${trackingSourcesPath('fest')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${integration}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sourceId, mapping: 'advance', title: sourceId, blocks: blocks.map((id) => ({ id, kind: 'question', title: id })) }),
    });

  it('lists every task event in receipt order, from clients and from the relay alike', async () => {
    await start();
    const client = connectClient(port, 'fest', operatorToken);
    try {
      await waitSynced(client);
      const repo = createRepository(client.doc, { actor: 'olga' });
      const made = repo.create({ title: 'Call the caterer' });
      expect(made.ok).toBe(true);
      expect((await register('mod-a', ['q1', 'q2'])).status).toBe(201);
      let all: FeedEvent[] = [];
      for (let i = 0; i < 100 && all.length < 3; i += 1) {
        all = (await readAll(0)).events;
        if (all.length < 3) await new Promise((r) => setTimeout(r, 20));
      }
      expect(all.map((e) => e.event.type)).toEqual(['task.created', 'task.created', 'task.created']);
      expect(all[0]).toMatchObject({ event: { actor: 'olga' } });
      expect(all.slice(1).every((e) => e.event.actor === 'backops')).toBe(true);
      expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => a - b));
    } finally {
      client.destroy();
    }
  });

  it('wakes a long-polling follower within a second of a new event', async () => {
    const { cursor } = await readAll(0);
    let answeredAt = 0;
    const waiting = feed(cursor, '&wait=10000').then((page) => { answeredAt = Date.now(); return page; });
    await new Promise((r) => setTimeout(r, 200));
    // Still open when the event comes: the long poll answers because of it, not before.
    expect(answeredAt).toBe(0);
    const posted = Date.now();
    expect((await register('mod-b', ['q1'])).status).toBe(201);
    const page = await waiting;
    expect(page.events.map((e) => e.event.type)).toEqual(['task.created']);
    expect(answeredAt - posted).toBeLessThan(1_000);
    expect(answeredAt).toBeGreaterThanOrEqual(posted);
    // An empty long poll ends at its wait with the same cursor.
    const idle = await feed(page.cursor, '&wait=300');
    expect(idle).toEqual({ events: [], cursor: page.cursor });
  });

  it('keeps its cursor across a relay restart: no gap, no duplicate', async () => {
    const before = await readAll(0);
    await relay?.close();
    await start();
    const again = await readAll(0);
    expect(again.events).toEqual(before.events);
    expect((await register('mod-c', ['q1', 'q2'])).status).toBe(201);
    // Reregistering after the restart writes nothing new.
    expect((await register('mod-a', ['q1', 'q2'])).status).toBe(200);
    const after = await readAll(before.cursor);
    expect(after.events.map((e) => e.event.type)).toEqual(['task.created', 'task.created']);
    const seqs = [...before.events, ...after.events].map((e) => e.seq);
    const ids = [...before.events, ...after.events].map((e) => e.event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(after.events[0]?.seq).toBeGreaterThan(before.cursor);
  });

  it('is for integrations and admins, with a bounded page', async () => {
    const response = await fetch(`http://127.0.0.1:${port}${eventsPath('fest')}`, { headers: { authorization: `Bearer ${operatorToken}` } });
    expect(response.status).toBe(403);
    expect(RelayErrorResponseSchema.parse(await response.json()).error.code).toBe('forbidden');
    const tooMany = await fetch(`http://127.0.0.1:${port}${eventsPath('fest')}?limit=501`, { headers: { authorization: `Bearer ${integration}` } });
    expect(tooMany.status).toBe(400);
    expect((await feed(0, '&limit=2')).events).toHaveLength(2);
  });
});
