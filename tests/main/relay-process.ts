// The real relay for main's integration tests: the shared child-process helper
// (tests/support/relay-process.ts) with main's names for it.
import { relayCli, startRelayProcess, waitFor as poll, type RelayProcess } from '../support/relay-process';

export { repoRoot } from '../support/relay-process';

export interface Relay {
  port: number;
  url: string;
  child: RelayProcess['child'];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startRelay(db: string, port = 0): Promise<Relay> {
  const relay = await startRelayProcess(db, [], port);
  return {
    port: relay.port,
    url: `ws://127.0.0.1:${relay.port}`,
    child: relay.child,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      await relay.stop(signal);
    },
  };
}

export function createToken(db: string, workspace: string, user: string, role = 'operator'): Promise<string> {
  return relayCli(['token', 'create', '--db', db, '--workspace', workspace, '--user', user, '--role', role]);
}

export async function revokeToken(db: string, token: string): Promise<void> {
  await relayCli(['token', 'revoke', '--db', db, '--token', token]);
}

/** main's tests name the condition before the timeout. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  await poll(condition, timeoutMs, what);
}
