// Test helpers for building replicas of a workspace. Used by tests and benchmarks only.
import * as Y from 'yjs';
import type { Member } from './repository';
import { createRepository, type TaskRepository } from './repository';

export const TEAM: Member[] = [
  { userId: 'alice', role: 'operator' },
  { userId: 'bob', role: 'operator' },
  { userId: 'carol', role: 'lead' },
  { userId: 'victor', role: 'viewer' },
];

export function replica(actor: string, members: readonly Member[] = TEAM, now?: () => number): TaskRepository {
  return createRepository(new Y.Doc(), { actor, members, ...(now ? { now } : {}) });
}

/** Exchange every missing update between two documents, both ways. */
export function syncPair(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}
