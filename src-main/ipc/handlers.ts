// Main's IPC handlers over one signed-in session (the open workspace replica), as
// plain functions. They receive inputs already parsed by dispatch.ts. Signing in
// and out replace the session itself, so the app (replica/desktop-app.ts) answers
// those; together the two objects `satisfies IpcHandlers`, so a channel added to
// the contract without a handler (or with the wrong types) is a compile error.
import type { IpcHandlers } from '../../src-shared/protocol/ipc';
import type { RefusalExport } from '../../src-shared/doc/refusal-recovery';
import type { TaskQueries } from '../db/queries';
import type { ConnectionState } from '../sync/sync-client';
import type { DocSyncPeer } from './doc-sync-peer';
import type { DesktopArchive } from '../replica/desktop-archive';

/** The channels the app answers whether or not anyone is signed in. */
export type AppChannel = 'session:sign-in' | 'session:sign-out';
export type SessionHandlers = Omit<IpcHandlers, AppChannel>;

export interface Session {
  /** Projection queries, answerable before the Y.Doc is loaded. */
  readonly queries: TaskQueries;
  identity: { workspaceId: string; userId: string; displayName: string };
  /** A message about a store that had to be moved aside, shown once to the operator. */
  recovery: string | null;
  connection: ConnectionState;
  overdueCount: number;
}

export interface HandlerDeps {
  session(): Session;
  /** The doc-sync peer of the renderer with this webContents id (created on first use). */
  peerFor(senderId: number): DocSyncPeer;
  refusals(): RefusalExport | null;
  dismissRefusals(): void;
  /** The relay's archive with main's cache (replica/desktop-archive.ts); null: no relay configured. */
  archive(): Pick<DesktopArchive, 'search' | 'task' | 'postEvents'> | null;
}

export function createHandlers(deps: HandlerDeps) {
  return {
    'replica:hello': () => {
      const session = deps.session();
      return { identity: session.identity, connection: session.connection, recovery: session.recovery, overdueCount: session.overdueCount };
    },
    'replica:message': ({ message }, sender) => {
      deps.peerFor(sender.id).receive(message);
      return null;
    },
    'tasks:first-screen': () => ({ tasks: deps.session().queries.all() }),
    'refusals:get': () => ({ refusals: deps.refusals() }),
    'refusals:dismiss': () => {
      deps.dismissRefusals();
      return null;
    },
    'archive:search': async ({ q, before }) => (await deps.archive()?.search(q, before)) ?? { tasks: [], next: null, total: 0, offline: true },
    'archive:task': async ({ taskId }) => ({ found: (await deps.archive()?.task(taskId)) ?? null }),
    'archive:post-events': async ({ taskId, events }) => {
      const archive = deps.archive();
      if (!archive) throw new Error('no relay is configured: an archived task cannot be changed from here');
      return archive.postEvents(taskId, events);
    },
  } satisfies SessionHandlers;
}
