import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// The renderer bundle: one build serves both hosts (browser via `npm run web`,
// desktop via Electron). Root is src-renderer (index.html lives there); static
// files (icons, web manifest) come from assets/. The service worker is a second
// entry emitted at /sw.js (a worker's scope is its own path, so it must sit at
// the root) with no hash, so the page can always register the same URL.
const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: path.join(here, 'src-renderer'),
  base: './',
  publicDir: path.join(here, 'assets'),
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist', 'renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inline <script> or inline styles: the CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        index: path.join(here, 'src-renderer', 'index.html'),
        sw: path.join(here, 'src-renderer', 'sw.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
