// `relay archive run|stats --db FILE --workspace W [--token ADMIN_TOKEN]`. Rooms are cached and
// compacted by the one relay serving a file (serve-lock.ts), so while a relay serves FILE the
// command goes through its HTTP API (an admin token, as for any admin call); with none serving it,
// the command takes the serve lock itself and works on the file with the same code. Prints JSON.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { archivePaths } from '../src-shared/protocol/archive-api';
import { createRelay } from './relay';
import { readServeLock } from './serve-lock';

export async function archiveCommand(argv: string[], defaultDb: string, usage: (message: string) => Error): Promise<void> {
  const [action, ...rest] = argv;
  const { values } = parseArgs({ args: rest, options: { db: { type: 'string' }, workspace: { type: 'string' }, token: { type: 'string' } }, strict: true });
  if (action !== 'run' && action !== 'stats') throw usage(`unknown archive action ${action ?? '(none)'}`);
  if (!values.workspace) throw usage(`archive ${action} needs --workspace`);
  const file = values.db ?? defaultDb;
  if (!existsSync(file)) throw new Error(`no relay database at ${file}`);
  const serving = readServeLock(file);
  if (serving?.port !== undefined) {
    if (!values.token) throw new Error(`a relay (pid ${serving.pid}, ${serving.host}:${serving.port}) serves ${file}: pass --token with an admin token to go through it`);
    const path = action === 'run' ? archivePaths.run(values.workspace) : archivePaths.stats(values.workspace);
    const host = serving.host === '0.0.0.0' || serving.host === '::' ? '127.0.0.1' : serving.host;
    const response = await fetch(`http://${host}:${serving.port}${path}`, { method: action === 'run' ? 'POST' : 'GET', headers: { authorization: `Bearer ${values.token}` } });
    const body = await response.text();
    if (!response.ok) throw new Error(`the relay answered ${response.status}: ${body}`);
    process.stdout.write(`${body.trim()}\n`);
    return;
  }
  const relay = createRelay({ dbPath: file, retentionIntervalMs: 0 });
  try {
    const result = action === 'run' ? await relay.archive.run(values.workspace) : relay.archive.stats(values.workspace);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await relay.close();
  }
}
