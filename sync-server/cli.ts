// Relay entry point and admin CLI (one binary for both, as operators expect):
//   npm run relay -- serve [--port 1234] [--db ./data/relay.sqlite] [--host 127.0.0.1]
//                          [--max-message-bytes N] [--messages-per-second N]
//                          [--connections-per-ip-per-second N] [--synchronous full|normal] [--no-batching]
//   npm run relay -- token create --db FILE --workspace W --user U --role R   (token on the last stdout line)
//   npm run relay -- token list   --db FILE [--workspace W]
//   npm run relay -- token revoke --db FILE (--token T | --id TOKEN_ID)
//   npm run relay -- archive run|stats --db FILE --workspace W [--token ADMIN_TOKEN]
//     (through the relay serving FILE, with an admin token; on the file itself when none serves it)
// `serve` logs JSON lines to stdout; the first is {"event":"listening","port":N,...}.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ROLES } from '../src-shared/domain/types';
import { jsonLineLogger } from './log';
import { createRelay, type RelayLimits } from './relay';
import { openRelayStore } from './store';
import { archiveCommand } from './archive-cli';

const DEFAULT_DB = './data/relay.sqlite';
const USAGE = `usage:
  relay serve [--port 1234] [--db ${DEFAULT_DB}] [--host 127.0.0.1] [--max-message-bytes N]
              [--messages-per-second N] [--connections-per-ip-per-second N]
              [--synchronous full|normal] [--no-batching]
  relay token create --db FILE --workspace W --user U --role ${ROLES.join('|')} [--name "Display Name"]
  relay token list --db FILE [--workspace W]
  relay token revoke --db FILE (--token T | --id TOKEN_ID)
  relay archive run|stats --db FILE --workspace W [--token ADMIN_TOKEN]`;

class UsageError extends Error {}

function intOption(value: string | undefined, name: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer`);
  return n;
}

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'max-message-bytes': { type: 'string' },
      'messages-per-second': { type: 'string' },
      'connections-per-ip-per-second': { type: 'string' },
      synchronous: { type: 'string' },
      'no-batching': { type: 'boolean' },
    },
    strict: true,
  });
  const port = intOption(values.port, 'port', 1234) as number;
  if (port > 65535) throw new UsageError('--port must be 0-65535');
  const sync = (values.synchronous ?? 'full').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new UsageError('--synchronous must be full or normal');
  const limits: Partial<RelayLimits> = {};
  const maxMessage = intOption(values['max-message-bytes'], 'max-message-bytes');
  if (maxMessage !== undefined) limits.maxMessageBytes = maxMessage;
  const rate = intOption(values['messages-per-second'], 'messages-per-second');
  if (rate !== undefined) {
    limits.messagesPerSecond = rate;
    limits.messageBurst = Math.max(rate * 5, 1);
  }
  const perIp = intOption(values['connections-per-ip-per-second'], 'connections-per-ip-per-second');
  if (perIp !== undefined) {
    limits.connectionsPerIpPerSecond = perIp;
    limits.connectionBurstPerIp = Math.max(perIp * 10, 1);
  }

  // The log is stdout. If its reader goes away (`relay serve | tee relay.log`, then Ctrl-C ends
  // tee first), every write fails with EPIPE, emitted as an 'error' event on stdout that nobody
  // handled: it killed the relay (exit 1) at its next log line, before any flush or compaction.
  // The relay keeps serving and shuts down cleanly; only its log is lost.
  let logReader = true;
  process.stdout.on('error', () => (logReader = false));
  const log = jsonLineLogger((line) => {
    if (logReader) process.stdout.write(line);
  });
  const relay = createRelay({
    dbPath: values.db ?? DEFAULT_DB,
    limits,
    log,
    batching: !values['no-batching'],
    synchronous: sync,
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'shutting_down', { signal });
    relay.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log('error', 'shutdown_failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await relay.listen(port, values.host ?? '127.0.0.1');
}

function token(argv: string[]): void {
  const [action, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      db: { type: 'string' },
      workspace: { type: 'string' },
      user: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      token: { type: 'string' },
      id: { type: 'string' },
    },
    strict: true,
  });
  if (action !== 'create' && action !== 'list' && action !== 'revoke') throw new UsageError(`unknown token action ${action ?? '(none)'}`);
  const file = values.db ?? DEFAULT_DB;
  // Only `create` may bring a database into existence; a typo in --db must not look like "no tokens".
  if (action !== 'create' && !existsSync(file)) throw new Error(`no relay database at ${file}`);
  const store = openRelayStore(file);
  try {
    if (action === 'create') {
      if (!values.workspace || !values.user || !values.role) throw new UsageError('token create needs --workspace, --user and --role');
      const created = store.tokens.create({ workspace: values.workspace, userId: values.user, role: values.role, ...(values.name ? { displayName: values.name } : {}) });
      process.stdout.write(`created token ${created.tokenId} for ${created.userId} (${created.role}) in workspace ${created.workspace}\n`);
      process.stdout.write(`${created.token}\n`);
    } else if (action === 'list') {
      for (const record of store.tokens.list(values.workspace ? { workspace: values.workspace } : {})) {
        process.stdout.write(
          JSON.stringify({
            id: record.tokenId,
            workspace: record.workspace,
            user: record.userId,
            role: record.role,
            createdAt: new Date(record.createdAt).toISOString(),
            revokedAt: record.revokedAt === null ? null : new Date(record.revokedAt).toISOString(),
          }) + '\n',
        );
      }
    } else if (action === 'revoke') {
      if (!values.token === !values.id) throw new UsageError('token revoke needs exactly one of --token or --id');
      const revoked = store.tokens.revoke(values.token ? { token: values.token } : { tokenId: values.id as string });
      if (!revoked) {
        process.stderr.write('no such token\n');
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`revoked token ${revoked.tokenId} (${revoked.userId} in ${revoked.workspace})\n`);
    } else {
      throw new UsageError(`unknown token action ${action ?? '(none)'}`);
    }
  } finally {
    store.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'serve') await serve(rest);
  else if (command === 'token') token(rest);
  else if (command === 'archive') await archiveCommand(rest, DEFAULT_DB, (message) => new UsageError(message));
  else throw new UsageError(command ? `unknown command ${command}` : 'missing command');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  // Operator-facing: the message, not a stack (set RELAY_DEBUG=1 for the stack).
  const detail = error instanceof Error ? (process.env.RELAY_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
  process.stderr.write(`error: ${detail}\n`);
  process.exit(1);
});
