// People by display name. The rule for a member's name lives here
// (memberName); labels.ts builds the renderer's one lookup (`useLabels().person`)
// from it, and the pickers below choose among the same names. Who can be chosen
// as an owner or a handoff recipient: the workspace's members (never an
// integration account), found by display name. People see display names only;
// the user id is what the command carries. Until members carry a display name,
// the user id stands in as one.
import type { UserId } from '../../src-shared/domain/types';

export interface Person {
  userId: UserId;
  displayName: string;
}

export interface MemberLike {
  userId: UserId;
  role: string;
  displayName?: string;
}

/** What people read for a member: the display name they were given, else the user id. */
export const memberName = (member: MemberLike): string => member.displayName?.trim() || member.userId;

/** Members who can own work, by display name; `me` is always one (working offline, the list may be empty). */
export function choosablePeople(members: readonly MemberLike[], me: UserId, options: { excludeMe?: boolean } = {}): Person[] {
  const people = new Map<UserId, Person>();
  if (!options.excludeMe && !members.some((member) => member.userId === me)) people.set(me, { userId: me, displayName: me });
  for (const member of members) {
    if (member.role === 'integration' || (options.excludeMe && member.userId === me)) continue;
    people.set(member.userId, { userId: member.userId, displayName: memberName(member) });
  }
  return [...people.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Type-ahead: exact name first, then names starting with the text, then containing it. */
export function matchPeople(people: readonly Person[], text: string): Person[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [...people];
  const rank = (person: Person) => {
    const name = person.displayName.toLowerCase();
    return name === needle ? 0 : name.startsWith(needle) ? 1 : name.includes(needle) ? 2 : 3;
  };
  return people.filter((person) => rank(person) < 3).sort((a, b) => rank(a) - rank(b));
}
