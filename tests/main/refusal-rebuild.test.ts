// The desktop host when the relay refuses one of its updates (a lead demoted while the laptop
// was offline): main's replica is rebuilt from the relay, the comment she may still make is
// re-appended and reaches the others, the refused approval is kept in the refusals file with its
// reason, and the old SQLite file is moved aside, not deleted. Real relay process, real SQLite.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDueOccurrences, missingOccurrences } from '../../src-shared/doc/recurrence-scheduler';
import { rruleFor } from '../../src-shared/domain/recurrence';
import { archivePaths } from '../../src-shared/protocol/archive-api';
import { relayHttpBase } from '../../src-shared/protocol/relay-api';
import { DesktopArchive } from '../../src-main/replica/desktop-archive';
import { readRefusals, rebuildReplica, type RebuildResult } from '../../src-main/replica/refusal-rebuild';
import { WorkspaceReplica } from '../../src-main/replica/workspace-replica';
import { createToken, startRelay, waitFor, type Relay } from './relay-process';
import { makeTempDir } from './temp-dir';

const temp = makeTempDir('handoff-refusal-');
const relayDb = temp.file('relay.sqlite');
const WS = 'ws-refusal';
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

describe('a refused update on the desktop', () => {
  it('rebuilds from the relay, re-appends what is still allowed and keeps the rest', async () => {
    const omarToken = await createToken(relayDb, WS, 'omar', 'operator');
    const danaToken = await createToken(relayDb, WS, 'dana', 'lead');
    const settled = (r: WorkspaceReplica) => r.connection.state === 'online' && r.connection.unacknowledged === 0;
    const omar = WorkspaceReplica.open({ file: temp.file('omar.sqlite'), workspaceId: WS, userId: 'omar', relay: { url: relay.url, token: omarToken, maxBackoffMs: 200 } });
    open.push(omar);
    let rebuilt: Promise<RebuildResult> | null = null;
    const danaFile = temp.file('dana.sqlite');
    const dana = WorkspaceReplica.open({
      file: danaFile, workspaceId: WS, userId: 'dana', relay: { url: relay.url, token: danaToken, maxBackoffMs: 200 },
      onRefused: (reason) => { rebuilt = rebuildReplica(dana, reason); },
    });
    open.push(dana);
    await waitFor(() => settled(omar) && settled(dana), 'both online');
    const overtime = omar.repository.create({ title: 'Approve overtime for crane 4', ownerId: 'omar' });
    const pallets = omar.repository.create({ title: 'Count pallets at gate 2', ownerId: 'omar' });
    if (!overtime.ok || !pallets.ok) throw new Error('create');
    omar.repository.submit(overtime.value.id);
    await waitFor(() => dana.repository.view.get(overtime.value.id)?.category === 'approval', 'submission reaches dana');

    dana.setSyncEnabled(false);
    expect(dana.repository.approve(overtime.value.id).ok).toBe(true);
    expect(dana.repository.comment(pallets.value.id, 'Counted 14 pallets').ok).toBe(true);
    await createToken(relayDb, WS, 'dana', 'operator'); // demoted meanwhile
    dana.setSyncEnabled(true);

    await waitFor(() => rebuilt !== null, 'the relay refused the approval');
    const result = await (rebuilt as unknown as Promise<RebuildResult>);
    if ('failed' in result) throw new Error(result.failed);
    open.push(result.replica);
    expect(result.refused).toBe(1);
    expect(existsSync(result.movedTo)).toBe(true);
    expect(readRefusals(danaFile)?.changes.map((c) => [c.event.type, c.reason])).toEqual([['task.approved', expect.stringMatching(/not an approver/)]]);
    await waitFor(() => settled(result.replica), 'rebuilt replica online');
    expect(result.replica.repository.view.get(pallets.value.id)?.comments.map((c) => c.body)).toEqual(['Counted 14 pallets']);
    expect(result.replica.repository.view.get(overtime.value.id)?.status).toBe('pending_approval');
    expect(result.replica.repository.roleOf('dana')).toBe('operator');
    await waitFor(() => omar.repository.view.get(pallets.value.id)?.comments.length === 1, 'the comment reaches omar');
    expect(omar.repository.view.get(overtime.value.id)?.status).toBe('pending_approval');
  });

  // The refusal loop of issue 14: a device whose archive cache never fetched an archived occurrence
  // has its scheduler make it again; the relay refuses the live log under an archived id (4409). The
  // rebuild must not re-append that creation (refused again, for ever): its log goes to the archive
  // (the creation is a known id there: a no-op; the user's edits are checked there like any write),
  // and the occurrence is cached as archived so the scheduler skips it from then on.
  it('never re-creates live a task the relay holds archived: no refusal loop', async () => {
    const ws = 'ws-refusal-loop';
    const admToken = await createToken(relayDb, ws, 'adm', 'admin');
    const kimToken = await createToken(relayDb, ws, 'kim', 'operator');
    const settled = (r: WorkspaceReplica) => r.connection.state === 'online' && r.connection.unacknowledged === 0;
    const adm = WorkspaceReplica.open({ file: temp.file('loop-adm.sqlite'), workspaceId: ws, userId: 'adm', generation: 0, relay: { url: relay.url, token: admToken, maxBackoffMs: 200 } });
    open.push(adm);
    await waitFor(() => settled(adm), 'adm online');
    // A daily template whose time was an hour ago, set two hours ago: one occurrence due.
    const hourAgo = new Date(Date.now() - 3_600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(adm.repository.saveTemplate({
      name: 'Gate check', title: 'Check the loading gate', checklist: [], dueOffsetMinutes: 60,
      recurrence: { rrule: rruleFor('daily'), timeZone: 'UTC', time: `${pad(hourAgo.getUTCHours())}:${pad(hourAgo.getUTCMinutes())}`, since: new Date(Date.now() - 2 * 3_600_000).toISOString() },
    }).ok).toBe(true);
    const [occurrence] = createDueOccurrences(adm.repository).created;
    if (!occurrence) throw new Error('no occurrence due');
    expect(adm.repository.complete(occurrence).ok).toBe(true);
    expect(adm.repository.updateSettings({ retentionDays: 0 }).ok).toBe(true);
    await waitFor(() => settled(adm), 'closed on the relay');
    adm.close();
    const run = await fetch(`${relayHttpBase(relay.url)}${archivePaths.run(ws)}`, { method: 'POST', headers: { Authorization: `Bearer ${admToken}` } });
    expect(await run.json()).toMatchObject({ archivedTasks: 1, generation: 1 });

    // Kim's new device: generation 1, an empty archive cache.
    const kimFile = temp.file('loop-kim.sqlite');
    let refusals = 0;
    let rebuilt: Promise<RebuildResult> | null = null;
    const kim = WorkspaceReplica.open({
      file: kimFile, workspaceId: ws, userId: 'kim', generation: 1, relay: { url: relay.url, token: kimToken, maxBackoffMs: 200 },
      onRefused: (reason) => { refusals += 1; rebuilt ??= rebuildReplica(kim, reason); },
    });
    open.push(kim);
    await waitFor(() => settled(kim) && kim.repository.templates().length === 1, 'kim online with the template');
    kim.setSyncEnabled(false);
    expect(createDueOccurrences(kim.repository).created).toEqual([occurrence]); // what its scheduler does
    expect(kim.repository.comment(occurrence, 'Gate was open').ok).toBe(true);
    expect(kim.repository.edit(occurrence, { title: 'Check gate 2' }).ok).toBe(true);
    kim.setSyncEnabled(true);

    await waitFor(() => rebuilt !== null, 'the relay refused the archived id');
    const result = await (rebuilt as unknown as Promise<RebuildResult>);
    if ('failed' in result) throw new Error(result.failed);
    open.push(result.replica);
    // Nothing of kim's is lost: the comment and the edit went to the archive, where the rules check
    // them like any write (the edit of a completed task folds as rejected there, as it would live).
    expect(result.refused).toBe(0);
    expect(readRefusals(kimFile)).toBeNull();
    const archive = new DesktopArchive(() => result.replica);
    const archived = await archive.task(occurrence);
    expect(archived?.events.map((e) => [e.type, e.actor])).toEqual([['task.created', 'adm'], ['task.completed', 'adm'], ['task.commented', 'kim'], ['task.edited', 'kim']]);
    expect(archived?.task.task).toMatchObject({ title: 'Check the loading gate' });
    // Cached as archived: the scheduler does not make it again, and the relay refuses nothing more.
    expect(archive.cachedIds()).toEqual([occurrence]);
    // What main's scheduler asks (desktop-session.ts): which of the missing occurrences the cache holds.
    const missing = missingOccurrences(result.replica.repository);
    expect(archive.cachedAmong(missing)).toEqual([occurrence]);
    expect(createDueOccurrences(result.replica.repository, Date.now(), new Set(archive.cachedAmong(missing))).created).toEqual([]);
    await waitFor(() => settled(result.replica), 'rebuilt replica online');
    expect(result.replica.repository.view.get(occurrence)).toBeUndefined();
    expect(refusals).toBe(1);
  }, 60_000);
});
