// Ids are ULIDs: globally unique without coordination (tasks are created offline
// on many devices) and sortable by creation time.
import { monotonicFactory } from 'ulid';

// ulid's own generator asks the system for one random byte per character (16 calls per id); the
// same bytes from a pool refilled 256 at a time (the relay makes an id per event it writes).
const cryptoSource = (globalThis as unknown as { crypto: { getRandomValues(bytes: Uint8Array): Uint8Array } }).crypto;
const pool = new Uint8Array(256);
let poolNext = pool.length;
function pooledRandom(): number {
  if (poolNext >= pool.length) {
    cryptoSource.getRandomValues(pool);
    poolNext = 0;
  }
  return (pool[poolNext++] as number) / 256;
}

const nextUlid = monotonicFactory(pooledRandom);

export function newId(now: number = Date.now()): string {
  return nextUlid(now);
}
