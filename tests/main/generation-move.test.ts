// The desktop host across a generation move (needs the relay's generations and archive, branch
// archive-relay): Ann's laptop is offline with edits while an admin runs retention. When she
// reconnects the relay answers her old generation with 4410; main builds the new generation's
// file, ports her edits (a live task's comment re-appended, a closed task's comment and another's
// reopen posted to the archive, a task made offline created live), and only then records the
// generation and deletes the old file. Real relay process, real SQLite files, real HTTP.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskEvent } from '../../src-shared/domain/events';
import { ArchivedTaskResponseSchema, archivePaths } from '../../src-shared/protocol/archive-api';
import { relayHttpBase } from '../../src-shared/protocol/relay-api';
import { ArchiveCache } from '../../src-main/db/archive-cache';
import { DesktopArchive } from '../../src-main/replica/desktop-archive';
import { currentReplicaFile, generationFile } from '../../src-main/replica/generation-files';
import { moveReplica, type MoveResult } from '../../src-main/replica/generation-move';
import { WorkspaceReplica } from '../../src-main/replica/workspace-replica';
import { createToken, startRelay, waitFor, type Relay } from './relay-process';
import { makeTempDir } from './temp-dir';

const temp = makeTempDir('handoff-generation-');
const relayDb = temp.file('relay.sqlite');
const WS = 'ws-generations';
let relay: Relay;
const open: WorkspaceReplica[] = [];

beforeAll(async () => {
  relay = await startRelay(relayDb);
});
afterAll(async () => {
  for (const replica of open) if (replica.store.sqlite.open) replica.close();
  await relay.stop();
  temp.remove();
});

const settled = (r: WorkspaceReplica) => r.connection.state === 'online' && r.connection.unacknowledged === 0;

describe('a generation move on the desktop', () => {
  it('ports every offline edit into the new generation or the archive, then drops the old file', async () => {
    const annToken = await createToken(relayDb, WS, 'ann', 'operator');
    const admToken = await createToken(relayDb, WS, 'adm', 'admin');
    const annFile = temp.file('ann.sqlite');
    let moving: Promise<MoveResult> | null = null;
    const ann = WorkspaceReplica.open({
      file: annFile, workspaceId: WS, userId: 'ann', generation: 0, relay: { url: relay.url, token: annToken, maxBackoffMs: 200 },
      onGenerationMoved: (generation) => { moving = moveReplica(ann, generation); },
    });
    const adm = WorkspaceReplica.open({ file: temp.file('adm.sqlite'), workspaceId: WS, userId: 'adm', relay: { url: relay.url, token: admToken, maxBackoffMs: 200 } });
    open.push(ann, adm);
    await waitFor(() => settled(ann) && settled(adm), 'both online');
    const make = (title: string) => {
      const made = ann.repository.create({ title, ownerId: 'ann' });
      if (!made.ok) throw new Error(made.error.message);
      return made.value.id;
    };
    const sealed = make('Seal dock 4');
    const pallets = make('Count pallets');
    const carrier = make('Call carrier');
    ann.repository.complete(sealed);
    ann.repository.complete(carrier);
    expect(adm.repository.updateSettings({ retentionDays: 0 }).ok).toBe(true);
    await waitFor(() => settled(ann) && settled(adm) && adm.repository.view.get(carrier)?.category === 'done', 'closed on the relay');

    ann.setSyncEnabled(false);
    expect(ann.repository.comment(sealed, 'Seal number 88').ok).toBe(true);
    expect(ann.repository.comment(pallets, 'Counted 14').ok).toBe(true);
    expect(ann.repository.reopen(carrier, 'Carrier did not come').ok).toBe(true);
    const offline = make('Made offline');

    const run = await fetch(`${relayHttpBase(relay.url)}${archivePaths.run(WS)}`, { method: 'POST', headers: { Authorization: `Bearer ${admToken}` } });
    expect(run.status).toBe(200);
    expect(await run.json()).toMatchObject({ archivedTasks: 2, generation: 1 });

    ann.setSyncEnabled(true);
    await waitFor(() => moving !== null, 'the relay answered the old generation with 4410');
    const moved = await (moving as unknown as Promise<MoveResult>);
    if ('failed' in moved) throw new Error(moved.failed);
    open.push(moved.replica);
    expect(moved.generation).toBe(1);
    expect(moved.port).toMatchObject({ reappended: 2, archived: 2, restored: [carrier], refused: [] });
    expect(currentReplicaFile(annFile)).toEqual({ file: generationFile(annFile, 1), generation: 1 });
    expect(existsSync(annFile)).toBe(false);

    const next = moved.replica;
    await waitFor(() => settled(next) && next.repository.view.get(carrier) !== undefined, 'the reopened task is back live');
    expect(next.repository.view.get(pallets)?.comments.map((c) => c.body)).toEqual(['Counted 14']);
    expect(next.repository.view.get(offline)?.title).toBe('Made offline');
    expect(next.repository.view.get(carrier)?.category).toBe('unstarted');
    expect(next.repository.view.get(sealed)).toBeUndefined();
    const archived = ArchivedTaskResponseSchema.parse(await (await fetch(`${relayHttpBase(relay.url)}${archivePaths.task(WS, sealed)}`, {
      headers: { Authorization: `Bearer ${annToken}` },
    })).json());
    expect(archived.events.map((e) => e.type)).toEqual(['task.created', 'task.completed', 'task.commented']);

    // Main's archive answers from the relay and keeps what it fetched: offline it still shows.
    const archive = new DesktopArchive(() => next);
    expect((await archive.search('seal', null)).tasks.map((t) => t.id)).toEqual([sealed]);
    expect((await archive.task(sealed))?.events).toHaveLength(3);
    const offlineArchive = new DesktopArchive(() => next, () => Promise.reject(new TypeError('fetch failed')));
    expect(await offlineArchive.search('is:archived seal', null)).toMatchObject({ offline: true, tasks: [{ id: sealed }] });
    expect((await offlineArchive.task(sealed))?.events).toHaveLength(3);
    expect(new ArchiveCache(next.store.sqlite).rows().map((r) => r.id)).toEqual([sealed]);
    // The cache's FTS index (trigram, like the relay's) finds substrings of the title and comments; the matcher decides.
    const cache = new ArchiveCache(next.store.sqlite);
    expect(cache.search('eal doc', 'ann', Date.now()).map((r) => r.id)).toEqual([sealed]);
    expect(cache.search('number 88', 'ann', Date.now()).map((r) => r.id)).toEqual([sealed]);
    expect(cache.search('seal -dock', 'ann', Date.now())).toEqual([]);
    expect(cache.search('pallets', 'ann', Date.now())).toEqual([]);

    // Reopen from the archive (the archived panel's command): made and checked like a live reopen, posted through main.
    expect(archive.cachedIds()).toEqual([sealed]);
    const log = (await archive.task(sealed))!.events as unknown as TaskEvent[];
    const reopen = next.repository.prepareArchived(sealed, log, { type: 'task.reopened', payload: {} });
    if (!reopen.ok) throw new Error(reopen.error.message);
    expect(await archive.postEvents(sealed, [reopen.value as unknown as Record<string, unknown>])).toEqual({ accepted: [reopen.value.id], refused: [], restored: true });
    expect(archive.cachedIds()).toEqual([]); // live again: not shown as archived offline
    await waitFor(() => next.repository.view.get(sealed)?.category === 'unstarted', 'the reopened task arrives live');
    expect(next.repository.view.events(sealed).map((e) => e.event.type)).toEqual(['task.created', 'task.completed', 'task.commented', 'task.reopened']);
  }, 90_000);
});
