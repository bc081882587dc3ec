// Main's replica of one workspace: the SQLite store, the Y.Doc loaded from it,
// the repository (fold + commands) with its projection, and the sync client.
//
// Opening is two steps so the first screen does not wait for Yjs:
//   openWorkspaceFile()  -> the store and projection queries (milliseconds)
//   replica.load()       -> the Y.Doc, repository, projection feed, sync client
// Origins: updates applied by the relay provider are 'remote'; everything else
// (commands in main, the renderer's edits over IPC, salvaged updates) is a local
// change of this device, counted until the relay acknowledges it.
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { createRepository, type TaskRepository } from '../../src-shared/doc/repository';
import { Projection } from '../db/projection';
import { TaskQueries } from '../db/queries';
import { WorkspaceStore, type WorkspaceStoreOptions } from '../db/workspace-store';
import type { LoadResult } from '../db/yjs-store';
import { AckTracker } from '../../src-shared/protocol/ack-tracker';
import { connectionStateOf, initialRelayState } from '../../src-shared/protocol/relay-client';
import { SyncClient, type ConnectionState } from '../sync/sync-client';

export interface RelayConfig {
  url: string;
  token: string;
  maxBackoffMs?: number;
}

export interface ReplicaOptions extends WorkspaceStoreOptions {
  /** The signed-in user of this device: actor of its events, owner for My Day and notifications. */
  userId: string;
  relay?: RelayConfig | null;
  /** The relay refused one of this device's updates: rebuild (refusal-rebuild.ts). Without it, sign out. */
  onRefused?: (reason: string) => void;
  /** The generation of the live document this file holds (generation-files.ts); synced as `?gen=N`. */
  generation?: number;
  /** The relay moved to a newer generation (4410): move the replica (generation-move.ts). */
  onGenerationMoved?: (generation: number) => void;
}

/** Origin of the relay's state written into a rebuilt replica: remote, not this device's change. */
export const REBUILT_FROM_RELAY = Symbol('handoff.rebuilt-from-relay');

export function openWorkspaceFile(options: WorkspaceStoreOptions): { store: WorkspaceStore; queries: TaskQueries } {
  const store = WorkspaceStore.open(options);
  return { store, queries: new TaskQueries(store.sqlite) };
}

export class WorkspaceReplica {
  readonly doc = new Y.Doc();
  /**
   * Presence shared by the relay connection and the renderers. Main itself has
   * no presence (local state null): the renderer publishes the operator's.
   */
  readonly awareness = new Awareness(this.doc);
  readonly queries: TaskQueries;
  readonly tracker: AckTracker;
  readonly projection: Projection;
  readonly repository: TaskRepository;
  readonly loadResult: LoadResult;
  sync: SyncClient | null = null;
  private unbind: (() => void) | null = null;
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private localOnly: ConnectionState;
  private compactTimer: NodeJS.Timeout | null = null;
  /** Further origins of the relay's state (a generation move's connection: generation-move.ts). */
  private readonly relayOrigins = new Set<unknown>();

  /** Loads the Yjs state (the store may replace a corrupt file here), then starts the fold, the projection feed and sync. */
  constructor(readonly store: WorkspaceStore, readonly options: ReplicaOptions, connectNow = true) {
    this.loadResult = store.load(this.doc);
    this.queries = new TaskQueries(store.sqlite);
    this.projection = new Projection(store.sqlite, store.orm);
    this.tracker = new AckTracker(store.ackState(), (state) => store.saveAckState(state));
    this.awareness.setLocalState(null);
    this.localOnly = connectionStateOf(initialRelayState({ configured: false }), this.tracker.unacknowledged);
    this.repository = createRepository(this.doc, { actor: options.userId });
    this.projection.attach(this.repository.view);
    this.unbind = store.bind(this.doc, {
      isRemote: (origin) => origin === REBUILT_FROM_RELAY || this.relayOrigins.has(origin) || (this.sync !== null && origin === this.sync.provider),
      onLocalUpdate: () => this.tracker.localUpdate(),
      projection: this.projection,
      afterCommit: (local) => {
        if (local) this.sync?.localUpdate();
        if (local && !this.sync) this.emit({ ...this.localOnly, unacknowledged: this.tracker.unacknowledged });
        this.scheduleCompaction();
      },
    });
    if (options.relay && connectNow) this.connect(options.relay);
  }

  /** `connect: false` opens it without syncing until `connect()` (a generation move fills it first). */
  static open(options: ReplicaOptions, { connect = true }: { connect?: boolean } = {}): WorkspaceReplica {
    return new WorkspaceReplica(WorkspaceStore.open(options), options, connect);
  }

  /** Updates applied with this origin come from the relay: stored as remote, not counted as this device's. */
  trustRelayOrigin(origin: unknown): void {
    this.relayOrigins.add(origin);
  }

  get connection(): ConnectionState {
    return this.sync?.state ?? { ...this.localOnly, unacknowledged: this.tracker.unacknowledged };
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  connect(relay: RelayConfig): void {
    this.sync?.destroy();
    this.sync = new SyncClient({
      relayUrl: relay.url,
      workspaceId: this.options.workspaceId,
      token: relay.token,
      doc: this.doc,
      tracker: this.tracker,
      awareness: this.awareness,
      ...(relay.maxBackoffMs !== undefined ? { maxBackoffMs: relay.maxBackoffMs } : {}),
      onState: (state) => this.emit(state),
      ...(this.options.onRefused ? { onRefused: this.options.onRefused } : {}),
      generation: this.options.generation ?? 0,
      ...(this.options.onGenerationMoved ? { onGenerationMoved: this.options.onGenerationMoved } : {}),
    });
  }

  /** Pause (work offline on purpose) or resume syncing with the relay. */
  setSyncEnabled(enabled: boolean): ConnectionState {
    if (enabled) this.sync?.connect();
    else this.sync?.disconnect();
    return this.connection;
  }

  close(): void {
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.sync?.destroy();
    this.sync = null;
    this.awareness.destroy();
    // Anything a membership refold left pending is written before closing.
    this.store.sqlite.transaction(() => this.projection.flush())();
    // While still bound, compaction encodes the live doc instead of re-reading every row.
    this.store.compactIfNeeded();
    this.unbind?.();
    this.projection.detach();
    this.repository.destroy();
    this.doc.destroy();
    this.store.close();
  }

  private emit(state: ConnectionState): void {
    for (const listener of [...this.stateListeners]) listener(state);
  }

  private scheduleCompaction(): void {
    if (this.compactTimer) return;
    // Compaction encodes the whole doc: do it when the app is idle, not per keystroke.
    this.compactTimer = setTimeout(() => {
      this.compactTimer = null;
      this.store.compactIfNeeded();
    }, 5_000);
    this.compactTimer.unref();
  }
}
