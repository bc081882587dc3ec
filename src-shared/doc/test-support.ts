// Test helpers for building replicas of a workspace. Used by tests and benchmarks only.
import * as Y from 'yjs';
import { createHybridClock } from '../domain/clock';
import { newId } from '../domain/ids';
import { memberChanges, MemberRoster } from '../domain/members';
import type { Role } from '../domain/types';
import { createRepository, type TaskRepository } from './repository';
import { workspaceMaps } from './schema';

export interface TestMember {
  userId: string;
  role: Role;
  displayName?: string;
}

export const TEAM: TestMember[] = [
  { userId: 'alice', role: 'operator' },
  { userId: 'bob', role: 'operator' },
  { userId: 'carol', role: 'lead' },
  { userId: 'adam', role: 'admin' },
  { userId: 'feed', role: 'integration' },
  { userId: 'victor', role: 'viewer' },
];

/**
 * Write the members log into a document the way the relay does (tests only: in the product
 * the relay alone writes it, from its tokens).
 */
export function writeMembers(doc: Y.Doc, members: readonly TestMember[], wallClock: () => number = Date.now): void {
  const log = workspaceMaps(doc).members;
  const clock = createHybridClock('relay', wallClock);
  for (const event of log.toArray()) clock.observe(event.at);
  const events = memberChanges(new MemberRoster(log.toArray()), members, () => clock.now(), () => newId(wallClock()));
  if (events.length > 0) doc.transact(() => log.push(events), 'relay');
}

export function replica(actor: string, members: readonly TestMember[] = TEAM, now?: () => number): TaskRepository {
  const doc = new Y.Doc();
  // Stamped at 0 so the roles reach back over every event a test makes (first roles reach back anyway).
  writeMembers(doc, members, () => 0);
  return createRepository(doc, { actor, ...(now ? { now } : {}) });
}

/** Exchange every missing update between two documents, both ways. */
export function syncPair(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** The document, with the members log written (stamped at 0, so the roles reach over everything). */
export function withMembers(doc: Y.Doc, members: readonly TestMember[] = TEAM): Y.Doc {
  writeMembers(doc, members, () => 0);
  return doc;
}
