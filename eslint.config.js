// Lint rules, and the layering from DESIGN.md made mechanical:
//   src-shared   imports no other folder and no Node, Electron or DOM-only module
//   src-renderer imports only src-shared (talks to main through window.handoff)
//   sync-server  imports only src-shared
//   nothing imports sync-server except its own tests and the test suite.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'url', 'stream', 'events',
  'worker_threads', 'zlib', 'util', 'buffer', 'process', 'readline', 'tty', 'dns', 'perf_hooks',
];
const nodeModulePatterns = ['node:*', ...nodeBuiltins];

// Exact module names go to `paths`; globs (folders, subpaths) to `patterns`, where a
// bare name like "events" would also match the local file "./events".
const forbid = (names, message) => {
  const isGlob = (name) => name.includes('*') || name.includes('/');
  const exact = names.filter((name) => !isGlob(name) && !name.startsWith('node:'));
  const globs = names.filter((name) => isGlob(name) || name.startsWith('node:'));
  return {
    'no-restricted-imports': ['error', {
      paths: exact.map((name) => ({ name, message })),
      patterns: globs.length ? [{ group: globs, message }] : [],
    }],
  };
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'release/', 'data/', 'coverage/', 'src-main/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    ignores: ['src-shared/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: forbid(
      [
        '**/src-main/**', '**/src-renderer/**', '**/sync-server/**',
        ...nodeModulePatterns,
        'electron', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'ws', 'react', 'react-dom', 'react-dom/*',
        'y-websocket', 'y-indexeddb',
      ],
      'src-shared is the pure domain: no other folder, no Node, Electron, DOM or I/O module (DESIGN.md "Processes and folders").',
    ),
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-renderer/**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: forbid(
      ['**/src-main/**', '**/sync-server/**', ...nodeModulePatterns, 'electron', 'better-sqlite3', 'drizzle-orm', 'ws'],
      'src-renderer imports only src-shared and browser modules; it reaches main through the preload bridge.',
    ),
  },
  {
    files: ['sync-server/**/*.ts'],
    ignores: ['sync-server/**/*.test.ts'],
    rules: forbid(
      ['**/src-main/**', '**/src-renderer/**', 'electron'],
      'sync-server imports only src-shared.',
    ),
  },
  {
    files: ['src-main/**/*.ts'],
    rules: forbid(['**/src-renderer/**', '**/sync-server/**'], 'src-main imports only src-shared (and its own modules).'),
  },
);
