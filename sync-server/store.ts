// The relay's storage door: one SQLite file holding tokens and room updates.
import { TokenRegistry, type CreatedToken } from './auth';
import { openRelayDatabase, type OpenedDatabase, type SynchronousMode } from './db/open';
import { RoomPersistence } from './persistence';

export interface RelayStore {
  readonly file: string;
  readonly tokens: TokenRegistry;
  readonly rooms: RoomPersistence;
  readonly database: OpenedDatabase;
  close(): void;
}

export function openRelayStore(file: string, options: { synchronous?: SynchronousMode } = {}): RelayStore {
  const database = openRelayDatabase(file, options);
  return {
    file,
    database,
    tokens: new TokenRegistry(database.db, Date.now, database.sqlite),
    rooms: new RoomPersistence(database.db),
    close: () => database.close(),
  };
}

/**
 * Creates a token (for tests and the CLI). Given a path, opens the database, writes the token and
 * closes it again, which is safe while a relay serves the same file (WAL + busy timeout).
 */
export function createToken(
  target: string | RelayStore,
  input: { workspace: string; user: string; role: string; displayName?: string },
): CreatedToken {
  const store = typeof target === 'string' ? openRelayStore(target) : target;
  try {
    return store.tokens.create({ workspace: input.workspace, userId: input.user, role: input.role, ...(input.displayName ? { displayName: input.displayName } : {}) });
  } finally {
    if (typeof target === 'string') store.close();
  }
}

export function revokeToken(target: string | RelayStore, by: { token: string } | { tokenId: string }) {
  const store = typeof target === 'string' ? openRelayStore(target) : target;
  try {
    return store.tokens.revoke(by);
  } finally {
    if (typeof target === 'string') store.close();
  }
}
