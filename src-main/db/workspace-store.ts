// One workspace's local store: the SQLite file (opened, checked, migrated), the
// Yjs update log, the acknowledgement counters and the projection, bound to the
// live Y.Doc so that every update is persisted synchronously in the doc's
// 'update' event: when a command returns, its update is committed (and the
// projection rows it implies, in the same SQLite transaction).
//
// Invariant that makes compaction from the live doc correct: after `load`, the
// doc changes only through transactions whose updates this binding appends, so
// the doc reflects exactly the stored rows up to `lastUpdateId`.
import * as Y from 'yjs';
import { closeDatabase, isCorruption, openDatabase, type OpenedDatabase, type OpenDatabaseOptions } from './open-database';
import { readMeta, writeMeta } from './meta';
import { salvageUpdates, type SalvageResult } from './salvage';
import { UndecodableUpdateError, YjsStore, type CompactResult, type LoadResult } from './yjs-store';
import type { AckState } from '../../src-shared/protocol/ack-tracker';

/** Origin of the transaction that loads the stored state into the doc: never re-persisted. */
export const STORE_ORIGIN = Symbol('handoff.store');

export interface ProjectionHook {
  /** Called inside the SQLite transaction that appends an update: write the rows it implies. */
  flush(): void;
}

export interface BindOptions {
  /** Updates with these origins came from elsewhere (the relay): persisted as 'remote', not counted. */
  isRemote: (origin: unknown) => boolean;
  /** Called inside the transaction for a local update (e.g. AckTracker.localUpdate, persisted by onAckChange). */
  onLocalUpdate?: () => void;
  /** Called after the transaction committed. */
  afterCommit?: (local: boolean) => void;
  projection?: ProjectionHook;
}

export interface WorkspaceStoreOptions extends OpenDatabaseOptions {
  file: string;
  workspaceId: string;
  /** Fold the update log into a snapshot once it holds this many rows. */
  compactAfterUpdates?: number;
}

export class WorkspaceStore {
  private current: { db: OpenedDatabase; yjs: YjsStore; salvage: SalvageResult | null };
  private lastUpdateId = 0;
  private pendingSinceCompaction = 0;
  private boundDoc: Y.Doc | null = null;
  private undecodableSalvage = 0;
  /** The doc holds state from a file that was moved aside during load, not yet stored in the new one. */
  private unstoredLoad = false;

  private constructor(db: OpenedDatabase, private readonly options: WorkspaceStoreOptions) {
    this.current = this.adopt(db);
  }

  /** The open file (replaced if load finds it corrupt: callers read it after load). */
  get db(): OpenedDatabase {
    return this.current.db;
  }

  get yjs(): YjsStore {
    return this.current.yjs;
  }

  /** What was read back from a file moved aside as corrupt (null if none was). */
  get salvage(): SalvageResult | null {
    return this.current.salvage;
  }

  private adopt(db: OpenedDatabase) {
    const salvage = db.movedAside ? salvageUpdates(db.movedAside.movedTo, this.options.nativeBinding) : null;
    const stored = readMeta(db.orm, 'workspace_id');
    if (stored === null) writeMeta(db.orm, 'workspace_id', this.options.workspaceId);
    else if (stored !== this.options.workspaceId) {
      db.sqlite.close();
      throw new Error(`${db.file} holds workspace "${stored}", not "${this.options.workspaceId}"`);
    }
    return { db, yjs: new YjsStore(db.sqlite), salvage };
  }

  static open(options: WorkspaceStoreOptions): WorkspaceStore {
    return new WorkspaceStore(openDatabase(options.file, options), options);
  }

  get sqlite() {
    return this.db.sqlite;
  }

  get orm() {
    return this.db.orm;
  }

  /** A human sentence about a file that had to be moved aside, or null. */
  recoveryMessage(): string | null {
    const moved = this.db.movedAside;
    if (!moved) return null;
    const salvaged = (this.salvage?.updates.length ?? 0) - this.undecodableSalvage;
    const lost = [
      this.salvage?.error ? `reading stopped: ${this.salvage.error}` : null,
      this.undecodableSalvage > 0 ? `${this.undecodableSalvage} could not be decoded` : null,
    ].filter(Boolean);
    return `The local copy of this workspace could not be read (${moved.reason}). It was moved to ${moved.movedTo}; ` +
      `${salvaged} stored change(s) were recovered from it${lost.length > 0 ? ` (${lost.join('; ')})` : ''} ` +
      'and the rest is being restored from the relay.';
  }

  ackState(): AckState {
    const raw = readMeta(this.orm, 'ack_state');
    if (raw === null) return { made: 0, acknowledged: 0 };
    const parsed = JSON.parse(raw) as AckState;
    return { made: parsed.made, acknowledged: parsed.acknowledged };
  }

  saveAckState(state: AckState): void {
    writeMeta(this.orm, 'ack_state', JSON.stringify(state));
  }

  /**
   * Loads the stored replica into `doc` (before `bind`). A file whose pages turn
   * out corrupt on this read, or holding a row Yjs cannot decode, is moved aside
   * and replaced by a fresh one; the relay and the salvaged rows refill it. What
   * `doc` already received came from that file, and Yjs updates are idempotent,
   * so it stays.
   */
  load(doc: Y.Doc): LoadResult {
    let result: LoadResult;
    try {
      result = this.yjs.loadInto(doc, STORE_ORIGIN);
    } catch (error) {
      if (!(isCorruption(error) || error instanceof UndecodableUpdateError) || this.db.movedAside) throw error;
      this.db.sqlite.close();
      this.current = this.adopt(openDatabase(this.options.file, { ...this.options, moveAsideReason: error.message }));
      result = this.yjs.loadInto(doc, STORE_ORIGIN);
      // What the failed load already put into `doc` is in no file now: bind stores it.
      this.unstoredLoad = true;
    }
    this.lastUpdateId = result.lastUpdateId;
    this.pendingSinceCompaction = result.rowsApplied;
    return result;
  }

  /**
   * Persists every later update of `doc`. Salvaged updates from a moved-aside
   * file are applied right after binding, as local changes (the relay may not
   * have them). Returns the unbind function.
   */
  bind(doc: Y.Doc, options: BindOptions): () => void {
    if (this.boundDoc) throw new Error('store already bound to a document');
    this.boundDoc = doc;
    const persist = this.sqlite.transaction((update: Uint8Array, local: boolean) => {
      this.lastUpdateId = this.yjs.append(update, local ? 'local' : 'remote');
      if (local) options.onLocalUpdate?.();
      options.projection?.flush();
    });
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === STORE_ORIGIN) return;
      const local = !options.isRemote(origin);
      persist(update, local);
      this.pendingSinceCompaction += 1;
      options.afterCommit?.(local);
    };
    doc.on('update', onUpdate);
    if (this.salvage && this.salvage.updates.length > 0) {
      const updates = this.salvage.updates;
      // One transaction (one stored row), but row by row inside it: a damaged row
      // must not keep the readable ones out. Counted and reported in recoveryMessage.
      doc.transact(() => {
        for (const update of updates) {
          try {
            Y.applyUpdate(doc, update, 'salvage');
          } catch {
            this.undecodableSalvage += 1;
          }
        }
      }, 'salvage');
    }
    if (this.unstoredLoad) {
      this.unstoredLoad = false;
      if (doc.store.clients.size > 0) onUpdate(Y.encodeStateAsUpdate(doc), 'salvage');
    }
    return () => {
      doc.off('update', onUpdate);
      this.boundDoc = null;
    };
  }

  /** Compacts when the update log has grown past the threshold (or always with force). */
  compactIfNeeded(force = false): CompactResult {
    const threshold = this.options.compactAfterUpdates ?? 1000;
    if (!force && this.pendingSinceCompaction < threshold) return { compacted: false, skipped: 'nothing_to_compact', foldedUpdates: 0 };
    const result = this.boundDoc ? this.yjs.compactFrom(this.boundDoc, this.lastUpdateId) : this.yjs.compact();
    if (result.compacted) this.pendingSinceCompaction = 0;
    return result;
  }

  close(): void {
    closeDatabase(this.db.sqlite);
  }
}
