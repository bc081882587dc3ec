// The desktop host when the relay refuses one of its updates (a lead demoted while the laptop
// was offline): main's replica is rebuilt from the relay, the comment she may still make is
// re-appended and reaches the others, the refused approval is kept in the refusals file with its
// reason, and the old SQLite file is moved aside, not deleted. Real relay process, real SQLite.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
