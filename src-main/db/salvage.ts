// Reads whatever Yjs rows can still be read from a file that was moved aside as
// corrupt. Yjs updates are idempotent and commute, so re-applying a readable
// subset is always safe; what could not be read is reported, never hidden, and
// the relay supplies everything it holds.
import Database from 'better-sqlite3';

export interface SalvageResult {
  updates: Uint8Array[];
  /** Why reading stopped early, if it did. */
  error: string | null;
}

export function salvageUpdates(file: string, nativeBinding?: string): SalvageResult {
  const updates: Uint8Array[] = [];
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (error) {
    return { updates, error: `could not open: ${(error as Error).message}` };
  }
  try {
    for (const table of ['yjs_snapshots', 'yjs_updates']) {
      for (const row of sqlite.prepare(`SELECT data FROM ${table} ORDER BY id`).iterate() as Iterable<{ data: Buffer }>) {
        updates.push(new Uint8Array(row.data));
      }
    }
    return { updates, error: null };
  } catch (error) {
    return { updates, error: (error as Error).message };
  } finally {
    sqlite.close();
  }
}
