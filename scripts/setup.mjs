// First-use set-up for `npm start` and `npm test`, so that on a fresh clone the
// README's two commands are the whole set-up. Only Node built-ins here: it runs
// before anything is installed. It says what it does, and does nothing when
// everything is there (a few file checks).
//
//   node scripts/setup.mjs start|test
//
// - dependencies: any package.json dependency missing from node_modules ->
//   `npm ci` from the lockfile (Electron is optional: where its download host is
//   unreachable npm leaves it out and `npm start` serves the browser host).
// - `test` only: Chromium for the browser tests, from the system's packages
//   where this machine allows it (root + apt-get), else from Playwright's
//   download; otherwise a line saying how to provide it (CHROMIUM_PATH).
//
// HANDOFF_SETUP_DRY_RUN=1 prints the steps without running them (tests use it).
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.HANDOFF_SETUP_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const purpose = process.argv[2] === 'test' ? 'test' : 'start';
const dryRun = process.env.HANDOFF_SETUP_DRY_RUN === '1';
const say = (message) => console.log(`setup: ${message}`);

function step(command, args, what) {
  say(`${what} (${[command, ...args].join(' ')}) ...`);
  if (dryRun) return true;
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

function missingDependencies() {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
  return names.filter((name) => !existsSync(path.join(root, 'node_modules', name, 'package.json')));
}

function installDependencies() {
  const missing = missingDependencies();
  if (missing.length === 0) return;
  const modules = path.join(root, 'node_modules');
  // A linked node_modules (a git worktree sharing another checkout's) is not ours to reinstall.
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) {
    say(`node_modules is a link and lacks ${missing.join(', ')}: install in the checkout it points to.`);
    process.exit(1);
  }
  say(`first use: ${missing.length} of the dependencies are not installed.`);
  if (!step('npm', ['ci', '--no-audit', '--no-fund'], 'installing them from package-lock.json; better-sqlite3 compiles from source, about 90 s')) {
    say('npm ci failed (see above).');
    process.exit(1);
  }
}

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(candidate)) return candidate;
  return null;
}

const canApt = () => typeof process.getuid === 'function' && process.getuid() === 0
  && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

function installChromium() {
  if (chromiumPath() !== null) return;
  say('the browser tests need Chromium and none was found.');
  if (canApt()) {
    const env = 'DEBIAN_FRONTEND=noninteractive';
    if (step('sh', ['-c', `apt-get update -qq && ${env} apt-get install -y -qq chromium`], 'installing Debian\'s chromium')) return;
  }
  if (step(process.execPath, [path.join(root, 'node_modules/playwright-core/cli.js'), 'install', 'chromium'], 'downloading Playwright\'s Chromium')) return;
  say('could not install Chromium: the browser tests will fail. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.');
}

installDependencies();
if (purpose === 'test') installChromium();
