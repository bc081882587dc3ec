// The Yjs replica on disk: an append-only `yjs_updates` log plus one compacted
// snapshot. Invariants:
//   - an update is appended (and committed, synchronous=FULL) before anything
//     that depends on it is reported done;
//   - compaction replaces "snapshot + updates <= N" by "snapshot' covering N" in
//     ONE transaction, and only from a document with no missing dependencies
//     (no pending structs / delete sets): otherwise the old rows are kept as-is;
//   - nothing here deletes an update that is not folded into a stored snapshot.
import * as Y from 'yjs';
import type { Sqlite } from './open-database';

export type UpdateOrigin = 'local' | 'remote';

export interface LoadResult {
  /** Rows applied (snapshot counts as one). */
  rowsApplied: number;
  /** Highest yjs_updates.id now reflected in the document (0 if none). */
  lastUpdateId: number;
  /** True when some update depends on one we do not have (it stays pending in the doc, and on disk). */
  missingDependencies: boolean;
}

export interface CompactResult {
  compacted: boolean;
  /** Why compaction did not run, when it did not. */
  skipped?: 'nothing_to_compact' | 'missing_dependencies';
  foldedUpdates: number;
}

/** A stored row that Yjs cannot decode: the file is damaged inside a value SQLite itself could read. */
export class UndecodableUpdateError extends Error {
  constructor(what: string, cause: unknown) {
    super(`${what} cannot be decoded (${(cause as Error).message})`);
    this.name = 'UndecodableUpdateError';
  }
}

function applyRow(doc: Y.Doc, data: Uint8Array, origin: unknown, what: string): void {
  try {
    Y.applyUpdate(doc, data, origin);
  } catch (error) {
    throw new UndecodableUpdateError(what, error);
  }
}

/** True when the doc holds structs or deletions whose dependencies never arrived. */
export function hasMissingDependencies(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

export class YjsStore {
  private readonly insertUpdate;
  private readonly selectSnapshot;
  private readonly selectUpdatesAfter;
  private readonly countUpdates;

  constructor(private readonly sqlite: Sqlite) {
    this.insertUpdate = sqlite.prepare('INSERT INTO yjs_updates (data, origin, created_at) VALUES (?, ?, ?)');
    this.selectSnapshot = sqlite.prepare(
      'SELECT data, up_to_update_id AS upTo FROM yjs_snapshots ORDER BY id DESC LIMIT 1',
    );
    this.selectUpdatesAfter = sqlite.prepare('SELECT id, data FROM yjs_updates WHERE id > ? ORDER BY id');
    this.countUpdates = sqlite.prepare('SELECT count(*) AS n FROM yjs_updates');
  }

  /** Appends one update; call inside the caller's transaction to commit it with what it implies. */
  append(update: Uint8Array, origin: UpdateOrigin, at = Date.now()): number {
    const info = this.insertUpdate.run(Buffer.from(update.buffer, update.byteOffset, update.byteLength), origin, at);
    return Number(info.lastInsertRowid);
  }

  updateCount(): number {
    return (this.countUpdates.get() as { n: number }).n;
  }

  /** Applies the snapshot and every later update to `doc` in one Yjs transaction with `origin`. */
  loadInto(doc: Y.Doc, origin: unknown): LoadResult {
    const snapshot = this.selectSnapshot.get() as { data: Buffer; upTo: number } | undefined;
    const from = snapshot?.upTo ?? 0;
    const rows = this.selectUpdatesAfter.all(from) as { id: number; data: Buffer }[];
    doc.transact(() => {
      if (snapshot) applyRow(doc, snapshot.data, origin, 'the snapshot');
      for (const row of rows) applyRow(doc, row.data, origin, `update ${row.id}`);
    }, origin);
    return {
      rowsApplied: rows.length + (snapshot ? 1 : 0),
      lastUpdateId: rows.length > 0 ? rows[rows.length - 1]!.id : from,
      missingDependencies: hasMissingDependencies(doc),
    };
  }

  /**
   * Folds everything up to `upToUpdateId` into a new snapshot taken from `doc`.
   * The caller guarantees `doc` reflects exactly the stored rows up to that id
   * (WorkspaceStore does: every doc update is appended synchronously).
   */
  compactFrom(doc: Y.Doc, upToUpdateId: number): CompactResult {
    if (hasMissingDependencies(doc)) return { compacted: false, skipped: 'missing_dependencies', foldedUpdates: 0 };
    const state = Y.encodeStateAsUpdate(doc);
    const vector = Y.encodeStateVector(doc);
    const result = this.sqlite.transaction((): CompactResult => {
      const folded = this.sqlite.prepare('SELECT count(*) AS n FROM yjs_updates WHERE id <= ?').get(upToUpdateId) as { n: number };
      const current = this.selectSnapshot.get() as { upTo: number } | undefined;
      if (folded.n === 0 && current !== undefined) return { compacted: false, skipped: 'nothing_to_compact', foldedUpdates: 0 };
      this.sqlite
        .prepare('INSERT INTO yjs_snapshots (data, state_vector, up_to_update_id, created_at) VALUES (?, ?, ?, ?)')
        .run(Buffer.from(state), Buffer.from(vector), upToUpdateId, Date.now());
      this.sqlite.prepare('DELETE FROM yjs_snapshots WHERE id < (SELECT max(id) FROM yjs_snapshots)').run();
      this.sqlite.prepare('DELETE FROM yjs_updates WHERE id <= ?').run(upToUpdateId);
      return { compacted: true, foldedUpdates: folded.n };
    }).immediate();
    // Give the pages of the folded rows back (a no-op on files created without auto_vacuum).
    if (result.compacted) this.sqlite.pragma('incremental_vacuum');
    return result;
  }

  /** Compacts from the rows themselves (a fresh doc), for callers without a live doc. */
  compact(): CompactResult {
    const doc = new Y.Doc({ gc: true });
    try {
      const loaded = this.loadInto(doc, 'compact');
      if (loaded.missingDependencies) return { compacted: false, skipped: 'missing_dependencies', foldedUpdates: 0 };
      return this.compactFrom(doc, loaded.lastUpdateId);
    } finally {
      doc.destroy();
    }
  }
}
