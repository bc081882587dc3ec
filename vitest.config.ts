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
    reporters: ['default'],
  },
});
