// A copy of the folded task list, kept so the next start can show an
// interactive (read-only) list before the Yjs document has loaded: decoding a
// 10,000-task document takes about a second, reading this copy a fraction.
// It is only a preview: the real list replaces it as soon as the replica is
// loaded, and nothing is ever written from it. Stale is harmless; missing is fine.
import type { TaskState } from '../../src-shared/domain/types';
import type { AppStore } from './app-store';

const DB_NAME = 'handoff-first-screen';
const STORE = 'snapshots';

interface Snapshot {
  savedAt: number;
  tasks: TaskState[];
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused to open the first-screen cache.'));
  });
}

export async function readFirstScreen(key: string): Promise<TaskState[] | null> {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(key);
      request.onsuccess = () => resolve((request.result as Snapshot | undefined)?.tasks ?? null);
      request.onerror = () => reject(request.error ?? new Error('Could not read the first-screen cache.'));
    });
  } finally {
    db.close();
  }
}

export async function writeFirstScreen(key: string, tasks: readonly TaskState[]): Promise<void> {
  const db = await open();
  try {
    await new Promise<void>((resolve, reject) => {
      const transaction = db.transaction(STORE, 'readwrite');
      transaction.objectStore(STORE).put({ savedAt: Date.now(), tasks: [...tasks] } satisfies Snapshot, key);
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error ?? new Error('Could not write the first-screen cache.'));
    });
  } finally {
    db.close();
  }
}

/** Save the list shortly after start, every minute while it changes, and when the page is hidden. */
export function keepFirstScreenFresh(store: AppStore, key: string): () => void {
  let savedTasks: readonly TaskState[] | null = null;
  const save = () => {
    const { tasks } = store.getState();
    if (tasks === savedTasks) return;
    savedTasks = tasks;
    writeFirstScreen(key, tasks).catch((error: unknown) => console.warn('Handoff: first-screen cache not saved:', error));
  };
  const onHidden = () => { if (document.visibilityState === 'hidden') save(); };
  const first = setTimeout(save, 3_000);
  const every = setInterval(save, 60_000);
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('pagehide', save);
  return () => {
    clearTimeout(first);
    clearInterval(every);
    document.removeEventListener('visibilitychange', onHidden);
    window.removeEventListener('pagehide', save);
  };
}
