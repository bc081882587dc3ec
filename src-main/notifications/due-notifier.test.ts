import { afterAll, describe, expect, it } from 'vitest';
import { TEAM, writeMembers } from '../../src-shared/doc/test-support';
import { WorkspaceReplica } from '../replica/workspace-replica';
import { makeTempDir } from '../../tests/main/temp-dir';
import { myDueSets } from '../../src-shared/domain/due-notices';
import { DueNotifier, type DueNotice } from './due-notifier';

const temp = makeTempDir();
const replica = WorkspaceReplica.open({ file: temp.file('due.sqlite'), workspaceId: 'ws-due', userId: 'alice' });
writeMembers(replica.doc, TEAM);
afterAll(() => {
  replica.close();
  temp.remove();
});

const now = new Date('2026-11-22T10:00:00.000Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

describe('due notifications from the projection', () => {
  it('announces my overdue and soon-due open tasks once, again when the due time moves, and counts overdue', () => {
    const repo = replica.repository;
    const late = repo.create({ title: 'Late', ownerId: 'alice', dueAt: at(-30) });
    const soon = repo.create({ title: 'Soon', ownerId: 'alice', dueAt: at(10) });
    repo.create({ title: 'Later', ownerId: 'alice', dueAt: at(120) });
    repo.create({ title: 'Not mine', ownerId: 'bob', dueAt: at(-30) });
    const closed = repo.create({ title: 'Closed', ownerId: 'alice', dueAt: at(-60) });
    if (!late.ok || !soon.ok || !closed.ok) throw new Error('setup');
    repo.complete(closed.value.id);
    const sent: DueNotice[] = [];
    const notifier = new DueNotifier(replica.queries, 'alice', (n) => sent.push(n));

    expect(notifier.check(now).overdueCount).toBe(1);
    expect(sent.map((n) => [n.kind, n.taskId])).toEqual([['overdue', late.value.id], ['due_soon', soon.value.id]]);
    expect(sent[0]!.body).toBe('It was due 2026-11-22 09:30 UTC.');

    expect(notifier.check(now).notices).toEqual([]);
    repo.schedule(late.value.id, { dueAt: at(-5) });
    expect(notifier.check(now).notices.map((n) => n.taskId)).toEqual([late.value.id]);
    repo.snooze(soon.value.id, at(60));
    repo.complete(late.value.id);
    expect(notifier.check(now)).toEqual({ overdueCount: 0, notices: [] });
  });

  it('summarises many notices into one', () => {
    for (let i = 0; i < 5; i += 1) replica.repository.create({ title: `Batch ${i}`, ownerId: 'carol', dueAt: at(-1) });
    const sent: DueNotice[] = [];
    const result = new DueNotifier(replica.queries, 'carol', (n) => sent.push(n)).check(now);
    expect(result.overdueCount).toBe(5);
    expect(sent).toEqual([{ kind: 'summary', taskId: null, title: '5 tasks need you', body: '5 overdue.' }]);
  });

  it('reads the same sets from SQL as the browser computes from the folded view (due-notices.ts)', () => {
    const repo = replica.repository;
    const snoozed = repo.create({ title: 'Snoozed late', ownerId: 'dave', dueAt: at(-10) });
    if (!snoozed.ok) throw new Error('setup');
    repo.snooze(snoozed.value.id, at(30));
    for (const [title, minutes] of [['Late', -20], ['Soon', 5], ['Edge', 15], ['Later', 90]] as const) repo.create({ title, ownerId: 'dave', dueAt: at(minutes) });
    const ids = (tasks: readonly { id: string }[]) => tasks.map((t) => t.id).sort();
    for (const who of ['alice', 'carol', 'dave']) {
      const sets = myDueSets(repo.view.all(), who, now.getTime());
      const sql = replica.queries.dueBetween(who, now, new Date(now.getTime() + 15 * 60_000)).filter((t) => !t.snoozeUntil || t.snoozeUntil <= now.toISOString());
      expect(ids(sets.overdue)).toEqual(ids(replica.queries.overdue(now, who)));
      expect(ids(sets.soon)).toEqual(ids(sql));
    }
    expect(myDueSets(repo.view.all(), 'dave', now.getTime()).soon.map((t) => t.title)).toEqual(['Soon']);
  });
});
