import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { replica } from '../../src-shared/doc/test-support';
import { PRIORITIES } from '../../src-shared/domain/types';
import { compareTasks, sortTasks } from '../../src-shared/domain/sorting';
import { myDay, patchVisible, visibleTasks } from './visible-tasks';

function tasksWith(specs: { priority: number; dueOffsetMin: number | null; owner: string | null }[]) {
  const repository = replica('alice');
  for (const [index, spec] of specs.entries()) {
    const created = repository.create({
      title: `t${index}`,
      priority: PRIORITIES[spec.priority % 4],
      ownerId: spec.owner,
      dueAt: spec.dueOffsetMin === null ? null : new Date(Date.UTC(2026, 10, 22) + spec.dueOffsetMin * 60_000).toISOString(),
    });
    if (!created.ok) throw new Error(created.error.message);
  }
  return repository;
}

const spec = fc.record({
  priority: fc.integer({ min: 0, max: 3 }),
  dueOffsetMin: fc.option(fc.integer({ min: -3000, max: 3000 }), { nil: null }),
  owner: fc.constantFrom('alice', 'bob', null),
});

describe('visible tasks', () => {
  it('sortTasks orders exactly like the reference comparator', () => {
    fc.assert(fc.property(fc.array(spec, { maxLength: 40 }), fc.constantFrom('due' as const, 'priority' as const), (specs, sort) => {
      const tasks = [...tasksWith(specs).view.all()];
      const expected = [...tasks].sort(compareTasks(sort, 'alice')).map((t) => t.id);
      expect(sortTasks(tasks, sort, 'alice').map((t) => t.id)).toEqual(expected);
    }), { numRuns: 40 });
  });

  it('patching the list after a few changes equals recomputing it', () => {
    fc.assert(fc.property(fc.array(spec, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 6 }), (specs, picks) => {
      const repository = tasksWith(specs);
      const options = { query: null, sort: 'due' as const, showCompleted: false, hidden: new Set<string>(), me: 'alice', now: Date.now(), isBlocked: () => false };
      const before = visibleTasks(repository.view.all(), options);
      const changed = new Set<string>();
      for (const [n, pick] of picks.entries()) {
        const task = repository.view.all()[pick % repository.view.all().length]!;
        changed.add(task.id);
        if (n % 3 === 0) repository.complete(task.id);
        else if (n % 3 === 1) repository.edit(task.id, { priority: PRIORITIES[pick % 4] });
        else {
          const created = repository.create({ title: `new ${n}` });
          if (created.ok) changed.add(created.value.id);
        }
      }
      const patched = patchVisible(before, changed, (id) => repository.view.get(id), options);
      expect(patched.map((t) => t.id)).toEqual(visibleTasks(repository.view.all(), options).map((t) => t.id));
    }), { numRuns: 40 });
  });

  it('hides closed, snoozed and locally hidden tasks unless asked', () => {
    const repository = tasksWith([{ priority: 0, dueOffsetMin: null, owner: 'alice' }, { priority: 1, dueOffsetMin: null, owner: 'alice' }, { priority: 2, dueOffsetMin: null, owner: 'alice' }]);
    const [a, b, c] = repository.view.all();
    repository.complete(a!.id);
    repository.snooze(b!.id, new Date(Date.now() + 3_600_000).toISOString());
    const options = { query: null, sort: 'due' as const, showCompleted: false, hidden: new Set([c!.id]), me: 'alice', now: Date.now(), isBlocked: () => false };
    expect(visibleTasks(repository.view.all(), options)).toEqual([]);
    expect(visibleTasks(repository.view.all(), { ...options, showCompleted: true, hidden: new Set() }).map((t) => t.id)).toEqual([a!.id, c!.id]);
  });

  it('My Day splits my open tasks into overdue, due today and no due date', () => {
    const now = Date.now();
    const repository = replica('alice');
    repository.create({ title: 'late', ownerId: 'alice', dueAt: new Date(now - 60_000).toISOString() });
    repository.create({ title: 'soon', ownerId: 'alice', dueAt: new Date(now + 1_000).toISOString() });
    repository.create({ title: 'whenever', ownerId: 'alice' });
    repository.create({ title: 'not mine', ownerId: 'bob' });
    const sections = myDay(repository.view.all(), 'alice', now, new Set());
    expect(sections.overdue.map((t) => t.title)).toEqual(['late']);
    expect(sections.noDue.map((t) => t.title)).toEqual(['whenever']);
    // "soon" is today unless the test runs in the last second of the day.
    expect([...sections.today, ...sections.overdue].map((t) => t.title)).toContain('late');
  });

  it('My Day lists the open tasks of others that I watch in their own section, not the closed or snoozed ones', () => {
    const now = Date.now();
    const repository = replica('alice');
    const make = (title: string, fields: Record<string, unknown>) => {
      const created = repository.create({ title, ...fields });
      if (!created.ok) throw new Error(created.error.message);
      return created.value.id;
    };
    make('bob\'s, watched', { ownerId: 'bob', watchers: ['alice'], dueAt: new Date(now + 3_600_000).toISOString() });
    make('unowned, watched', { watchers: ['alice'] });
    make('mine and watched', { ownerId: 'alice', watchers: ['alice'] });
    make('bob\'s, not watched', { ownerId: 'bob' });
    repository.complete(make('closed, watched', { ownerId: 'bob', watchers: ['alice'] }));
    repository.snooze(make('snoozed, watched', { ownerId: 'bob', watchers: ['alice'] }), new Date(now + 3_600_000).toISOString());
    const sections = myDay(repository.view.all(), 'alice', now, new Set());
    expect(sections.watching.map((t) => t.title)).toEqual(['bob\'s, watched', 'unowned, watched']);
    expect(sections.noDue.map((t) => t.title)).toEqual(['mine and watched']);
  });
});
