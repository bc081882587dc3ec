// The projection (tasks, tags, links) and the FTS index agree with the folded
// state after random command sequences on two devices that merge, and after a
// reopen; a projection from an older version is rebuilt on open.
import fc from 'fast-check';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { isOverdue } from '../../src-shared/domain/due';
import type { TaskState } from '../../src-shared/domain/types';
import { TEAM, writeMembers } from '../../src-shared/doc/test-support';
import { writeMeta } from '../../src-main/db/meta';
import { toFtsQuery } from '../../src-main/db/queries';
import { WorkspaceReplica } from '../../src-main/replica/workspace-replica';
import { makeTempDir } from './temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

const WORDS = ['pallet', 'invoice', 'customs', 'späte', 'lieferung', 'crane', 'dock', 'reefer', 'hold'];
const word = fc.constantFrom(...WORDS);
const text = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
const taskIndex = fc.nat(7);
const command = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), title: text, description: text, tags: fc.array(word, { maxLength: 2 }) }),
  fc.record({ kind: fc.constant('edit' as const), task: taskIndex, title: text }),
  fc.record({ kind: fc.constant('comment' as const), task: taskIndex, body: text }),
  fc.record({ kind: fc.constant('assign' as const), task: taskIndex, owner: fc.constantFrom('alice', 'bob', null) }),
  fc.record({ kind: fc.constant('due' as const), task: taskIndex, hours: fc.integer({ min: -48, max: 48 }) }),
  fc.record({ kind: fc.constant('tag' as const), task: taskIndex, add: fc.array(word, { maxLength: 2 }), remove: fc.array(word, { maxLength: 1 }) }),
  fc.record({ kind: fc.constant('link' as const), task: taskIndex, id: fc.constantFrom('SO-1', 'SO-2') }),
  fc.record({ kind: fc.constant('status' as const), task: taskIndex, status: fc.constantFrom('in_progress', 'waiting_external', 'todo') }),
  fc.record({ kind: fc.constant('complete' as const), task: taskIndex }),
  fc.record({ kind: fc.constant('reopen' as const), task: taskIndex }),
  fc.record({ kind: fc.constant('sync' as const) }),
);
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

function run(replica: WorkspaceReplica, cmd: Command, ids: string[], base: number): void {
  const repo = replica.repository;
  const id = 'task' in cmd ? ids[cmd.task % Math.max(1, ids.length)] : undefined;
  switch (cmd.kind) {
    case 'create': {
      const made = repo.create({ title: cmd.title, description: cmd.description, tags: cmd.tags, ownerId: 'alice' });
      if (made.ok) ids.push(made.value.id);
      return;
    }
    case 'sync':
      return;
  }
  if (!id) return;
  switch (cmd.kind) {
    case 'edit': repo.edit(id, { title: cmd.title }); break;
    case 'comment': repo.comment(id, cmd.body); break;
    case 'assign': repo.assign(id, cmd.owner); break;
    case 'due': repo.schedule(id, { dueAt: new Date(base + cmd.hours * 3_600_000).toISOString() }); break;
    case 'tag': repo.dispatch(id, { type: 'task.tagged', payload: { add: cmd.add, remove: cmd.remove } }); break;
    case 'link': repo.dispatch(id, { type: 'task.link_added', payload: { link: { kind: 'order', id: cmd.id, label: cmd.id } } }); break;
    case 'status': repo.transition(id, cmd.status); break;
    case 'complete': repo.complete(id); break;
    case 'reopen': repo.reopen(id); break;
  }
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function expectProjectionMatchesFold(replica: WorkspaceReplica): void {
  const folded = [...replica.repository.view.all()].sort(byId) as TaskState[];
  expect(replica.queries.all().sort(byId)).toEqual(folded);
  for (const w of WORDS) {
    const expected = folded
      .filter((t) => [t.title, t.description, ...t.comments.map((c) => c.body)].join(' ').split(/\s+/).some((x) => x.startsWith(w)))
      .map((t) => t.id)
      .sort();
    expect(replica.queries.searchIds(w).sort()).toEqual(expected);
    expect(replica.queries.withTag(w)).toEqual(folded.filter((t) => t.tags.includes(w)).map((t) => t.id).sort());
  }
  const endOfDay = new Date('2026-11-22T00:00:00Z');
  expect(replica.queries.myDayRows('alice', endOfDay).map((r) => r.id)).toEqual(replica.queries.myDay('alice', endOfDay).map((t) => t.id));
  expect(replica.queries.myDay('alice', endOfDay).map((t) => t.id).sort()).toEqual(
    folded.filter((t) => t.ownerId === 'alice' && !['done', 'canceled'].includes(t.category) && (t.dueAt === null || t.dueAt < endOfDay.toISOString())).map((t) => t.id).sort(),
  );
  // The SQL "overdue" is the domain's isOverdue (src-shared/domain/due.ts), minus tasks still snoozed.
  const now = Date.parse('2026-11-21T12:00:00Z');
  const awake = (t: TaskState) => t.snoozeUntil === null || Date.parse(t.snoozeUntil) <= now;
  expect(replica.queries.overdue(new Date(now)).map((t) => t.id).sort()).toEqual(
    folded.filter((t) => isOverdue(t, now) && awake(t)).map((t) => t.id).sort(),
  );
  expect(replica.queries.overdue(new Date(now), 'alice').map((t) => t.id).sort()).toEqual(
    folded.filter((t) => isOverdue(t, now) && awake(t) && t.ownerId === 'alice').map((t) => t.id).sort(),
  );
  expect(replica.queries.linkedTo('order', 'SO-1')).toEqual(
    folded.filter((t) => t.links.some((l) => l.kind === 'order' && l.id === 'SO-1')).map((t) => t.id).sort(),
  );
}

let fileNo = 0;
const open = (userId: string, name: string) =>
  WorkspaceReplica.open({ file: temp.file(name), workspaceId: 'ws-prop', userId });

describe('projection and FTS', () => {
  it('agree with the folded state after random commands on two merging devices, and after reopening', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), command), { minLength: 1, maxLength: 40 }), (steps) => {
        fileNo += 1;
        const a = open('alice', `a${fileNo}.sqlite`);
        const b = open('bob', `b${fileNo}.sqlite`);
        for (const r of [a, b]) writeMembers(r.doc, TEAM);
        const ids: string[] = [];
        const base = Date.parse('2026-11-21T12:00:00Z');
        for (const [onA, cmd] of steps) {
          if (cmd.kind === 'sync') {
            // What the relay would do: each side applies the other's missing updates as remote changes.
            Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)), 'relay');
            Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)), 'relay');
          } else run(onA ? a : b, cmd, ids, base);
        }
        expectProjectionMatchesFold(a);
        expectProjectionMatchesFold(b);
        a.close();
        b.close();
        const again = open('alice', `a${fileNo}.sqlite`);
        writeMembers(again.doc, TEAM);
        expectProjectionMatchesFold(again);
        again.close();
      }),
      { numRuns: 30 },
    );
  });

  it('is rebuilt on open when it was written by another projection version', () => {
    const first = open('alice', 'rebuild.sqlite');
    first.repository.create({ title: 'customs hold at dock 4' });
    first.store.sqlite.prepare('DELETE FROM tasks').run();
    writeMeta(first.store.orm, 'projection_version', '0');
    first.close();
    const second = open('alice', 'rebuild.sqlite');
    expect(second.queries.count()).toBe(1);
    expect(second.queries.search('dock cust').map((t) => t.title)).toEqual(['customs hold at dock 4']);
    second.close();
  });

  it('turns typed text into a safe FTS query', () => {
    expect(toFtsQuery('customs "hold" OR NEAR(')).toBe('"customs"* "hold"* "OR"* "NEAR"*');
    expect(toFtsQuery('  -- * ')).toBeNull();
  });
});
