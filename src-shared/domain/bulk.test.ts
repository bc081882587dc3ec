import { describe, expect, it } from 'vitest';
import { applyToMany, summarizeBulk } from './bulk';
import { fail, ok } from './types';

const closed = new Set(['b']);
const command = (id: string) => (closed.has(id) ? fail('task_closed', 'The task is closed.') : ok(id));

describe('applyToMany', () => {
  it('applies to every task it can and collects the refusals with their reasons', () => {
    const outcome = applyToMany(['a', 'b', 'c'], command);
    expect(outcome.applied).toEqual(['a', 'c']);
    expect(outcome.refused).toEqual([{ id: 'b', error: { code: 'task_closed', message: 'The task is closed.' } }]);
  });

  it('runs the command once per id, in order', () => {
    const seen: string[] = [];
    applyToMany(['x', 'y'], (id) => { seen.push(id); return ok(null); });
    expect(seen).toEqual(['x', 'y']);
  });
});

describe('summarizeBulk', () => {
  const name = (id: string) => `Task ${id.toUpperCase()}`;
  it('names each refused task with its reason', () => {
    expect(summarizeBulk(applyToMany(['a', 'b', 'c'], command), 'completed', name))
      .toBe('2 of 3 tasks completed. Not completed: “Task B”: The task is closed.');
    // A reason that already names the task does not name it twice.
    const named = (id: string) => (closed.has(id) ? fail('task_closed', `"${name(id)}" is completed; reopen it to change it.`) : ok(id));
    expect(summarizeBulk(applyToMany(['a', 'b'], named), 'assigned', name))
      .toBe('1 of 2 tasks assigned. Not assigned: "Task B" is completed; reopen it to change it.');
  });
  it('counts a clean batch and stays quiet for a single task', () => {
    expect(summarizeBulk(applyToMany(['a', 'c'], command), 'completed', name)).toBe('2 tasks completed.');
    expect(summarizeBulk(applyToMany(['a'], command), 'completed', name)).toBeNull();
  });
});
