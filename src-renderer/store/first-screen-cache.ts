// A copy of the folded task list, kept so the next start can show an
// interactive (read-only) list before the Yjs document has loaded: decoding a
// 10,000-task document takes about a second, reading this copy a fraction.
// It is only a preview: the real list replaces it as soon as the replica is
// loaded, and nothing is ever written from it. Stale is harmless; missing is fine.
//
// One record per task, written in small slices when the page is idle: cloning
// 10,000 tasks into one IndexedDB put held the page for 100–200 ms every minute
// (a j/k keystroke in that window missed its frame). A slice stops when the idle
// period ends, or after 25 tasks when the idle callback timed out: fixed 250-task
// slices took 10–25 ms each on a loaded machine, up to once a second for the first
// save of 10,000 tasks, and a keystroke that arrived during one waited for it.
// Only tasks whose folded state changed since the last save are written again.
import type { TaskState } from '../../src-shared/domain/types';
import type { AppStore } from './app-store';

const DB_NAME = 'handoff-first-screen';
const VERSION = 2;
/** Records keyed [workspace:user, taskId]; version 1 kept one 'snapshots' record per list. */
const TASKS = 'tasks';
/** At most this many tasks per write transaction (one idle period). */
const SLICE = 250;
/** Stop a slice with this much of the idle period left (ms): a put clones its task synchronously. */
const SLACK_MS = 2;
/**
 * A page that is rarely idle (the usual case: idle callbacks mostly time out) still saves
 * 250 tasks a second, as 25-task slices (a few ms each) ten times a second.
 */
const MIN_SLICE = 25;
const IDLE_TIMEOUT_MS = 100;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (db.objectStoreNames.contains('snapshots')) db.deleteObjectStore('snapshots');
      if (!db.objectStoreNames.contains(TASKS)) db.createObjectStore(TASKS);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused to open the first-screen cache.'));
  });
}

/** Every [key, taskId] record: arrays sort after strings, so [key, []] bounds the range. */
const rangeOf = (key: string) => IDBKeyRange.bound([key], [key, []]);

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('Could not write the first-screen cache.'));
    transaction.onabort = () => reject(transaction.error ?? new Error('The first-screen cache write was aborted.'));
  });
}

export async function readFirstScreen(key: string): Promise<TaskState[] | null> {
  const db = await open();
  try {
    const tasks = await new Promise<TaskState[]>((resolve, reject) => {
      const request = db.transaction(TASKS, 'readonly').objectStore(TASKS).getAll(rangeOf(key));
      request.onsuccess = () => resolve(request.result as TaskState[]);
      request.onerror = () => reject(request.error ?? new Error('Could not read the first-screen cache.'));
    });
    return tasks.length > 0 ? tasks : null;
  } finally {
    db.close();
  }
}

/** Resolves in an idle period with a test of whether the slice may go on. */
const idle = (): Promise<(written: number) => boolean> => new Promise((resolve) => {
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback((deadline) => resolve((written) => written < MIN_SLICE || (written < SLICE && !deadline.didTimeout && deadline.timeRemaining() > SLACK_MS)), { timeout: IDLE_TIMEOUT_MS });
  } else setTimeout(() => resolve((written) => written < MIN_SLICE), 0);
});

/**
 * Bring the cache to `tasks`: delete what is no longer listed, put what changed since `written`
 * (the objects last written, by id; empty on the first save), one idle slice at a time.
 * Returns the new `written` map.
 */
export async function writeFirstScreen(key: string, tasks: readonly TaskState[], written: ReadonlyMap<string, TaskState> = new Map()): Promise<Map<string, TaskState>> {
  const db = await open();
  try {
    const stored = written.size > 0
      ? [...written.keys()]
      : await new Promise<string[]>((resolve, reject) => {
        const request = db.transaction(TASKS, 'readonly').objectStore(TASKS).getAllKeys(rangeOf(key));
        request.onsuccess = () => resolve((request.result as [string, string][]).map(([, id]) => id));
        request.onerror = () => reject(request.error ?? new Error('Could not read the first-screen cache.'));
      });
    const listed = new Set(tasks.map((task) => task.id));
    const gone = stored.filter((id) => !listed.has(id));
    const changed = tasks.filter((task) => written.get(task.id) !== task);
    const next = new Map(tasks.map((task) => [task.id, task]));
    // Deletes are cheap (no clone): all in the first slice.
    let deletes = gone;
    for (let next = 0; next < changed.length || deletes.length > 0;) {
      const more = await idle();
      const transaction = db.transaction(TASKS, 'readwrite');
      const store = transaction.objectStore(TASKS);
      for (const id of deletes) store.delete([key, id]);
      deletes = [];
      for (let written = 0; next < changed.length && more(written); written += 1, next += 1) {
        const task = changed[next] as TaskState;
        store.put(task, [key, task.id]);
      }
      await done(transaction);
    }
    return next;
  } finally {
    db.close();
  }
}

/** Save the list shortly after start, every minute while it changes, and when the page is hidden. */
export function keepFirstScreenFresh(store: AppStore, key: string): () => void {
  let savedTasks: readonly TaskState[] | null = null;
  let written = new Map<string, TaskState>();
  let saving = false;
  const save = () => {
    const { tasks } = store.getState();
    if (tasks === savedTasks || saving) return;
    savedTasks = tasks;
    saving = true;
    writeFirstScreen(key, tasks, written)
      .then((next) => { written = next; })
      .catch((error: unknown) => {
        written = new Map(); // the next save rewrites everything
        savedTasks = null;
        console.warn('Handoff: first-screen cache not saved:', error);
      })
      .finally(() => { saving = false; });
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
