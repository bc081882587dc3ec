// A copy of the folded task list, kept so the next start can show an
// interactive (read-only) list before the Yjs document has loaded: decoding a
// 10,000-task document takes about a second, reading this copy a fraction.
// It is only a preview: the real list replaces it as soon as the replica is
// loaded, and nothing is ever written from it. Stale is harmless; missing is fine.
//
// Tasks are kept in BUCKETS records by a hash of their id, written in idle slices: cloning
// 10,000 tasks into one IndexedDB put held the page for 100–200 ms every minute (a j/k
// keystroke in that window missed its frame), and one record per task made the next start's
// read of 10,000 records slower than the read of one. A save rewrites only the buckets
// holding a task whose folded state changed (or left the list) since the last save, as
// many as fit in an idle period, at least one per idle callback (~150 tasks, a few ms).
import type { TaskState } from '../../src-shared/domain/types';
import type { AppStore } from './app-store';

const DB_NAME = 'handoff-first-screen';
const VERSION = 3;
/** Records keyed [workspace:user, bucket]; version 1 kept one 'snapshots' record, version 2 one per task. */
const BUCKETS_STORE = 'buckets';
const BUCKETS = 64;
/** Stop a slice with this much of the idle period left (ms): a put clones its bucket synchronously. */
const SLACK_MS = 4;
const IDLE_TIMEOUT_MS = 100;

/** A task's bucket: FNV-1a over its id, so a task stays in its bucket from save to save. */
export function bucketOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % BUCKETS;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const old of ['snapshots', 'tasks']) if (db.objectStoreNames.contains(old)) db.deleteObjectStore(old);
      if (!db.objectStoreNames.contains(BUCKETS_STORE)) db.createObjectStore(BUCKETS_STORE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused to open the first-screen cache.'));
  });
}

/** Every [key, bucket] record: arrays sort after numbers, so [key, []] bounds the range. */
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
      const request = db.transaction(BUCKETS_STORE, 'readonly').objectStore(BUCKETS_STORE).getAll(rangeOf(key));
      request.onsuccess = () => resolve((request.result as TaskState[][]).flat());
      request.onerror = () => reject(request.error ?? new Error('Could not read the first-screen cache.'));
    });
    return tasks.length > 0 ? tasks : null;
  } finally {
    db.close();
  }
}

/** Resolves in an idle period with a test of whether the slice may go on. */
const idle = (): Promise<() => boolean> => new Promise((resolve) => {
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback((deadline) => resolve(() => !deadline.didTimeout && deadline.timeRemaining() > SLACK_MS), { timeout: IDLE_TIMEOUT_MS });
  } else setTimeout(() => resolve(() => false), 0);
});

/**
 * Bring the cache to `tasks`: rewrite the buckets holding a task that changed since `written`
 * (the objects last written, by id; empty on the first save: every bucket) or that left the list,
 * delete buckets left empty, a few buckets per idle period. Returns the new `written` map.
 */
export async function writeFirstScreen(key: string, tasks: readonly TaskState[], written: ReadonlyMap<string, TaskState> = new Map()): Promise<Map<string, TaskState>> {
  const buckets: TaskState[][] = Array.from({ length: BUCKETS }, () => []);
  const dirty = new Set<number>(written.size === 0 ? buckets.keys() : []);
  const next = new Map<string, TaskState>();
  for (const task of tasks) {
    const bucket = bucketOf(task.id);
    (buckets[bucket] as TaskState[]).push(task);
    next.set(task.id, task);
    if (written.get(task.id) !== task) dirty.add(bucket);
  }
  for (const id of written.keys()) if (!next.has(id)) dirty.add(bucketOf(id));
  const order = [...dirty];
  const db = await open();
  try {
    for (let at = 0; at < order.length;) {
      const more = await idle();
      const transaction = db.transaction(BUCKETS_STORE, 'readwrite');
      const store = transaction.objectStore(BUCKETS_STORE);
      do {
        const bucket = order[at] as number;
        const held = buckets[bucket] as TaskState[];
        if (held.length > 0) store.put(held, [key, bucket]);
        else store.delete([key, bucket]);
        at += 1;
      } while (at < order.length && more());
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
