import { describe, expect, test } from 'vitest';
import { replica } from '../doc/test-support';
import { isBlocked, openPrerequisites, readiness, startWarning, subtasksOf, wouldLoop } from './prerequisites';

function setup() {
  const alice = replica('alice');
  const make = (title: string, fields: Record<string, unknown> = {}) => {
    const created = alice.create({ title, ...fields });
    if (!created.ok) throw new Error(created.error.message);
    return created.value.id;
  };
  const lookup = (id: string) => alice.view.get(id);
  const get = (id: string) => {
    const task = lookup(id);
    if (!task) throw new Error(`no task ${id}`);
    return task;
  };
  return { alice, make, lookup, get };
}

describe('prerequisites and subtasks', () => {
  test('blocked while a prerequisite is open, ready once every one is closed (cancelled counts as closed)', () => {
    const { alice, make, lookup, get } = setup();
    const customs = make('Clear customs');
    const pallet = make('Count pallets');
    const load = make('Load truck', { blockedBy: [customs, pallet] });
    const free = make('Sweep bay');
    expect(readiness(get(free), lookup)).toBeNull();
    expect(readiness(get(load), lookup)).toBe('blocked');
    expect(openPrerequisites(get(load), lookup).map((task) => task.title)).toEqual(['Clear customs', 'Count pallets']);
    expect(alice.complete(customs).ok).toBe(true);
    expect(isBlocked(get(load), lookup)).toBe(true);
    expect(alice.dismiss(pallet, 'Not needed').ok).toBe(true);
    expect(isBlocked(get(load), lookup)).toBe(false);
    expect(readiness(get(load), lookup)).toBe('ready');
    // The view answers with the same rule.
    expect(alice.view.isBlocked(get(load))).toBe(false);
    // A closed task is neither.
    expect(alice.complete(load).ok).toBe(true);
    expect(readiness(get(load), lookup)).toBeNull();
  });

  test('starting a blocked task says what it waits for; other moves and free tasks say nothing', () => {
    const { make, lookup, get } = setup();
    const customs = make('Clear customs');
    const load = make('Load truck', { blockedBy: [customs, 'unknown-id'] });
    expect(startWarning(get(load), 'started', lookup)).toBe('“Load truck” is blocked: it waits for “Clear customs”.');
    expect(startWarning(get(load), 'waiting', lookup)).toBeNull();
    expect(startWarning(get(customs), 'started', lookup)).toBeNull();
  });

  test('subtasks: open first, then by title; loops are found through prerequisites', () => {
    const { alice, make, lookup } = setup();
    const parent = make('Receive container 88');
    const b = make('Photograph seal', { parentId: parent });
    make('Break seal', { parentId: parent });
    make('Unrelated');
    expect(alice.complete(b).ok).toBe(true);
    expect(subtasksOf(parent, alice.view.all()).map((task) => task.title)).toEqual(['Break seal', 'Photograph seal']);
    const first = make('First');
    const second = make('Second', { blockedBy: [first] });
    const prerequisitesOf = (task: { blockedBy: readonly string[] }) => task.blockedBy;
    expect(wouldLoop(first, second, lookup, prerequisitesOf)).toBe(true);
    expect(wouldLoop(second, first, lookup, prerequisitesOf)).toBe(false);
    expect(wouldLoop(first, first, lookup, prerequisitesOf)).toBe(true);
  });
});
