// `npm run web -- --port P [--host 127.0.0.1] [--rebuild]`: builds the renderer
// bundle if any of its sources is newer than the last build, then serves it on
// 127.0.0.1 with a strict Content Security Policy. Importable: tests and
// benchmarks call ensureBuilt() once and startWebServer() per run.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = path.join(root, 'dist', 'renderer');
const stampFile = path.join(distDir, '.build-stamp');
const lockDir = path.join(root, 'dist', '.renderer-build-lock');
const sourceRoots = ['src-renderer', 'src-shared', 'assets', 'vite.config.ts', 'package-lock.json', 'scripts/web.ts'];

/** Scripts and styles only from our origin; sockets/fetch to any relay the operator names. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self' ws: wss: http: https:", "worker-src 'self'", "manifest-src 'self'", "object-src 'none'",
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json', '.json': 'application/json',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target).catch(() => null);
  if (info === null) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(target)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts') || entry.endsWith('.test.tsx')) continue;
    newest = Math.max(newest, await newestMtime(path.join(target, entry)));
  }
  return newest;
}

async function isFresh(): Promise<boolean> {
  const built = await stat(stampFile).catch(() => null);
  if (built === null) return false;
  let newest = 0;
  for (const source of sourceRoots) newest = Math.max(newest, await newestMtime(path.join(root, source)));
  return newest <= built.mtimeMs;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Build dist/renderer unless it is up to date. Safe to call from parallel test
 * processes: one builds under a lock directory, the others wait for it.
 */
export async function ensureBuilt(options: { force?: boolean } = {}): Promise<void> {
  if (!options.force && (await isFresh())) return;
  await mkdir(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const lock = await stat(lockDir).catch(() => null);
      // A lock older than the deadline belongs to a build that died.
      if (lock !== null && Date.now() - lock.mtimeMs > 180_000) await rm(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('Timed out waiting for another renderer build to finish.');
      await sleep(250);
    }
  }
  try {
    if (!options.force && (await isFresh())) return;
    await buildInChild();
    await writeFile(stampFile, new Date().toISOString());
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/**
 * Build in a child process with NODE_ENV=production: called from a test runner
 * (NODE_ENV=test) an in-process build would bundle React's development build.
 */
function buildInChild(): Promise<void> {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'build', '--config', path.join(root, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed with exit code ${code}`))));
  });
}

export interface WebServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startWebServer(options: { port?: number; host?: string } = {}): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((request, response) => {
    void serve(request.url ?? '/', request.method ?? 'GET').then(({ status, body, type, cache }) => {
      response.writeHead(status, {
        'Content-Type': type,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cache-Control': cache,
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    }, (error: unknown) => {
      response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(`Internal error: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The web server has no TCP address.');
  return {
    port: address.port,
    url: `http://${host}:${address.port}/`,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}

async function serve(rawUrl: string, method: string) {
  if (method !== 'GET' && method !== 'HEAD') {
    return { status: 405, body: 'Method not allowed', type: 'text/plain', cache: 'no-store' };
  }
  const pathname = decodeURIComponent(new URL(rawUrl, 'http://x').pathname);
  const resolved = path.normalize(path.join(distDir, pathname));
  if (!resolved.startsWith(distDir) || path.basename(resolved).startsWith('.')) {
    return { status: 404, body: 'Not found', type: 'text/plain', cache: 'no-store' };
  }
  const info = await stat(resolved).catch(() => null);
  // Unknown paths without an extension are app routes: serve the shell.
  const file = info?.isFile() ? resolved : path.extname(resolved) === '' ? path.join(distDir, 'index.html') : null;
  if (file === null) return { status: 404, body: 'Not found', type: 'text/plain', cache: 'no-store' };
  const body = await readFile(file);
  const hashed = file.includes(`${path.sep}assets${path.sep}`);
  return {
    status: 200, body, type: TYPES[path.extname(file)] ?? 'application/octet-stream',
    cache: hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
}

function parseArgs(argv: string[]) {
  const options: { port: number; host: string; rebuild: boolean } = { port: 5173, host: '127.0.0.1', rebuild: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--host') options.host = String(argv[++i]);
    else if (arg === '--rebuild') options.rebuild = true;
    else throw new Error(`Unknown option ${arg}. Usage: npm run web -- --port P [--host 127.0.0.1] [--rebuild]`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port must be 0..65535');
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2));
  await ensureBuilt({ force: options.rebuild });
  const server = await startWebServer({ port: options.port, host: options.host });
  console.log(JSON.stringify({ event: 'listening', url: server.url, port: server.port }));
  const stop = () => { void server.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
