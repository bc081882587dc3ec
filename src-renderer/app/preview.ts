// The read-only preview shown while the replica loads (see first-screen-cache):
// a store over the cached task list whose repository refuses every command, and
// a host stub that says it is still opening. Navigation works; changes wait.
import * as Y from 'yjs';
import { createRepository } from '../../src-shared/doc/repository';
import type { TaskState } from '../../src-shared/domain/types';
import { createObservable, type ConnectionState, type Identity, type ReplicaHost } from '../host/host';
import type { RepositoryPort } from '../model/repository-port';
import { createAppStore } from '../store/app-store';
import { memoryPendingDismissals } from '../store/pending-dismissals';
import type { AppServices } from './store-context';

const COMMANDS = new Set([
  'create', 'dispatch', 'edit', 'assign', 'transition', 'schedule', 'submit', 'approve', 'reject', 'requestChanges',
  'complete', 'dismiss', 'reopen', 'snooze', 'unsnooze', 'comment', 'addChecklistItem', 'acknowledgeHandoff', 'handOff',
  'createFromTemplate', 'updateSettings', 'saveTemplate',
]);

function readOnly(repository: RepositoryPort): RepositoryPort {
  const refusal = { ok: false as const, error: { code: 'invalid_payload' as const, message: 'Still opening the local replica; try again in a moment.' } };
  return new Proxy(repository, {
    get(target, property, receiver) {
      if (typeof property === 'string' && COMMANDS.has(property)) return () => refusal;
      return Reflect.get(target, property, receiver);
    },
  });
}

export const firstScreenKey = (identity: Identity) => `${identity.workspaceId}:${identity.userId}`;

export function previewServices(identity: Identity, tasks: TaskState[], signOut: () => void): AppServices {
  const doc = new Y.Doc();
  const repository = readOnly(createRepository(doc, { actor: identity.userId }));
  const store = createAppStore({ repository, me: identity.userId, pendingStorage: memoryPendingDismissals() });
  store.getState().showSnapshot(tasks);
  const host: ReplicaHost = {
    kind: 'browser',
    identity,
    doc,
    whenLoaded: Promise.resolve(),
    connection: createObservable<ConnectionState>({ state: 'connecting', unacknowledged: 0, reason: 'Opening the local replica…' }),
    awareness: null,
    destroy: async () => { doc.destroy(); },
  };
  return { store, host, repository, signOut, preview: true };
}
