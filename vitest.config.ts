import { defineConfig } from 'vitest/config';

// One runner for the whole suite: unit tests beside the code, integration and
// browser (e2e) tests under tests/. Browser tests drive Debian's Chromium.
export default defineConfig({
  test: {
    include: [
      'src-shared/**/*.test.ts',
      'src-main/**/*.test.ts',
      'src-renderer/**/*.test.{ts,tsx}',
      'sync-server/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on a 2-core machine is one worker (cores - 1): most of the suite waits on
    // sockets, Chromium and timers rather than the CPU, so two workers halve the wall time.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
