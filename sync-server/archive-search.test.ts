// Archive search answers what the filter bar's own matcher answers: for random closed tasks and
// every kind of term (negated too), the SQL over the archive's columns and FTS returns exactly the
// tasks matchesQuery accepts, with the same total, newest closed first.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { replica } from '../src-shared/doc/test-support';
import { matchesQuery, parseQuery } from '../src-shared/domain/query';
import type { TaskState } from '../src-shared/domain/types';
import { searchArchive } from './archive-search';
import { ArchiveStore } from './archive-store';
import { openRelayStore } from './store';

const NOW = Date.UTC(2026, 10, 30, 12);
const WORDS = ['carrier', 'pallet', 'Invoice', 'reefer', 'po', 'Dock 4', 'seal'];

const taskArbitrary = fc.record({
  title: fc.constantFrom(...WORDS).map((w) => `Check ${w}`),
  description: fc.constantFrom('', 'missing seal on PO-17', 'INVOICE late'),
  ownerId: fc.constantFrom(null, 'alice', 'bob'),
  priority: fc.constantFrom('urgent', 'high', 'normal', 'low' as const),
  type: fc.constantFrom('qc', 'follow_up'),
  tags: fc.subarray(['noise', 'cold-chain', 'de']),
  link: fc.option(fc.constantFrom('PO-1', 'PO-2')),
  comment: fc.option(fc.constantFrom('called the carrier', 'pallet ok')),
  dismiss: fc.boolean(),
  dueDays: fc.option(fc.integer({ min: -3, max: 3 })),
  closeDaysAgo: fc.integer({ min: 15, max: 120 }),
});

const QUERIES = [
  '', 'owner:me', 'owner:none', 'owner:bob', '-owner:alice', 'status:done', 'status:canceled,done', 'status:open', 'priority:high,urgent',
  'type:qc', 'tag:noise', '-tag:noise', 'link:order', 'link:order:PO-2', 'is:closed', 'is:open', 'is:unassigned', 'is:snoozed', 'is:blocked',
  'due:none', 'due:overdue', 'due:today', 'due:week', 'origin:manual', 'carrier', 'invoice', 'po', '-seal', '"dock 4"', 'pallet tag:de',
  'watching:me', '-watching:bob', 'created:2026-08-03', 'closed:2026-09-14', 'closed:2026-10-26 -owner:none',
];

type TaskSpec = typeof taskArbitrary extends fc.Arbitrary<infer T> ? T : never;

function closedTasks(specs: TaskSpec[]): TaskState[] {
  let now = NOW - 200 * 86_400_000;
  const repo = replica('alice', undefined, () => now);
  const ordered = [...specs].sort((a, b) => b.closeDaysAgo - a.closeDaysAgo);
  const tasks: TaskState[] = [];
  for (const spec of ordered) {
    const made = repo.create({
      title: spec.title, description: spec.description, ownerId: spec.ownerId, watchers: spec.ownerId ? [spec.ownerId] : [], priority: spec.priority, type: spec.type, tags: spec.tags,
      links: spec.link ? [{ kind: 'order', id: spec.link, label: `Order ${spec.link}` }] : [],
      dueAt: spec.dueDays === null ? null : new Date(NOW + spec.dueDays * 86_400_000).toISOString(),
    });
    if (!made.ok) throw new Error(made.error.message);
    now = Math.max(now + 1, NOW - spec.closeDaysAgo * 86_400_000);
    if (spec.comment) repo.comment(made.value.id, spec.comment);
    const closed = spec.dismiss ? repo.dismiss(made.value.id, 'no longer needed') : repo.complete(made.value.id);
    if (!closed.ok) throw new Error(closed.error.message);
    tasks.push(closed.value);
  }
  return tasks;
}

describe('searchArchive', () => {
  test('returns exactly what matchesQuery accepts, for every kind of term', () => {
    fc.assert(fc.property(fc.array(taskArbitrary, { minLength: 1, maxLength: 25 }), (specs) => {
      const store = openRelayStore(':memory:');
      try {
        const archive = new ArchiveStore(store.database.sqlite);
        const tasks = closedTasks(specs);
        tasks.forEach((state, i) => archive.insertTask('w', { taskId: state.id, state, closedAt: 1_000 + i, archivedAt: NOW }, []));
        for (const q of QUERIES) {
          const parsed = parseQuery(q);
          if (!parsed.ok) throw new Error(q);
          const context = { me: 'alice', now: NOW, isBlocked: () => false };
          const expected = tasks.filter((task) => matchesQuery(parsed.value, task, context)).map((task) => task.id).reverse();
          const found = searchArchive(store.database.sqlite, 'w', { q, before: null, limit: 200, me: 'alice', now: NOW });
          if (!found.ok) throw new Error(found.error.message);
          expect({ q, ids: found.value.records.map((r) => r.taskId) }).toEqual({ q, ids: expected });
          expect({ q, total: found.value.total }).toEqual({ q, total: expected.length });
          // Small pages take the other plans (walking the closed-date index, free text checked row by row).
          const paged: string[] = [];
          for (let before: string | null = null, pages = 0; pages === 0 || before !== null; pages += 1) {
            const page = searchArchive(store.database.sqlite, 'w', { q, before, limit: 3, me: 'alice', now: NOW });
            if (!page.ok) throw new Error(page.error.message);
            paged.push(...page.value.records.map((r) => r.taskId));
            before = page.value.next;
          }
          expect({ q, ids: paged }).toEqual({ q, ids: expected });
        }
      } finally {
        store.close();
      }
    }), { numRuns: 25 });
  });

  test('pages with the cursor, and refuses a bad query or cursor', () => {
    const store = openRelayStore(':memory:');
    const archive = new ArchiveStore(store.database.sqlite);
    const tasks = closedTasks(Array.from({ length: 7 }, (_, i) => ({ title: `Check pallet ${i}`, description: '', ownerId: null, priority: 'normal', type: 'qc', tags: [], link: null, comment: null, dismiss: false, dueDays: null, closeDaysAgo: 20 + i })));
    tasks.forEach((state) => archive.insertTask('w', { taskId: state.id, state, closedAt: 5, archivedAt: NOW }, []));
    const seen: string[] = [];
    let before: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const found = searchArchive(store.database.sqlite, 'w', { q: 'pallet', before, limit: 3, me: 'alice', now: NOW });
      if (!found.ok) throw new Error(found.error.message);
      seen.push(...found.value.records.map((r) => r.taskId));
      before = found.value.next;
      if (before === null) break;
    }
    expect(seen).toEqual(tasks.map((t) => t.id).sort().reverse());
    const bad = searchArchive(store.database.sqlite, 'w', { q: 'colour:red', before: null, limit: 3, me: 'alice', now: NOW });
    expect(bad.ok).toBe(false);
    expect(() => searchArchive(store.database.sqlite, 'w', { q: '', before: 'nonsense', limit: 3, me: 'alice', now: NOW })).toThrow(/cursor/);
    store.close();
  });

  test('migration 0005 fills archived_task_tags for tasks archived before it, and tag: finds them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'archive-tags-'));
    const file = path.join(dir, 'relay.sqlite');
    try {
      const specs = ['noise', 'de'].map((tag, i) => ({ title: `Check seal ${i}`, description: '', ownerId: null, priority: 'high', type: 'qc', tags: [tag, 'cold-chain'], link: null, comment: null, dismiss: false, dueDays: null, closeDaysAgo: 20 + i }) as const);
      const tasks = closedTasks(specs.map((spec) => ({ ...spec, tags: [...spec.tags] })));
      const old = openRelayStore(file);
      const archive = new ArchiveStore(old.database.sqlite);
      tasks.forEach((state, i) => archive.insertTask('w', { taskId: state.id, state, closedAt: 10 + i, archivedAt: NOW }, []));
      // As a file written before 0005: no tag table, 0005 not recorded as applied.
      old.database.sqlite.exec('DROP TABLE archived_task_tags; DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)');
      old.close();
      const store = openRelayStore(file);
      try {
        const ids = (q: string) => {
          const found = searchArchive(store.database.sqlite, 'w', { q, before: null, limit: 10, me: 'alice', now: NOW });
          if (!found.ok) throw new Error(found.error.message);
          return found.value.records.map((r) => r.taskId);
        };
        const noise = tasks.find((t) => t.tags.includes('noise'))!.id;
        expect(ids('tag:noise')).toEqual([noise]);
        expect(ids('tag:cold-chain priority:high')).toEqual(tasks.map((t) => t.id).reverse());
        expect(ids('-tag:de')).toEqual([noise]);
        // The tag rows follow the task: a new fold replaces them, removing the task removes them.
        const archive = new ArchiveStore(store.database.sqlite);
        const renamed = { ...tasks[0]!, tags: ['noise'] };
        archive.updateTask('w', { taskId: renamed.id, state: renamed, closedAt: 10, archivedAt: NOW }, []);
        expect(ids('tag:noise')).toEqual(tasks.map((t) => t.id).reverse());
        expect(ids('tag:de')).toEqual([]);
        for (const task of tasks) archive.removeTask('w', task.id);
        expect(store.database.sqlite.prepare('SELECT count(*) AS n FROM archived_task_tags').get()).toEqual({ n: 0 });
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
