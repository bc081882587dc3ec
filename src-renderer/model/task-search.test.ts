import { describe, expect, test } from 'vitest';
import { replica } from '../../src-shared/doc/test-support';
import { searchTasks } from './task-search';

describe('choosing a task by title', () => {
  test('open before closed, starts-with before contains, the caller excludes; empty text lists nothing', () => {
    const alice = replica('alice');
    const ids: Record<string, string> = {};
    for (const title of ['Clear customs SH-1', 'Customs docs SH-2', 'Book truck', 'Customs hold SH-3']) {
      const created = alice.create({ title });
      if (!created.ok) throw new Error(created.error.message);
      ids[title] = created.value.id;
    }
    expect(alice.complete(ids['Customs hold SH-3'] as string).ok).toBe(true);
    const all = alice.view.all();
    expect(searchTasks(all, 'customs', () => true).map((task) => task.title))
      .toEqual(['Customs docs SH-2', 'Clear customs SH-1', 'Customs hold SH-3']);
    expect(searchTasks(all, 'CUSTOMS', (task) => task.id !== ids['Customs docs SH-2']).map((task) => task.title))
      .toEqual(['Clear customs SH-1', 'Customs hold SH-3']);
    expect(searchTasks(all, '  ', () => true)).toEqual([]);
    expect(searchTasks(all, 'customs', () => true, 1)).toHaveLength(1);
  });
});
