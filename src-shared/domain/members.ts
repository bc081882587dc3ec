// Membership as the document records it. The relay alone writes the `members`
// log (a member added, a role changed, a member removed), stamped with the
// relay's clock; clients read it and never write it (the relay refuses them).
//
// Invariant: the role an event is folded with is the author's role as of the
// event's stamp, read from this log. Every replica holds the same log, so every
// replica folds the same way, and a role change never rewrites the past: an
// approval made while someone was a lead stays an approval after she is demoted.
// Events stamped before a user's first entry take that first role (documents
// written before the log existed keep the roles their authors had).
import type { Role, Stamp, UserId } from './types';
import { ROLES } from './types';

/** The author of every members event: the relay itself. No token may carry this user id. */
export const RELAY_ACTOR = 'relay';

export type MemberEvent =
  | { id: string; actor: typeof RELAY_ACTOR; at: Stamp; type: 'member.added'; payload: { userId: UserId; role: Role; displayName?: string } }
  | { id: string; actor: typeof RELAY_ACTOR; at: Stamp; type: 'member.role_changed'; payload: { userId: UserId; role: Role; displayName?: string } }
  | { id: string; actor: typeof RELAY_ACTOR; at: Stamp; type: 'member.removed'; payload: { userId: UserId } };

export interface Member {
  userId: UserId;
  role: Role;
  /** What people see; the user id when no name was given. */
  displayName: string;
}

interface RoleSpan {
  from: Stamp;
  role: Role | null;
}

const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

function isMemberEvent(value: unknown): value is MemberEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  const p = e.payload as Record<string, unknown> | undefined;
  if (e.actor !== RELAY_ACTOR || typeof e.at !== 'string' || typeof e.id !== 'string') return false;
  if (typeof p !== 'object' || p === null || typeof p.userId !== 'string' || p.userId === '') return false;
  if (e.type === 'member.removed') return true;
  return (e.type === 'member.added' || e.type === 'member.role_changed') && isRole(p.role);
}

/** The folded members log: who is a member now, and who held which role when. */
export class MemberRoster {
  private readonly spans = new Map<UserId, RoleSpan[]>();
  private readonly names = new Map<UserId, string>();

  constructor(rawEvents: readonly unknown[]) {
    const events = rawEvents.filter(isMemberEvent).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
    for (const event of events) {
      const { userId } = event.payload;
      const spans = this.spans.get(userId) ?? [];
      spans.push({ from: event.at, role: event.type === 'member.removed' ? null : event.payload.role });
      this.spans.set(userId, spans);
      if (event.type !== 'member.removed' && typeof event.payload.displayName === 'string' && event.payload.displayName !== '') this.names.set(userId, event.payload.displayName);
    }
  }

  /** No relay has written members yet: a workspace used only on this device. */
  get isEmpty(): boolean {
    return this.spans.size === 0;
  }

  /** The user's role as of a stamp; undefined when they were not a member then. */
  roleAt(user: UserId, at: Stamp): Role | undefined {
    const spans = this.spans.get(user);
    if (!spans || spans.length === 0) return undefined;
    let role: Role | null = (spans[0] as RoleSpan).role;
    for (const span of spans) {
      if (span.from > at) break;
      role = span.role;
    }
    return role ?? undefined;
  }

  /** The user's role now (after every entry). */
  currentRole(user: UserId): Role | undefined {
    const spans = this.spans.get(user);
    return spans?.[spans.length - 1]?.role ?? undefined;
  }

  /** Current members, by user id. */
  members(): Member[] {
    const result: Member[] = [];
    for (const [userId, spans] of this.spans) {
      const role = spans[spans.length - 1]?.role;
      if (role) result.push({ userId, role, displayName: this.names.get(userId) ?? userId });
    }
    return result.sort((a, b) => a.userId.localeCompare(b.userId));
  }

  displayName(user: UserId): string {
    return this.names.get(user) ?? user;
  }

  /** The users whose role history differs between two rosters (they need their events refolded). */
  changedUsers(previous: MemberRoster): UserId[] {
    const users = new Set([...this.spans.keys(), ...previous.spans.keys()]);
    return [...users].filter((user) => {
      const a = this.spans.get(user) ?? [];
      const b = previous.spans.get(user) ?? [];
      return a.length !== b.length || a.some((span, i) => span.from !== b[i]?.from || span.role !== b[i]?.role);
    });
  }
}

/**
 * The members events that bring a roster to the wanted membership (from the relay's tokens).
 * `stamp` and `newId` come from the relay's clock.
 */
export function memberChanges(
  roster: MemberRoster,
  wanted: readonly { userId: UserId; role: Role; displayName?: string }[],
  stamp: () => Stamp,
  newId: () => string,
): MemberEvent[] {
  const events: MemberEvent[] = [];
  const wantedIds = new Set(wanted.map((m) => m.userId));
  for (const member of wanted) {
    const current = roster.currentRole(member.userId);
    // A token created with a new display name renames the member (the same event, role unchanged).
    const renamed = member.displayName !== undefined && member.displayName !== '' && roster.displayName(member.userId) !== member.displayName;
    if (current === member.role && !renamed) continue;
    const base = { id: newId(), actor: RELAY_ACTOR, at: stamp() } as const;
    if (current === undefined) {
      events.push({
        ...base, type: 'member.added',
        payload: { userId: member.userId, role: member.role, ...(member.displayName ? { displayName: member.displayName } : {}) },
      });
    } else {
      events.push({ ...base, type: 'member.role_changed', payload: { userId: member.userId, role: member.role, ...(renamed ? { displayName: member.displayName } : {}) } });
    }
  }
  for (const member of roster.members()) {
    if (!wantedIds.has(member.userId)) {
      events.push({ id: newId(), actor: RELAY_ACTOR, at: stamp(), type: 'member.removed', payload: { userId: member.userId } });
    }
  }
  return events;
}
