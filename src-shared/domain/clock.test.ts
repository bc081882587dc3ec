import { expect, test } from 'vitest';
import { createHybridClock, parseStamp, stampToInstant } from './clock';

test('stamps increase even when the wall clock stands still or goes back', () => {
  let wall = 1_000;
  const clock = createHybridClock('a', () => wall);
  const first = clock.now();
  const second = clock.now();
  wall = 500;
  const third = clock.now();
  expect(first < second && second < third).toBe(true);
});

test('observing a remote stamp moves the clock past it (causality survives skew)', () => {
  const behind = createHybridClock('slow', () => 1_000);
  const ahead = createHybridClock('fast', () => 9_000);
  const remote = ahead.now();
  behind.observe(remote);
  expect(behind.now() > remote).toBe(true);
  expect(parseStamp(remote)).toEqual({ wall: 9_000, counter: 0, node: 'fast' });
  expect(stampToInstant(remote)).toBe(new Date(9_000).toISOString());
});

test('a stamp from a clock more than a day ahead is not followed', () => {
  const clock = createHybridClock('a', () => 1_000);
  clock.observe('999999999999999-000000-evil');
  expect(parseStamp(clock.now())?.wall).toBe(1_000);
});
