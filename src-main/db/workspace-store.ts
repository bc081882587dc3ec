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
import { openDatabase, type OpenedDatabase, type OpenDatabaseOptions } from './open-database';
import { readMeta, writeMeta } from './meta';
import { salvageUpdates, type SalvageResult } from './salvage';
import { YjsStore, type CompactResult, type LoadResult } from './yjs-store';
import type { AckState } from '../sync/ack-tracker';

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
  readonly yjs: YjsStore;
  /** What was read back from a file moved aside as corrupt (null if none was). */
  readonly salvage: SalvageResult | null;
  private lastUpdateId = 0;
  private pendingSinceCompaction = 0;
  private boundDoc: Y.Doc | null = null;

  private constructor(readonly db: OpenedDatabase, private readonly options: WorkspaceStoreOptions) {
    this.yjs = new YjsStore(db.sqlite);
    this.salvage = db.movedAside ? salvageUpdates(db.movedAside.movedTo, options.nativeBinding) : null;
    const stored = readMeta(db.orm, 'workspace_id');
    if (stored === null) writeMeta(db.orm, 'workspace_id', options.workspaceId);
    else if (stored !== options.workspaceId) {
      db.sqlite.close();
      throw new Error(`${db.file} holds workspace "${stored}", not "${options.workspaceId}"`);
    }
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
    const salvaged = this.salvage?.updates.length ?? 0;
    const lost = this.salvage?.error ? ` (reading stopped: ${this.salvage.error})` : '';
    return `The local copy of this workspace could not be read (${moved.reason}). It was moved to ${moved.movedTo}; ` +
      `${salvaged} stored change(s) were recovered from it${lost} and the rest is being restored from the relay.`;
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

  /** Loads the stored replica into `doc` (before `bind`). */
  load(doc: Y.Doc): LoadResult {
    const result = this.yjs.loadInto(doc, STORE_ORIGIN);
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
      doc.transact(() => {
        for (const update of this.salvage!.updates) Y.applyUpdate(doc, update);
      }, 'salvage');
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
    if (this.db.sqlite.open) {
      this.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      this.db.sqlite.close();
    }
  }
}
