// `npm start [-- --port P]`: builds and launches the desktop app, with a local
// relay on 127.0.0.1 unless HANDOFF_RELAY_URL (+ HANDOFF_TOKEN) names one.
//
// Where Electron's binary is missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1,
// no internet), it says so in one line and serves the browser host (`npm run web`)
// with the same local relay instead, printing the URL to open.
//
// better-sqlite3 per ABI: node_modules holds the build for Node's ABI (tests, relay,
// benchmarks) and is never touched. For Electron, a second copy is rebuilt once per
// Electron/better-sqlite3 version into dist-electron/native/ with @electron/rebuild,
// and main loads it through better-sqlite3's `nativeBinding` option
// (HANDOFF_SQLITE_BINDING). Packaging rebuilds its own copy (electron-builder.yml).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// HANDOFF_DATA_DIR: where the local relay's database and token live (tests use a temp dir).
const dataDir = process.env.HANDOFF_DATA_DIR ?? path.join(root, 'data');
const outDir = path.join(root, 'dist-electron');
const children = [];

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const running = (child) => child.exitCode === null && child.signalCode === null;
const exited = (child) => (running(child) ? new Promise((resolve) => child.once('exit', resolve)) : Promise.resolve());
let stopping = false;

/**
 * Stop the children and wait for them before exiting. Exiting first closed the
 * pipes on their stdout while the relay was still logging its shutdown
 * compaction: an unhandled `write EPIPE` crashed it. (Ctrl+C in a terminal
 * signals the whole process group; the children stop on their own signal and
 * on our SIGTERM alike.) The exit code is ours unless a child failed.
 */
function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  const alive = children.filter(running);
  for (const child of alive) child.kill('SIGTERM');
  const force = setTimeout(() => { for (const child of alive.filter(running)) child.kill('SIGKILL'); }, 10_000);
  force.unref();
  Promise.all(alive.map(exited)).then(() => {
    const failed = children.some((child) => child.exitCode !== null && child.exitCode !== 0);
    process.exit(code !== 0 ? code : failed ? 1 : 0);
  });
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/** Starts a child and resolves with the first JSON line on stdout that has `"event":"listening"`. */
function startListening(label, args) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let buffered = '';
    let listened = false;
    child.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.includes('"listening"')) continue;
        const entry = JSON.parse(line);
        if (entry.event === 'listening') { listened = true; resolve(entry); }
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`${label} exited (${code}) before listening`));
      // After it listened: a child that dies while we run takes the rest down, loudly.
      if (listened && !stopping) {
        console.error(`npm start: ${label} stopped (exit ${code}); stopping.`);
        stopAll(1);
      }
    });
  });
}

function run(args, what) {
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status})`);
  return result.stdout;
}

/** The relay to use: configured, or a local one on 127.0.0.1 with a token kept in data/. */
async function relay() {
  if (process.env.HANDOFF_RELAY_URL) {
    return {
      url: process.env.HANDOFF_RELAY_URL,
      token: process.env.HANDOFF_TOKEN ?? '',
      workspace: process.env.HANDOFF_WORKSPACE ?? 'demo',
      user: process.env.HANDOFF_USER ?? 'operator',
    };
  }
  mkdirSync(dataDir, { recursive: true });
  const db = path.join(dataDir, 'local-relay.sqlite');
  const sessionFile = path.join(dataDir, 'local-session.json');
  // A session is only good with the database that issued its token.
  let session = existsSync(db) && existsSync(sessionFile) ? JSON.parse(readFileSync(sessionFile, 'utf8')) : null;
  // The same port on every start: open browsers (which keep the relay URL) reconnect after a restart.
  const port = option('relay-port', session?.relayPort ? String(session.relayPort) : '0');
  const listening = await startListening('the local relay', [
    '--import', 'tsx', 'sync-server/cli.ts', 'serve', '--port', port, '--host', '127.0.0.1', '--db', db,
  ]).catch((error) => {
    throw new Error(`${error.message}${port !== '0' ? ` (is port ${port} in use? --relay-port P picks another)` : ''}`);
  });
  if (!session) {
    const workspace = process.env.HANDOFF_WORKSPACE ?? 'demo';
    const user = process.env.HANDOFF_USER ?? 'operator';
    const out = run(['--import', 'tsx', 'sync-server/cli.ts', 'token', 'create', '--db', db, '--workspace', workspace, '--user', user, '--role', 'lead'], 'token create');
    session = { workspace, user, token: out.trim().split('\n').at(-1).trim() };
  }
  if (session.relayPort !== listening.port) {
    session = { ...session, relayPort: listening.port };
    writeFileSync(sessionFile, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
  }
  const { relayPort: _port, ...rest } = session;
  return { url: `http://127.0.0.1:${listening.port}`, ...rest };
}

function electronBinary() {
  // HANDOFF_ELECTRON_PATH overrides the binary (tests point it at nothing to exercise the fallback).
  if (process.env.HANDOFF_ELECTRON_PATH !== undefined) return existsSync(process.env.HANDOFF_ELECTRON_PATH) ? process.env.HANDOFF_ELECTRON_PATH : null;
  try {
    const binary = require('electron'); // throws when the binary was never downloaded
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null; // the single message below explains it; nothing else depends on the reason
  }
}

/** better-sqlite3 rebuilt for Electron's ABI, once per version pair, beside (never instead of) Node's. */
function electronSqliteBinding() {
  const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  const sqliteVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
  const nativeDir = path.join(outDir, 'native');
  const stamp = path.join(nativeDir, 'abi-stamp.json');
  const binding = path.join(nativeDir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  const wanted = JSON.stringify({ electronVersion, sqliteVersion });
  if (existsSync(binding) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return binding;
  console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once) ...`);
  rmSync(nativeDir, { recursive: true, force: true });
  mkdirSync(path.join(nativeDir, 'node_modules'), { recursive: true });
  cpSync(path.join(root, 'node_modules/better-sqlite3'), path.join(nativeDir, 'node_modules/better-sqlite3'), {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}build${path.sep}`),
  });
  writeFileSync(path.join(nativeDir, 'package.json'), JSON.stringify({ name: 'handoff-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
  const rebuild = spawnSync(path.join(root, 'node_modules/.bin/electron-rebuild'), ['--version', electronVersion, '--module-dir', nativeDir, '--only', 'better-sqlite3', '--force'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (rebuild.status !== 0 || !existsSync(binding)) throw new Error('could not rebuild better-sqlite3 for Electron (needs internet for Electron headers, and a C++ toolchain)');
  writeFileSync(stamp, wanted);
  return binding;
}

async function buildDesktop() {
  run(['--import', 'tsx', '--input-type=module', '--eval', "const web = await import('./scripts/web.ts'); await web.ensureBuilt();"], 'renderer build');
  const esbuild = await import('esbuild');
  const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
  await esbuild.build({ ...common, entryPoints: ['src-main/electron/main.ts'], outfile: path.join(outDir, 'main.js'), format: 'esm', packages: 'external' });
  // The sandboxed preload cannot require modules: bundle it whole (it carries the contract's zod schemas).
  await esbuild.build({ ...common, entryPoints: ['src-main/electron/preload.ts'], outfile: path.join(outDir, 'preload.cjs'), format: 'cjs', external: ['electron'], minify: true });
  rmSync(path.join(outDir, 'migrations'), { recursive: true, force: true });
  cpSync(path.join(root, 'src-main/db/migrations'), path.join(outDir, 'migrations'), { recursive: true });
}

async function main() {
  const binary = electronBinary();
  const target = await relay();
  if (binary === null) {
    const port = option('port', '5173');
    console.log("Electron's binary is not installed (no internet when npm installed it), so the desktop app cannot start here: serving the browser host with the local relay instead.");
    const web = await startListening('the web server', ['--import', 'tsx', 'scripts/web.ts', '--port', port, '--host', '127.0.0.1']);
    const params = new URLSearchParams({ workspace: target.workspace, relay: target.url, token: target.token, name: target.user });
    console.log(`Open ${web.url}?${params}   (relay ${target.url}; Ctrl+C stops both)`);
    return;
  }
  await buildDesktop();
  const electron = spawn(binary, [path.join(outDir, 'main.js')], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      HANDOFF_RELAY_URL: target.url,
      HANDOFF_TOKEN: target.token,
      HANDOFF_WORKSPACE: target.workspace,
      HANDOFF_USER: target.user,
      HANDOFF_SQLITE_BINDING: electronSqliteBinding(),
      HANDOFF_RENDERER_DIR: path.join(root, 'dist/renderer'),
    },
  });
  children.push(electron);
  electron.once('exit', (code) => stopAll(code ?? 0));
}

main().catch((error) => {
  console.error(`npm start: ${error.message}`);
  stopAll(1);
});
