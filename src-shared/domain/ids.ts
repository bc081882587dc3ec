// Ids are ULIDs: globally unique without coordination (tasks are created offline
// on many devices) and sortable by creation time.
import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

export function newId(now: number = Date.now()): string {
  return nextUlid(now);
}
