// Main's IPC handlers as plain functions over the current session (the open
// workspace replica). They receive inputs already parsed by dispatch.ts; the
// object `satisfies IpcHandlers`, so a channel added to the contract without a
// handler (or with the wrong types) is a compile error.
import { CSV_COLUMNS, type IpcHandlers, type InvokeInput } from '../../src-shared/protocol/ipc';
import type { RefusalExport } from '../../src-shared/doc/refusal-recovery';
import type { TaskState } from '../../src-shared/domain/types';
import { exportCsv } from '../../src-shared/export/export-csv';
import { exportIcs } from '../../src-shared/export/export-ics';
import { exportWorkspaceJson } from '../../src-shared/export/export-json';
import type { WorkspaceReplica } from '../replica/workspace-replica';
import type { TaskQueries } from '../db/queries';
import type { ConnectionState } from '../sync/sync-client';
import type { DocSyncPeer } from './doc-sync-peer';

export interface Session {
  /** The full replica (reading it may load the Y.Doc: keep it out of the first-screen path). */
  readonly replica: WorkspaceReplica;
  /** Projection queries, answerable before the Y.Doc is loaded. */
  readonly queries: TaskQueries;
  identity: { workspaceId: string; userId: string; displayName: string };
  /** A message about a store that had to be moved aside, shown once to the operator. */
  recovery: string | null;
  connection: ConnectionState;
}

export interface HandlerDeps {
  session(): Session;
  /** The doc-sync peer of the renderer with this webContents id (created on first use). */
  peerFor(senderId: number): DocSyncPeer;
  /** Shows a save dialog and writes the file; null when the operator cancelled. */
  saveExport(suggestedName: string, contents: string): Promise<string | null>;
  signIn(input: InvokeInput<'session:sign-in'>): Promise<ConnectionState>;
  setSyncEnabled(enabled: boolean): ConnectionState;
  refusals(): RefusalExport | null;
  dismissRefusals(): void;
  now(): Date;
}

const EXTENSION = { json: 'json', ics: 'ics', csv: 'csv' } as const;

export function createHandlers(deps: HandlerDeps) {
  const queries = () => deps.session().queries;
  return {
    'replica:hello': () => {
      const session = deps.session();
      return { identity: session.identity, connection: session.connection, recovery: session.recovery };
    },
    'replica:message': ({ message }, sender) => {
      deps.peerFor(sender.id).receive(message);
      return null;
    },
    'tasks:first-screen': () => ({ tasks: queries().all() }),
    'tasks:search': ({ text, limit }) => ({ tasks: queries().search(text, limit) }),
    'tasks:my-day': ({ endOfDay }) => ({ tasks: queries().myDay(deps.session().identity.userId, new Date(endOfDay)) }),
    'tasks:overdue': ({ now }) => ({ tasks: queries().overdue(new Date(now), deps.session().identity.userId) }),
    'export:save': async ({ format, columns, taskIds }) => {
      const session = deps.session();
      const now = deps.now();
      const { repository } = session.replica;
      let contents: string;
      if (format === 'json') contents = exportWorkspaceJson(repository, session.identity.workspaceId, now);
      else if (format === 'ics') contents = exportIcs(repository.view.all(), { now, workspaceId: session.identity.workspaceId });
      else {
        const rows = taskIds
          ? taskIds.map((id) => repository.view.get(id)).filter((t): t is TaskState => t !== undefined)
          : [...repository.view.all()];
        contents = exportCsv(rows, columns ?? CSV_COLUMNS);
      }
      const day = now.toISOString().slice(0, 10);
      const path = await deps.saveExport(`handoff-${session.identity.workspaceId}-${day}.${EXTENSION[format]}`, contents);
      return { saved: path !== null, path };
    },
    'session:sign-in': async (input) => ({ connection: await deps.signIn(input) }),
    'sync:set-enabled': ({ enabled }) => ({ connection: deps.setSyncEnabled(enabled) }),
    'refusals:get': () => ({ refusals: deps.refusals() }),
    'refusals:dismiss': () => {
      deps.dismissRefusals();
      return null;
    },
  } satisfies IpcHandlers;
}
