import { describe, expect, test } from 'vitest';
import { replica } from '../doc/test-support';
import { matchesQuery, parseQuery, type QueryContext } from './query';
import type { TaskState } from './types';

const NOW = new Date(2026, 10, 21, 12, 0, 0).getTime(); // local noon

function setup() {
  const alice = replica('alice', undefined, () => NOW);
  const make = (title: string, fields: Record<string, unknown> = {}) => {
    const created = alice.create({ title, ...fields });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  };
  const overdue = make('Chase POD', { ownerId: 'alice', priority: 'high', dueAt: new Date(NOW - 3_600_000).toISOString(), type: 'qc', queue: 'dispatch', tags: ['x'], links: [{ kind: 'order', id: 'PO-1', label: 'Order PO-1' }], origin: 'signal' });
  const later = make('Book crane', { ownerId: 'bob', dueAt: new Date(NOW + 3 * 3_600_000).toISOString() });
  const noDue = make('Read "quarterly" memo', { description: 'about reefer alarms' });
  const ctx: QueryContext = { me: 'alice', now: NOW, isBlocked: (t: TaskState) => alice.view.isBlocked(t) };
  const run = (text: string) => {
    const parsed = parseQuery(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return alice.view.all().filter((t) => matchesQuery(parsed.value, t, ctx)).map((t) => t.title).sort();
  };
  return { alice, overdue, later, noDue, run };
}

describe('query language', () => {
  test('the issue\'s example terms each select the right tasks', () => {
    const { run } = setup();
    expect(run('owner:me')).toEqual(['Chase POD']);
    expect(run('owner:bob,alice')).toEqual(['Book crane', 'Chase POD']);
    expect(run('status:todo,in_progress')).toHaveLength(3);
    expect(run('priority:high')).toEqual(['Chase POD']);
    expect(run('due:overdue')).toEqual(['Chase POD']);
    expect(run('due:today')).toEqual(['Book crane', 'Chase POD']);
    expect(run('due:none')).toEqual(['Read "quarterly" memo']);
    expect(run('type:qc queue:dispatch tag:x link:order:PO-1 origin:signal')).toEqual(['Chase POD']);
    expect(run('link:order')).toEqual(['Chase POD']);
    expect(run('"reefer alarms"')).toEqual(['Read "quarterly" memo']);
    expect(run('crane')).toEqual(['Book crane']);
    expect(run('-owner:me is:open')).toEqual(['Book crane', 'Read "quarterly" memo']);
    expect(run('is:unassigned')).toEqual(['Read "quarterly" memo']);
  });
  test('is:blocked and is:snoozed are overlays', () => {
    const { alice, overdue, later, run } = setup();
    alice.dispatch(later.id, { type: 'task.prerequisite_added', payload: { taskId: overdue.id } });
    alice.snooze(overdue.id, new Date(NOW + 7_200_000).toISOString());
    expect(run('is:blocked')).toEqual(['Book crane']);
    expect(run('is:snoozed')).toEqual(['Chase POD']);
  });
  test('clear errors with a position on bad input', () => {
    const unknown = parseQuery('owner:me colour:red');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.error.message).toMatch(/Unknown filter "colour:"/);
      expect(unknown.error.position).toBe(9);
    }
    const badValue = parseQuery('priority:highest');
    expect(!badValue.ok && badValue.error.message).toMatch(/"highest" is not a priority/);
    const empty = parseQuery('due:');
    expect(!empty.ok && empty.error.message).toMatch(/needs a value/);
    const quote = parseQuery('"unterminated');
    expect(!quote.ok && quote.error.message).toMatch(/quote/);
  });
  test('an empty query matches everything', () => {
    expect(setup().run('')).toHaveLength(3);
  });
  test('created: and closed: take a day and select the local week that holds it', () => {
    const { alice, run } = setup();
    const done = alice.view.all().find((t) => t.title === 'Book crane');
    if (!done) throw new Error('task');
    alice.complete(done.id);
    // NOW is Saturday 2026-11-21: its week began on Monday the 16th.
    expect(run('created:2026-11-18')).toEqual(['Book crane', 'Chase POD', 'Read "quarterly" memo']);
    expect(run('created:2026-11-23')).toEqual([]);
    expect(run('closed:2026-11-16')).toEqual(['Book crane']);
    const bad = parseQuery('created:last-week');
    expect(!bad.ok && bad.error.message).toMatch(/YYYY-MM-DD/);
  });

  test('watching:me lists the tasks I watch, watching:<user> someone else\'s, -watching:me the rest', () => {
    const { alice, later, noDue, run } = setup();
    expect(run('watching:me')).toEqual([]);
    for (const command of [
      alice.dispatch(later.id, { type: 'task.watcher_added', payload: { userId: 'alice' } }),
      alice.dispatch(noDue.id, { type: 'task.watcher_added', payload: { userId: 'bob' } }),
    ]) expect(command.ok).toBe(true);
    expect(run('watching:me')).toEqual(['Book crane']);
    expect(run('watching:bob')).toEqual(['Read "quarterly" memo']);
    expect(run('watching:me,bob')).toEqual(['Book crane', 'Read "quarterly" memo']);
    expect(run('-watching:me')).toEqual(['Chase POD', 'Read "quarterly" memo']);
    const empty = parseQuery('watching:');
    expect(empty.ok ? null : empty.error.message).toBe('"watching:" needs a value.');
  });
});
