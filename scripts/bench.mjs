// Runs every benchmark in bench/ (or the ones named on the command line), one
// process each so they do not disturb one another. Each prints JSON figures.
//   npm run bench                 all of them
//   npm run bench -- domain relay only files whose name contains one of the words
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const files = readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((word) => f.includes(word)))
  .sort();

let failures = 0;
for (const file of files) {
  process.stderr.write(`# bench/${file}\n`);
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join('bench', file)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (run.status !== 0) failures += 1;
}
process.exit(failures === 0 ? 0 : 1);
