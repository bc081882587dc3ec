// Recurring tasks across two offline replicas, through a real relay and stock y-websocket clients:
// both replicas find the same occurrences due while offline and create them (same task ids, same
// creation events), work on them, and reconnect one after the other. The relay accepts the second
// replica's copy of each occurrence log (no refusal), keeps one per task, and re-appends the other
// log's events, so after the merge each occurrence is ONE task holding both replicas' work.
// Run once with the first-synced replica's logs kept by yjs and once with the second's.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepository, type TaskRepository } from '../../src-shared/doc/repository';
import { createDueOccurrences } from '../../src-shared/doc/recurrence-scheduler';
import { rruleFor } from '../../src-shared/domain/recurrence';
import { RelayCloseCode } from '../../src-shared/protocol/relay-api';
import { createRelay, createToken, type Relay } from '../../sync-server/relay';
import { connectClient, tempDir, waitFor, waitSynced, type TestClient } from './helpers';

const pad = (n: number) => String(n).padStart(2, '0');

describe('recurring tasks: two offline replicas make one task per occurrence', () => {
  const tmp = tempDir();
  const dbPath = `${tmp.dir}/relay.sqlite`;
  let relay: Relay;
  let port: number;
  const tokens: Record<string, string> = {};
  const clients: TestClient[] = [];

  beforeAll(async () => {
    for (const [user, role] of [['lena', 'lead'], ['olga', 'operator']] as const) {
      for (const workspace of ['w1', 'w2']) tokens[`${workspace}:${user}`] = createToken(dbPath, { workspace, user, role }).token;
    }
    relay = createRelay({ dbPath });
    ({ port } = await relay.listen(0, '127.0.0.1'));
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await relay?.close();
    tmp.cleanup();
  });

  const replicaOf = async (workspace: string, user: string, clientID: number) => {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    const client = connectClient(port, workspace, tokens[`${workspace}:${user}`] as string, doc);
    clients.push(client);
    await waitSynced(client);
    const repo = createRepository(doc, { actor: user });
    await waitFor(() => repo.roleOf(user) !== undefined, 5_000, `${user} is a member`);
    return { client, repo };
  };
  const refusals = (client: TestClient) => client.closes.filter((c) => c.code === RelayCloseCode.refusedUpdate);
  const occurrences = (repo: TaskRepository) => repo.view.all().filter((t) => t.occurrence).sort((a, b) => (a.id < b.id ? -1 : 1));

  it.each([
    ['the first-synced replica\'s logs are kept', 'w1', 10, 20],
    ['the second-synced replica\'s logs are kept', 'w2', 20, 10],
  ])('%s', async (_name, workspace, firstClient, secondClient) => {
    const lena = await replicaOf(workspace, 'lena', firstClient);
    const olga = await replicaOf(workspace, 'olga', secondClient);
    // A daily template whose time was an hour ago (UTC), set two days ago: three occurrences due.
    const hourAgo = new Date(Date.now() - 3_600_000);
    const saved = lena.repo.saveTemplate({
      name: 'Gate check', title: 'Check the loading gate', checklist: ['Lock', 'Lights'], dueOffsetMinutes: 60,
      recurrence: { rrule: rruleFor('daily'), timeZone: 'UTC', time: `${pad(hourAgo.getUTCHours())}:${pad(hourAgo.getUTCMinutes())}`, since: new Date(Date.now() - 2 * 86_400_000 - 2 * 3_600_000).toISOString() },
    });
    expect(saved.ok).toBe(true);
    await waitFor(() => olga.repo.templates().length === 1, 5_000, 'the template reaches olga');

    lena.client.provider.disconnect();
    olga.client.provider.disconnect();
    const madeByLena = createDueOccurrences(lena.repo).created;
    const madeByOlga = createDueOccurrences(olga.repo).created;
    expect(madeByLena).toHaveLength(3);
    expect(madeByOlga).toEqual(madeByLena);
    const [oldest, middle, latest] = madeByLena as [string, string, string];
    // Offline work on both sides: olga completes the latest and comments on the middle one,
    // lena comments on the latest and dismisses (skips) the oldest.
    expect(olga.repo.complete(latest).ok).toBe(true);
    expect(olga.repo.comment(middle, 'gate stuck, called facilities').ok).toBe(true);
    expect(lena.repo.comment(latest, 'lights were off').ok).toBe(true);
    expect(lena.repo.dismiss(oldest, 'public holiday').ok).toBe(true);

    lena.client.provider.connect();
    await waitSynced(lena.client);
    olga.client.provider.connect();
    await waitSynced(olga.client);

    const settled = () => [lena.repo, olga.repo].every((repo) => {
      const tasks = occurrences(repo);
      return tasks.length === 3 && repo.view.get(latest)?.category === 'done' && repo.view.get(latest)?.comments.length === 1 &&
        repo.view.get(middle)?.comments.length === 1 && repo.view.get(oldest)?.category === 'canceled';
    });
    await waitFor(settled, 10_000, 'both replicas hold both sides\' work on one task per occurrence');
    for (const repo of [lena.repo, olga.repo]) {
      expect(occurrences(repo).map((t) => t.id)).toEqual([oldest, middle, latest]);
      // Each occurrence folded from one creation event; the other occurrences are untouched.
      for (const id of [oldest, middle, latest]) {
        expect(repo.view.events(id).filter((e) => e.event.type === 'task.created')).toHaveLength(1);
        expect(repo.view.events(id).every((e) => e.rejected === null)).toBe(true);
      }
      expect(repo.view.get(middle)?.category).toBe('unstarted');
      expect(repo.view.get(latest)?.checklist.map((i) => i.text)).toEqual(['Lock', 'Lights']);
    }
    expect(Y.encodeStateVector(lena.client.doc)).toEqual(Y.encodeStateVector(olga.client.doc));
    expect(lena.client.doc.getMap('tasks').toJSON()).toEqual(olga.client.doc.getMap('tasks').toJSON());
    expect(refusals(lena.client)).toEqual([]);
    expect(refusals(olga.client)).toEqual([]);

    // Running the scheduler again after the merge creates nothing more.
    expect(createDueOccurrences(lena.repo).created).toEqual([]);
    expect(createDueOccurrences(olga.repo).created).toEqual([]);
  });
});
