import { describe, expect, it } from 'vitest';
import { choosablePeople, matchPeople } from './people';

const MEMBERS = [
  { userId: 'u-ann', role: 'operator', displayName: 'Ann Lee' },
  { userId: 'bob', role: 'lead' },
  { userId: 'flight-feed', role: 'integration' },
  { userId: 'u-bea', role: 'operator', displayName: 'Bea Bobson' },
];

describe('people who can be chosen', () => {
  it('are members by display name (the id when none), never integrations; me is always there unless excluded', () => {
    expect(choosablePeople(MEMBERS, 'bob').map((person) => person.displayName)).toEqual(['Ann Lee', 'Bea Bobson', 'bob']);
    expect(choosablePeople([], 'dana')).toEqual([{ userId: 'dana', displayName: 'dana' }]);
    expect(choosablePeople(MEMBERS, 'bob', { excludeMe: true }).map((person) => person.userId)).toEqual(['u-ann', 'u-bea']);
  });

  it('type-ahead ranks exact, then prefix, then substring; a typo matches no one', () => {
    const people = choosablePeople(MEMBERS, 'bob');
    expect(matchPeople(people, 'bob').map((person) => person.userId)).toEqual(['bob', 'u-bea']);
    expect(matchPeople(people, 'an').map((person) => person.userId)).toEqual(['u-ann']);
    expect(matchPeople(people, 'bbo')).toEqual([]);
    expect(matchPeople(people, 'flight')).toEqual([]);
  });
});
