// Retention, the archive and live-document generations against a real relay (127.0.0.1, a real
// SQLite file, real y-websocket clients): a stale generation is refused with 4410; a run moves
// exactly the tasks closed past the window (and decided or expired suggestions), leaves open ones
// however old, and archive + live = everything ever written, event for event; the porting endpoint
// runs the socket's checks, is idempotent, and a reopen brings the task back with its whole log
// (two at once: one task, one log); a client cannot re-create an archived task's log live; a run
// leaves the relay serving, and what a client writes while it runs lands where it belongs; a
// closed tracked task is archived, and its source moving it brings it back live with its log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { portToGeneration } from '../../src-shared/doc/generation-move';
import { createRepository, type TaskRepository } from '../../src-shared/doc/repository';
import { workspaceMaps } from '../../src-shared/doc/schema';
import { formatStamp } from '../../src-shared/domain/clock';
import type { TaskEvent } from '../../src-shared/domain/events';
import { newId } from '../../src-shared/domain/ids';
import {
  archivePaths, ArchiveBatchEventsResponseSchema, ArchivedTaskResponseSchema, ArchiveEventsResponseSchema, ArchiveRunResponseSchema, ArchiveSearchResponseSchema,
  ArchiveStatsResponseSchema, GenerationResponseSchema, generationCloseReason,
} from '../../src-shared/protocol/archive-api';
import { createArchiveClient } from '../../src-shared/protocol/archive-client';
import { RelayCloseCode, signalsPath } from '../../src-shared/protocol/relay-api';
import { eventsPath, FeedResponseSchema, trackingSourcesPath } from '../../src-shared/protocol/tracking-api';
import { DEFAULT_SETTINGS } from '../../src-shared/domain/statuses';
import { trackedTaskId } from '../../sync-server/tracking';
import type { WorkspaceExport } from '../../src-shared/export/export-json';
import { exportFromStore } from '../../scripts/export';
import { createRelay, createToken, type Relay } from '../../sync-server/relay';
import { connectClient, tempDir, waitFor, waitSynced, type TestClient } from './helpers';

const DAY = 86_400_000;
const W = 'depot';

describe('archive and generations', () => {
  const tmp = tempDir();
  const dbPath = tmp.file('relay.sqlite');
  const tokens = {
    ann: createToken(dbPath, { workspace: W, user: 'ann', role: 'operator' }).token,
    lee: createToken(dbPath, { workspace: W, user: 'lee', role: 'lead' }).token,
    adm: createToken(dbPath, { workspace: W, user: 'adm', role: 'admin' }).token,
    vik: createToken(dbPath, { workspace: W, user: 'vik', role: 'viewer' }).token,
    feed: createToken(dbPath, { workspace: W, user: 'feed', role: 'integration' }).token,
    yardAnn: createToken(dbPath, { workspace: 'yard', user: 'ann', role: 'operator' }).token,
    trkFeed: createToken(dbPath, { workspace: 'trk', user: 'backops', role: 'integration' }).token,
    trkLee: createToken(dbPath, { workspace: 'trk', user: 'lee', role: 'lead' }).token,
  };
  let relay: Relay;
  let port = 0;
  const clients: TestClient[] = [];
  const ids: Record<string, string> = {};
  /** Every task event written before the run: task id -> its log. */
  let before = new Map<string, TaskEvent[]>();

  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const get = async (path: string, token: string) => fetch(url(path), { headers: { authorization: `Bearer ${token}` } });
  const post = async (path: string, token: string, body?: unknown) =>
    fetch(url(path), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const connect = (token: string, generation: number) => {
    const client = connectClient(port, W, token, new Y.Doc(), { params: { gen: String(generation) } });
    clients.push(client);
    return client;
  };
  const logs = (doc: Y.Doc) => {
    const out = new Map<string, TaskEvent[]>();
    workspaceMaps(doc).tasks.forEach((log, id) => out.set(id, log.toArray()));
    return out;
  };
  const reopenEvent = (actor: string, after: TaskEvent[], extra: Partial<TaskEvent> = {}): TaskEvent => ({
    id: newId(Date.now()), actor, type: 'task.reopened', payload: { reason: 'not fixed' },
    at: formatStamp({ wall: Math.max(Date.now(), Number(after.at(-1)!.at.slice(0, 15)) + 1), counter: 0, node: `${actor}.t` }),
    ...extra,
  } as TaskEvent);

  beforeAll(async () => {
    relay = createRelay({ dbPath, limits: { roomIdleUnloadMs: 0 } });
    ({ port } = await relay.listen(0, '127.0.0.1'));
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await relay.close();
    tmp.cleanup();
  });

  it('refuses a client of another generation with 4410 before syncing anything', async () => {
    const generation = GenerationResponseSchema.parse(await (await get(archivePaths.generation(W), tokens.vik)).json());
    expect(generation).toEqual({ generation: 0, startedAt: null });
    const stale = connect(tokens.ann, 1);
    await waitFor(() => stale.closes.length > 0, 10_000, '4410');
    expect(stale.closes[0]).toEqual({ code: RelayCloseCode.generationMoved, reason: generationCloseReason(0) });
    expect(stale.provider.synced).toBe(false);
  });

  it('moves exactly the tasks closed past the window and the decided or expired suggestions', async () => {
    // Ann works on a clock set 40 days back, moved forward as the story goes.
    let clock = Date.now() - 40 * DAY;
    const ann = connect(tokens.ann, 0);
    await waitSynced(ann);
    const repo: TaskRepository = createRepository(ann.doc, { actor: 'ann', now: () => clock });
    const make = (key: string, title: string, extra: object = {}) => {
      const made = repo.create({ title, ...extra });
      if (!made.ok) throw new Error(made.error.message);
      ids[key] = made.value.id;
    };
    make('old', 'Chase carrier for POD', { ownerId: 'ann', description: 'pallet 7 missing' });
    make('open', 'Recount bay 4 (open for 40 days)');
    make('reclosed', 'Swap the forklift battery');
    make('dismissed', 'Duplicate alarm', { tags: ['noise'] });
    clock += 10 * DAY; // -30 days
    repo.complete(ids.old!);
    repo.complete(ids.reclosed!);
    repo.dismiss(ids.dismissed!, 'duplicate');
    clock += 10 * DAY; // -20 days
    repo.reopen(ids.reclosed!, 'battery still weak');
    clock += 15 * DAY; // -5 days
    make('recent', 'Sign off the night shift');
    repo.complete(ids.recent!);
    clock += 2 * DAY; // -3 days
    repo.complete(ids.reclosed!);
    clock += 2 * DAY; // -1 day
    repo.comment(ids.dismissed!, 'the invoice for the duplicate came back');
    // Suggestions: one expired, one still pending.
    const signal = (key: string, expiresAt: string) => post(signalsPath(W), tokens.feed, { signalKey: key, source: 'wms', title: `signal ${key}`, confidence: 0.4, expiresAt });
    expect((await signal('expired-1', new Date(Date.now() - DAY).toISOString())).status).toBe(201);
    expect((await signal('pending-1', new Date(Date.now() + DAY).toISOString())).status).toBe(201);
    await waitFor(() => workspaceMaps(ann.doc).suggestions.size === 2, 10_000, 'suggestions synced');
    // Everything Ann wrote has reached the relay (a second client sees it).
    const check = connect(tokens.vik, 0);
    await waitSynced(check);
    await waitFor(() => logs(check.doc).get(ids.dismissed!)?.length === 3, 10_000, 'all writes at the relay');
    before = logs(check.doc);
    const generationZero = Y.encodeStateAsUpdate(check.doc);
    const suggestionLogs = new Map<string, { id: string }[]>();
    workspaceMaps(check.doc).suggestions.forEach((log, id) => suggestionLogs.set(id, log.toArray() as { id: string }[]));

    const run = await post(archivePaths.run(W), tokens.adm);
    expect(run.status).toBe(200);
    expect(ArchiveRunResponseSchema.parse(await run.json())).toEqual({ archivedTasks: 2, archivedSuggestions: 1, generation: 1 });
    // Everyone on generation 0 is moved on, with the current generation in the reason.
    await waitFor(() => ann.closes.length > 0 && check.closes.length > 0, 10_000, '4410 for generation 0');
    expect(ann.closes[0]).toEqual({ code: RelayCloseCode.generationMoved, reason: generationCloseReason(1) });
    ann.destroy();
    check.destroy();
    const again = connect(tokens.ann, 0);
    await waitFor(() => again.closes.length > 0, 10_000, 'generation 0 refused');
    expect(again.closes[0]?.reason).toBe(generationCloseReason(1));
    again.destroy();

    const live = connect(tokens.vik, 1);
    await waitSynced(live);
    const liveLogs = logs(live.doc);
    const withEvents = [...liveLogs].filter(([, events]) => events.length > 0).map(([id]) => id).sort();
    expect(withEvents).toEqual([ids.open, ids.reclosed, ids.recent].sort());
    for (const id of withEvents) expect(liveLogs.get(id)).toEqual(before.get(id));
    expect([...workspaceMaps(live.doc).suggestions.keys()]).toHaveLength(1);
    // The empty log the expired suggestion reserved for its task went with it; the pending one's stays.
    const pendingId = [...workspaceMaps(live.doc).suggestions.keys()][0]!;
    const reserved = [...before].filter(([, events]) => events.length === 0).map(([id]) => id);
    expect(reserved.sort()).toEqual([pendingId, ...reserved.filter((id) => id !== pendingId)].sort());
    expect(reserved).toHaveLength(2);
    expect([...liveLogs.keys()].sort()).toEqual([...withEvents, pendingId].sort());
    // Events an old replica wrote to that dropped log get a definite refusal, not a 404 to retry.
    const expiredId = reserved.find((id) => id !== pendingId)!;
    const late = reopenEvent('ann', before.get(ids.old!)!);
    expect(ArchiveEventsResponseSchema.parse(await (await post(archivePaths.events(W, expiredId), tokens.ann, { events: [late] })).json()))
      .toMatchObject({ accepted: [], refused: [{ id: late.id, reason: expect.stringMatching(/^already_decided/) as unknown as string }], restored: false });
    // The suggestion's own events from an old replica: a known one is a no-op, a new decision is refused.
    const approval = { id: newId(Date.now()), actor: 'lee', at: late.at, type: 'suggestion.approved', payload: {} };
    const suggestionAnswer = await post(archivePaths.suggestionEvents(W, expiredId), tokens.lee, { events: [...suggestionLogs.get(expiredId)!, approval] });
    expect(ArchiveEventsResponseSchema.parse(await suggestionAnswer.json()))
      .toMatchObject({ accepted: [], refused: [{ id: approval.id, reason: expect.stringMatching(/^already_decided: suggestion .* was expired/) as unknown as string }], restored: false });
    expect((await post(archivePaths.suggestionEvents(W, pendingId), tokens.lee, { events: [approval] })).status).toBe(409);
    // Lee's old replica holds that approval (made offline): the generation move's port (the real
    // archive client over HTTP) asks the archive, which answers already_decided: kept as a final
    // refusal, never re-created live nor retried (a second port reports it again, adds nothing).
    const leeOld = new Y.Doc();
    Y.applyUpdate(leeOld, generationZero);
    workspaceMaps(leeOld).suggestions.get(expiredId)!.push([approval]);
    const leeLive = new Y.Doc();
    Y.applyUpdate(leeLive, Y.encodeStateAsUpdate(live.doc));
    const archiveClient = createArchiveClient({ relayUrl: url(''), workspaceId: W, token: tokens.lee, fetch: (to, init) => fetch(to, init) });
    for (let run = 0; run < 2; run += 1) {
      const ported = await portToGeneration(leeOld, createRepository(leeLive, { actor: 'lee' }), archiveClient);
      expect(ported).toMatchObject({ reappended: 0, archived: 0 });
      expect(ported.refused.map((r) => [r.log, r.event.id, r.reason])).toEqual([[`suggestions/${expiredId}`, approval.id, expect.stringMatching(/^already_decided/)]]);
      expect(workspaceMaps(leeLive).suggestions.has(expiredId)).toBe(false);
    }
    expect(workspaceMaps(live.doc).members.length).toBeGreaterThan(0);

    // archive + live = everything ever written, each event once.
    const search = ArchiveSearchResponseSchema.parse(await (await get(archivePaths.search(W), tokens.vik)).json());
    expect(search.total).toBe(2);
    expect(search.tasks.map((t) => t.id).sort()).toEqual([ids.old, ids.dismissed].sort());
    const everything = new Map(liveLogs);
    for (const row of search.tasks) {
      const one = ArchivedTaskResponseSchema.parse(await (await get(archivePaths.task(W, row.id), tokens.vik)).json());
      everything.set(row.id, one.events as unknown as TaskEvent[]);
      expect(one.events).toEqual(before.get(row.id));
    }
    expect(new Map([...everything].filter(([, e]) => e.length > 0))).toEqual(new Map([...before].filter(([, e]) => e.length > 0)));
    const stats = ArchiveStatsResponseSchema.parse(await (await get(archivePaths.stats(W), tokens.adm)).json());
    expect(stats).toMatchObject({ generation: 1, archivedTasks: 2, retentionDays: 14 });
    expect((await get(archivePaths.stats(W), tokens.ann)).status).toBe(403);
    expect((await post(archivePaths.run(W), tokens.lee)).status).toBe(403);
    // The JSON export holds the live tasks and the archived ones, each with its whole log.
    const exported = JSON.parse(exportFromStore({ db: dbPath, workspace: W, format: 'json' })) as WorkspaceExport;
    expect(exported.archivedTasks.map((t) => t.state.id).sort()).toEqual([ids.old, ids.dismissed].sort());
    expect(exported.tasks.map((t) => t.state.id).sort()).toEqual([ids.open, ids.reclosed, ids.recent].sort());
    for (const task of [...exported.tasks, ...exported.archivedTasks]) expect(task.events.map((e) => e.event)).toEqual(before.get(task.state.id));
    // The event feed lists no copied event twice.
    const feed = FeedResponseSchema.parse(await (await get(`${eventsPath(W)}?after=0&limit=100`, tokens.feed)).json());
    const feedIds = feed.events.map((e) => e.event.id);
    expect(new Set(feedIds).size).toBe(feedIds.length);
    expect([...before.values()].flat().filter((e) => !feedIds.includes(e.id))).toEqual([]);
    // The expired signal is not turned into a second suggestion now that it is archived.
    const repeat = await signal('expired-1', new Date(Date.now() - DAY).toISOString());
    expect(repeat.status).toBe(200);
    expect((await repeat.json()) as { created: boolean }).toMatchObject({ created: false });
  });

  it('searches the archive with the filter bar language and pages by closed date', async () => {
    const search = async (q: string, extra = '') => {
      const response = await get(`${archivePaths.search(W)}?q=${encodeURIComponent(q)}${extra}`, tokens.ann);
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const ids_ = async (q: string) => ArchiveSearchResponseSchema.parse((await search(q)).body).tasks.map((t) => t.id);
    expect(await ids_('invoice')).toEqual([ids.dismissed]);
    expect(await ids_('"pallet 7"')).toEqual([ids.old]);
    expect(await ids_('owner:me')).toEqual([ids.old]);
    expect(await ids_('tag:noise')).toEqual([ids.dismissed]);
    expect(await ids_('-tag:noise')).toEqual([ids.old]);
    expect(await ids_('status:done')).toEqual([ids.old]);
    expect(await ids_('is:open')).toEqual([]);
    expect(await ids_('po')).toEqual([ids.old]); // two letters: below the trigram's reach, still found
    const bad = await search('colour:red');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/Unknown filter/);
    // Newest closed first (dismissed and completed at the same moment: task id breaks the tie).
    const first = ArchiveSearchResponseSchema.parse((await search('', '&limit=1')).body);
    expect(first.next).not.toBeNull();
    const second = ArchiveSearchResponseSchema.parse((await search('', `&limit=1&before=${encodeURIComponent(first.next!)}`)).body);
    expect([...first.tasks, ...second.tasks].map((t) => t.id).sort()).toEqual([ids.old, ids.dismissed].sort());
    expect(first.tasks[0]!.closedAt >= second.tasks[0]!.closedAt).toBe(true);
    expect((await get(archivePaths.search(W), 'nope')).status).toBe(401);
  });

  it('checks ported events with the socket rules; a known event is a no-op', async () => {
    const path = archivePaths.events(W, ids.old!);
    const stored = ArchivedTaskResponseSchema.parse(await (await get(archivePaths.task(W, ids.old!), tokens.ann)).json()).events as unknown as TaskEvent[];
    const forged = reopenEvent('lee', stored);
    const refusedForged = ArchiveEventsResponseSchema.parse(await (await post(path, tokens.ann, { events: [forged] })).json());
    expect(refusedForged).toMatchObject({ accepted: [], restored: false });
    expect(refusedForged.refused[0]?.reason).toMatch(/^author:/);
    const viewer = ArchiveEventsResponseSchema.parse(await (await post(path, tokens.vik, { events: [reopenEvent('vik', stored)] })).json());
    expect(viewer.refused[0]?.reason).toMatch(/^role:/);
    const future = reopenEvent('ann', stored, { at: formatStamp({ wall: Date.now() + 2 * 3_600_000, counter: 0, node: 'ann.t' }) });
    expect(ArchiveEventsResponseSchema.parse(await (await post(path, tokens.ann, { events: [future] })).json()).refused[0]?.reason).toMatch(/^stamp:/);
    const duplicate = ArchiveEventsResponseSchema.parse(await (await post(path, tokens.ann, { events: [stored[0]] })).json());
    expect(duplicate).toEqual({ accepted: [], refused: [], restored: false });
    // A comment on a closed, archived task is allowed; it stays archived and is searchable.
    const comment = { id: newId(Date.now()), actor: 'ann', type: 'task.commented', payload: { commentId: newId(Date.now()), body: 'found the POD in the scanner tray' }, at: reopenEvent('ann', stored).at };
    const commented = ArchiveEventsResponseSchema.parse(await (await post(path, tokens.ann, { events: [comment, comment] })).json());
    expect(commented).toEqual({ accepted: [comment.id], refused: [], restored: false });
    const found = ArchiveSearchResponseSchema.parse(await (await get(`${archivePaths.search(W)}?q=scanner`, tokens.ann)).json());
    expect(found.tasks.map((t) => t.id)).toEqual([ids.old]);
    expect((await post(archivePaths.events(W, 'no-such-task'), tokens.ann, { events: [comment] })).status).toBe(404);
    expect((await post(path, tokens.ann, { events: [] })).status).toBe(422);

    // The batch (a generation move's port): the same checks per task, one request; a task held nowhere is found: false.
    const batchPath = archivePaths.batchEvents(W);
    const later = { ...comment, id: newId(Date.now()), payload: { commentId: newId(Date.now()), body: 'carrier confirmed' }, at: reopenEvent('ann', [...stored, comment as unknown as TaskEvent]).at };
    const batch = ArchiveBatchEventsResponseSchema.parse(await (await post(batchPath, tokens.ann, {
      tasks: [{ taskId: ids.old, events: [forged, comment, later] }, { taskId: 'made-offline', events: [later] }],
    })).json());
    expect(batch.tasks).toEqual([
      { taskId: ids.old, found: true, accepted: [later.id], refused: [{ id: forged.id, reason: expect.stringMatching(/^author:/) as unknown as string }], restored: false },
      { taskId: 'made-offline', found: false, accepted: [], refused: [], restored: false },
    ]);
    for (const bad of [{ tasks: [] }, { tasks: [{ taskId: ids.old, events: [later] }, { taskId: ids.old, events: [later] }] },
      { tasks: [{ taskId: ids.old, events: Array(1_001).fill(later) }] }, { tasks: [{ taskId: ids.old, events: [later] }], extra: 1 }]) {
      const refused = await post(batchPath, tokens.ann, bad);
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({ error: { code: 'invalid_events' } });
    }
  });

  it('brings a reopened task back into the live document with its whole log', async () => {
    const live = connect(tokens.vik, 1);
    await waitSynced(live);
    const stored = ArchivedTaskResponseSchema.parse(await (await get(archivePaths.task(W, ids.old!), tokens.ann)).json()).events as unknown as TaskEvent[];
    const reopen = reopenEvent('ann', stored);
    const restored = ArchiveEventsResponseSchema.parse(await (await post(archivePaths.events(W, ids.old!), tokens.ann, { events: [reopen] })).json());
    expect(restored).toEqual({ accepted: [reopen.id], refused: [], restored: true });
    await waitFor(() => workspaceMaps(live.doc).tasks.get(ids.old!) !== undefined, 10_000, 'restored task over sync');
    expect(workspaceMaps(live.doc).tasks.get(ids.old!)!.toArray()).toEqual([...stored, reopen]);
    const repo = createRepository(live.doc, { actor: 'vik' });
    expect(repo.view.get(ids.old!)).toMatchObject({ category: 'unstarted', reopenCount: 1 });
    repo.destroy();
    expect((await get(archivePaths.task(W, ids.old!), tokens.ann)).status).toBe(404);
    // Porting the same reopen again is a no-op against the live log.
    expect(ArchiveEventsResponseSchema.parse(await (await post(archivePaths.events(W, ids.old!), tokens.ann, { events: [reopen] })).json()))
      .toEqual({ accepted: [], refused: [], restored: true });
  });

  it('refuses a client re-creating an archived task live: the archive is not a back door', async () => {
    const writer = connect(tokens.ann, 1);
    await waitSynced(writer);
    const repo = createRepository(writer.doc, { actor: 'ann' });
    repo.create({ title: 'Duplicate alarm, again' }, ids.dismissed);
    await waitFor(() => writer.closes.length > 0, 10_000, '4409');
    expect(writer.closes[0]?.code).toBe(RelayCloseCode.refusedUpdate);
    expect(writer.closes[0]?.reason).toMatch(/archived/);
    repo.destroy();
    writer.destroy();
  });

  it('two clients reopening one archived task at once make one task with one log', async () => {
    const live = connect(tokens.vik, 1);
    await waitSynced(live);
    const stored = ArchivedTaskResponseSchema.parse(await (await get(archivePaths.task(W, ids.dismissed!), tokens.ann)).json()).events as unknown as TaskEvent[];
    const byAnn = reopenEvent('ann', stored);
    const byLee = reopenEvent('lee', stored);
    const answers = await Promise.all([
      post(archivePaths.events(W, ids.dismissed!), tokens.ann, { events: [byAnn] }),
      post(archivePaths.events(W, ids.dismissed!), tokens.lee, { events: [byLee] }),
    ]);
    for (const answer of answers) expect(ArchiveEventsResponseSchema.parse(await answer.json())).toMatchObject({ refused: [], restored: true });
    await waitFor(() => workspaceMaps(live.doc).tasks.get(ids.dismissed!)?.length === stored.length + 2, 10_000, 'both reopens live');
    const log = workspaceMaps(live.doc).tasks.get(ids.dismissed!)!.toArray();
    expect(log.slice(0, stored.length)).toEqual(stored);
    expect(log.map((e) => e.id).filter((id) => id === byAnn.id || id === byLee.id).sort()).toEqual([byAnn.id, byLee.id].sort());
    expect(new Set(log.map((e) => e.id)).size).toBe(log.length);
    const repo = createRepository(live.doc, { actor: 'vik' });
    expect(repo.view.get(ids.dismissed!)).toMatchObject({ category: 'unstarted', reopenCount: 1 });
    repo.destroy();
    expect((await get(archivePaths.task(W, ids.dismissed!), tokens.ann)).status).toBe(404);
  });

  it('keeps its generation across a restart', async () => {
    for (const client of clients.splice(0)) client.destroy();
    await relay.close();
    relay = createRelay({ dbPath, limits: { roomIdleUnloadMs: 0 } });
    ({ port } = await relay.listen(0, '127.0.0.1'));
    const generation = GenerationResponseSchema.parse(await (await get(archivePaths.generation(W), tokens.vik)).json());
    expect(generation.generation).toBe(1);
    expect(Date.parse(generation.startedAt!)).toBeGreaterThan(Date.now() - 60_000);
    const stale = connect(tokens.vik, 0);
    await waitFor(() => stale.closes.length > 0, 10_000, '4410 after restart');
    expect(stale.closes[0]).toEqual({ code: RelayCloseCode.generationMoved, reason: generationCloseReason(1) });
    const live = connect(tokens.vik, 1);
    await waitSynced(live);
    const withEvents = [...logs(live.doc)].filter(([, events]) => events.length > 0).map(([id]) => id).sort();
    expect(withEvents).toEqual([ids.open, ids.reclosed, ids.recent, ids.old, ids.dismissed].sort());
  });

  it('keeps serving during a run; what a client writes meanwhile lands in the next generation or the archive', async () => {
    const Y2 = 'yard';
    let clock = Date.now() - 30 * DAY;
    const ann = connectClient(port, Y2, tokens.yardAnn, new Y.Doc(), { params: { gen: '0' } });
    clients.push(ann);
    await waitSynced(ann);
    const repo = createRepository(ann.doc, { actor: 'ann', now: () => clock });
    const closed: string[] = [];
    const open: string[] = [];
    for (let i = 0; i < 120; i += 1) {
      const made = repo.create({ title: `Seal check ${i}` });
      if (!made.ok) throw new Error(made.error.message);
      if (i % 4 === 0) open.push(made.value.id);
      else {
        repo.complete(made.value.id);
        closed.push(made.value.id);
      }
    }
    const roomDoc = () => relay.hub.peek(Y2)?.doc;
    await waitFor(() => roomDoc() !== undefined && workspaceMaps(roomDoc()!).tasks.size === 120, 10_000, 'all tasks at the relay');
    // Slices of one task (sliceMs 0), so the run spans many turns of the event loop.
    let finished = false;
    const running = relay.archive.run(Y2, Date.now(), { sliceMs: 0 }).finally(() => (finished = true));
    clock = Date.now();
    const [commented, reopened, stillOpen] = [closed[0]!, closed[1]!, open[0]!];
    repo.comment(commented, 'late proof of delivery');
    repo.reopen(reopened, 'seal was broken');
    repo.comment(stillOpen, 'still counting');
    const created = repo.create({ title: 'Made during the run' });
    if (!created.ok) throw new Error(created.error.message);
    const httpStarted = performance.now();
    expect((await get(archivePaths.generation(Y2), tokens.yardAnn)).status).toBe(200);
    const httpMs = performance.now() - httpStarted;
    await waitFor(() => workspaceMaps(roomDoc()!).tasks.has(created.value.id), 10_000, 'writes at the relay');
    expect(finished).toBe(false);
    const result = await running;
    expect(result).toMatchObject({ archivedTasks: closed.length - 1, generation: 1 });
    expect(result.slices).toBeGreaterThan(50);
    expect(httpMs).toBeLessThan(2_000);
    const writtenBefore = logs(ann.doc);
    await waitFor(() => ann.closes.length > 0, 10_000, '4410');
    repo.destroy();

    const live = connectClient(port, Y2, tokens.yardAnn, new Y.Doc(), { params: { gen: '1' } });
    clients.push(live);
    await waitSynced(live);
    const liveLogs = logs(live.doc);
    expect([...liveLogs.keys()].sort()).toEqual([...open, reopened, created.value.id].sort());
    for (const [id, events] of liveLogs) expect(events).toEqual(writtenBefore.get(id));
    const archived = ArchivedTaskResponseSchema.parse(await (await get(archivePaths.task(Y2, commented), tokens.yardAnn)).json());
    expect(archived.events).toEqual(writtenBefore.get(commented));
    expect((await get(archivePaths.task(Y2, reopened), tokens.yardAnn)).status).toBe(404);
    const search = ArchiveSearchResponseSchema.parse(await (await get(`${archivePaths.search(Y2)}?q=${encodeURIComponent('seal check')}`, tokens.yardAnn)).json());
    expect(search.total).toBe(closed.length - 1);
  });

  it('archives a closed tracked task; its source moving it brings it back live with its whole log', async () => {
    const T = 'trk';
    const lee = connectClient(port, T, tokens.trkLee, new Y.Doc(), { params: { gen: '0' } });
    clients.push(lee);
    await waitSynced(lee);
    const leeRepo = createRepository(lee.doc, { actor: 'lee' });
    const mapping = { states: { not_started: 'todo', needs_review: 'pending_approval', done: 'completed' }, archived: 'cancelled' };
    expect(leeRepo.updateSettings({ statusMappings: { ...DEFAULT_SETTINGS.statusMappings, backops: mapping } }).ok).toBe(true);
    leeRepo.destroy();
    const source = { sourceId: 'adv-1', mapping: 'backops', title: 'Advance 1', blocks: [{ id: 'q1', kind: 'question', title: 'Headcount?' }] };
    let registered = await post(trackingSourcesPath(T), tokens.trkFeed, source);
    for (let tries = 0; registered.status === 409 && tries < 100; tries += 1) {
      await registered.text();
      await new Promise((resolve) => setTimeout(resolve, 50));
      registered = await post(trackingSourcesPath(T), tokens.trkFeed, source);
    }
    expect(registered.status).toBe(201);
    const state = (value: string) => post(trackingSourcesPath(T, 'adv-1', 'state'), tokens.trkFeed, { blockId: 'q1', state: value });
    expect((await state('done')).status).toBe(200);
    const taskId = trackedTaskId('adv-1', 'q1');
    const run = await relay.archive.run(T, Date.now() + 30 * DAY);
    expect(run).toMatchObject({ archivedTasks: 1, generation: 1 });
    const archived = ArchivedTaskResponseSchema.parse(await (await get(archivePaths.task(T, taskId), tokens.trkLee)).json());

    // The source moves it: back into the live document, the archived log first, then the move.
    const moved = await state('needs_review');
    expect(moved.status).toBe(200);
    expect((await get(archivePaths.task(T, taskId), tokens.trkLee)).status).toBe(404);
    const live = connectClient(port, T, tokens.trkLee, new Y.Doc(), { params: { gen: '1' } });
    clients.push(live);
    await waitSynced(live);
    const events = workspaceMaps(live.doc).tasks.get(taskId)!.toArray();
    expect(events.slice(0, archived.events.length)).toEqual(archived.events);
    expect(events.length).toBe(archived.events.length + 1);
    const repo = createRepository(live.doc, { actor: 'lee' });
    expect(repo.view.get(taskId)).toMatchObject({ status: 'pending_approval', tracking: { state: 'needs_review' } });
    repo.destroy();
  });
});
