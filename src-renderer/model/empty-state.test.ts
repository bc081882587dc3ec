import { describe, expect, it } from 'vitest';
import { replica } from '../../src-shared/doc/test-support';
import { parseQuery } from '../../src-shared/domain/query';
import { emptyMessage, hiddenCounts, visibleTasks, type ListOptions } from './visible-tasks';

describe('empty list states', () => {
  const repository = replica('alice');
  const ids = ['Chase invoice', 'Chase carrier', 'Book truck', 'Call port'].map((title) => {
    const created = repository.create({ title });
    if (!created.ok) throw new Error(created.error.message);
    return created.value.id;
  });
  for (const id of ids.slice(2)) repository.complete(id);
  const options = (text: string | null): ListOptions => {
    const parsed = text === null ? null : parseQuery(text);
    return {
      query: parsed === null ? null : parsed.ok ? parsed.value : null,
      sort: 'due', showCompleted: false, hidden: new Set(), me: 'alice', now: Date.now(), isBlocked: () => false,
    };
  };
  const counts = (text: string | null) => {
    const list = options(text);
    return hiddenCounts(repository.view.all(), list, visibleTasks(repository.view.all(), list).length);
  };

  it('counts the completed tasks show-completed hides', () => {
    expect(counts(null)).toEqual({ byFilter: 0, completed: 2 });
    expect(emptyMessage({ byFilter: 0, completed: 2 })).toBe('No tasks shown: 2 completed hidden.');
  });

  it('counts the open tasks the filter hides, and the completed ones that match it', () => {
    expect(counts('nothing-matches-this')).toEqual({ byFilter: 2, completed: 0 });
    expect(emptyMessage({ byFilter: 3, completed: 4 })).toBe('No tasks shown: 3 tasks hidden by the filter, 4 completed hidden.');
    expect(emptyMessage({ byFilter: 0, completed: 0 })).toBe('No tasks here.');
  });
});
