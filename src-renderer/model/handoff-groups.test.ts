import { describe, expect, it } from 'vitest';
import { replica, syncPair } from '../../src-shared/doc/test-support';
import { handoffGroups } from './handoff-groups';

describe('handoffGroups', () => {
  it('makes one entry per handoff with its note once and its tasks, newest first; acknowledged tasks leave', () => {
    const alice = replica('alice');
    const ids = ['Reefer 7 alarm', 'Customs docs', 'Dock 3 booking'].map((title) => {
      const created = alice.create({ title, ownerId: 'alice' });
      if (!created.ok) throw new Error(created.error.message);
      return created.value.id;
    });
    expect(alice.handOff(ids.slice(0, 2), 'bob', 'Reefer alarms hourly').ok).toBe(true);
    expect(alice.handOff(ids.slice(2), 'bob', '').ok).toBe(true);
    const bob = replica('bob');
    syncPair(alice.doc, bob.doc);

    const titles = () => handoffGroups(bob.view.all(), 'bob').map((group) => [group.from, group.note, group.tasks.map((task) => task.title)]);
    expect(titles()).toEqual([
      ['alice', '', ['Dock 3 booking']],
      ['alice', 'Reefer alarms hourly', ['Reefer 7 alarm', 'Customs docs']],
    ]);
    expect(handoffGroups(bob.view.all(), 'alice')).toEqual([]);

    expect(bob.acknowledgeHandoff(ids[0] as string).ok).toBe(true);
    expect(titles()).toEqual([
      ['alice', '', ['Dock 3 booking']],
      ['alice', 'Reefer alarms hourly', ['Customs docs']],
    ]);
  });
});
