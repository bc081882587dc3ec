// Hybrid logical clock. A stamp is wall-clock milliseconds, a counter and the
// node that made it, encoded so that plain string order is causal order:
//   if event B was stamped by a replica that had seen event A, then B > A,
// even when the replica's wall clock is behind (the counter carries it forward).
// Offline devices with sane clocks still order "sensibly for display".
import type { Stamp } from './types';

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 6;
/** A remote stamp further ahead of our wall clock than this is not followed (a broken or hostile clock). */
export const MAX_CLOCK_DRIFT_MS = 24 * 3_600_000;
/**
 * The relay refuses events stamped further than this ahead of its own clock: a stamp from the
 * future would fold after work that really came later. An hour tolerates badly set clocks.
 */
export const MAX_STAMP_AHEAD_MS = 3_600_000;

export interface HybridClock {
  /** A new stamp, greater than every stamp this clock has made or observed. */
  now(): Stamp;
  /** Move past a stamp seen from another replica. */
  observe(stamp: Stamp): void;
}

export interface ParsedStamp {
  wall: number;
  counter: number;
  node: string;
}

export function formatStamp({ wall, counter, node }: ParsedStamp): Stamp {
  return `${String(wall).padStart(WALL_DIGITS, '0')}-${String(counter).padStart(COUNTER_DIGITS, '0')}-${node}`;
}

export function parseStamp(stamp: Stamp): ParsedStamp | null {
  const match = /^(\d{15})-(\d{6})-(.+)$/.exec(stamp);
  if (!match) return null;
  return { wall: Number(match[1]), counter: Number(match[2]), node: match[3] ?? '' };
}

/** Wall-clock time of a stamp as an ISO instant, for display. */
export function stampToInstant(stamp: Stamp): string {
  const parsed = parseStamp(stamp);
  return new Date(parsed ? parsed.wall : 0).toISOString();
}

export function createHybridClock(node: string, wallClock: () => number): HybridClock {
  const safeNode = node.replace(/\s/g, '_') || 'node';
  let wall = 0;
  let counter = 0;
  return {
    now() {
      const physical = wallClock();
      if (physical > wall) {
        wall = physical;
        counter = 0;
      } else {
        counter += 1;
      }
      return formatStamp({ wall, counter, node: safeNode });
    },
    observe(stamp) {
      const seen = parseStamp(stamp);
      if (!seen || seen.wall > wallClock() + MAX_CLOCK_DRIFT_MS) return;
      if (seen.wall > wall || (seen.wall === wall && seen.counter > counter)) {
        wall = seen.wall;
        counter = seen.counter;
      }
    },
  };
}

/** Wall time of a hybrid-clock stamp. A closed task's last change is when it closed (comments aside). */
export function stampTime(stamp: string): number {
  // Fast path for the fixed-width wall-clock prefix (15 digits); parseStamp for anything else.
  const wall = Number(stamp.slice(0, 15));
  return stamp.charAt(15) === '-' && Number.isFinite(wall) ? wall : parseStamp(stamp)?.wall ?? 0;
}
