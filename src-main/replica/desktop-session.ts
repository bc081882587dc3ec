// What the desktop app runs while signed in to one workspace: main's replica
// (store, fold, projection, sync), one doc-sync peer per renderer, the IPC
// handlers, the due-time notifier and the recurrence scheduler (with no window
// too). Plain Node: the Electron glue gives it ways to send to renderers and
// show notifications. Signing in to another workspace or out closes it
// (desktop-app.ts opens the next one).
//
// First screen before Yjs: the constructor only opens the SQLite file (ms). The
// projection answers `tasks:*`, the notifier and the tray at once; the Y.Doc is
// loaded (hundreds of ms for 10,000 tasks, blocking main's thread) when the
// renderer starts its replica sync, or after `loadAfterMs` at the latest.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { runRecurrenceScheduler } from '../../src-shared/doc/recurrence-scheduler';
import type { RefusalExport } from '../../src-shared/doc/refusal-recovery';
import type { EventChannel, EventPayload } from '../../src-shared/protocol/ipc';
import type { TaskQueries } from '../db/queries';
import type { WorkspaceStore } from '../db/workspace-store';
import { DocSyncPeer } from '../ipc/doc-sync-peer';
import { createHandlers, type SessionHandlers } from '../ipc/handlers';
import { DueNotifier, type DueNotice } from '../notifications/due-notifier';
import type { Settings } from '../settings/app-settings';
import type { ConnectionState } from '../sync/sync-client';
import { connectionStateOf, initialRelayState } from '../../src-shared/protocol/relay-client';
import { currentReplicaFile } from './generation-files';
import { moveReplica } from './generation-move';
import { DesktopArchive } from './desktop-archive';
import { readRefusals, rebuildReplica, refusalsFile } from './refusal-rebuild';
import { openWorkspaceFile, WorkspaceReplica, type ReplicaOptions } from './workspace-replica';

export interface DesktopSessionDeps {
  /** Folder holding one SQLite file per workspace. */
  workspacesDir: string;
  settings: Settings;
  nativeBinding?: string;
  /** Sends an event to every renderer. */
  broadcast<E extends EventChannel>(channel: E, payload: EventPayload<E>): void;
  /** Sends a replica message to one renderer. */
  sendReplicaMessage(webContentsId: number, message: Uint8Array): void;
  notify(notice: DueNotice): void;
  onOverdueCount(count: number): void;
  now?: () => Date;
  /** Load the Y.Doc by then even if no renderer asked (sync and notifications run without a window). */
  loadAfterMs?: number;
}

const CHECK_EVERY_MS = 30_000;
const MOVE_RETRY_MS = 15_000;

export function workspaceFile(dir: string, workspaceId: string, userId: string): string {
  // One file per workspace and user: two operators sharing a machine never share a replica.
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');
  return path.join(dir, `${safe(workspaceId)}--${safe(userId)}.sqlite`);
}

export class DesktopSession {
  readonly handlers: SessionHandlers;
  private readonly settings: Settings;
  private store: WorkspaceStore;
  private earlyQueries: TaskQueries;
  private loaded: WorkspaceReplica | null = null;
  private replicaOptions: ReplicaOptions;
  private readonly peers = new Map<number, DocSyncPeer>();
  private notifier: DueNotifier;
  private readonly timer: NodeJS.Timeout;
  private readonly loadTimer: NodeJS.Timeout;
  private checkQueued: NodeJS.Timeout | null = null;
  private readonly unsubscribes: (() => void)[] = [];
  private readonly now: () => Date;
  private rebuilding = false;
  private retryMove: NodeJS.Timeout | null = null;
  /** The relay's archive with the current file's cache (null when no relay is configured). */
  private readonly archive: DesktopArchive | null;
  private overdueCount = 0;

  constructor(private readonly deps: DesktopSessionDeps) {
    this.settings = deps.settings;
    this.now = deps.now ?? (() => new Date());
    const { workspaceId, userId, relayUrl, token, syncEnabled } = deps.settings;
    // The file of the live document's current generation (a move switches it: generation-move.ts).
    const current = currentReplicaFile(workspaceFile(deps.workspacesDir, workspaceId, userId));
    this.replicaOptions = {
      file: current.file,
      generation: current.generation,
      workspaceId,
      userId,
      relay: relayUrl && token && syncEnabled ? { url: relayUrl, token } : null,
      ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}),
      onRefused: (reason) => void this.rebuildAfterRefusal(reason),
      onGenerationMoved: (generation) => void this.followGeneration(generation),
    };
    const opened = openWorkspaceFile(this.replicaOptions);
    this.store = opened.store;
    this.earlyQueries = opened.queries;
    this.handlers = createHandlers({
      session: () => ({
        queries: this.queries,
        identity: { workspaceId, userId, displayName: this.settings.displayName },
        recovery: this.recovery(),
        connection: this.connection(),
        overdueCount: this.overdueCount,
      }),
      peerFor: (id) => this.peerFor(id),
      refusals: () => this.refusals(),
      dismissRefusals: () => this.dismissRefusals(),
      archive: () => this.archive,
    });
    this.archive = this.replicaOptions.relay ? new DesktopArchive(() => ({ store: this.store, options: this.replicaOptions })) : null;
    this.notifier = new DueNotifier(this.earlyQueries, userId, deps.notify);
    this.timer = setInterval(() => this.checkDue(), CHECK_EVERY_MS);
    this.loadTimer = setTimeout(() => this.replica, deps.loadAfterMs ?? 3_000);
    this.checkDue();
  }

  /** Is the Y.Doc loaded (and sync running)? */
  get isLoaded(): boolean {
    return this.loaded !== null;
  }

  /** The full replica, loading it now if nobody has asked yet. */
  get replica(): WorkspaceReplica {
    if (!this.loaded) this.loaded = this.startReplica();
    return this.loaded;
  }

  /** Projection queries: usable before the replica loads (and replaced if loading moved a corrupt file aside). */
  get queries(): TaskQueries {
    return this.loaded?.queries ?? this.earlyQueries;
  }

  connection(): ConnectionState {
    if (this.loaded) return this.loaded.connection;
    const unacknowledged = (({ made, acknowledged }) => made - acknowledged)(this.store.ackState());
    return connectionStateOf(initialRelayState({ configured: Boolean(this.replicaOptions.relay) }), unacknowledged);
  }

  recovery(): string | null {
    return this.store.recoveryMessage();
  }

  peerFor(webContentsId: number): DocSyncPeer {
    if (this.rebuilding) throw new Error('rebuilding this workspace from the relay; the window reloads when it is done');
    let peer = this.peers.get(webContentsId);
    if (!peer) {
      const replica = this.replica;
      peer = new DocSyncPeer(replica.doc, replica.awareness, (m) => this.deps.sendReplicaMessage(webContentsId, m));
      this.peers.set(webContentsId, peer);
      peer.start();
    }
    return peer;
  }

  /** A renderer went away (closed, reloaded, crashed): drop its peer and presence. */
  dropPeer(webContentsId: number): void {
    this.peers.get(webContentsId)?.destroy();
    this.peers.delete(webContentsId);
  }

  checkDue(): void {
    const { overdueCount } = this.notifier.check(this.now());
    this.overdueCount = overdueCount;
    this.deps.onOverdueCount(overdueCount);
    this.deps.broadcast('tasks:overdue-count', { count: overdueCount });
  }

  close(): void {
    clearInterval(this.timer);
    clearTimeout(this.loadTimer);
    if (this.retryMove) clearTimeout(this.retryMove);
    if (this.checkQueued) clearTimeout(this.checkQueued);
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    for (const id of [...this.peers.keys()]) this.dropPeer(id);
    if (this.loaded) this.loaded.close();
    else this.store.close();
  }

  /** Changes the relay refused and that could not be re-appended (until dismissed). */
  refusals(): RefusalExport | null {
    return readRefusals(this.replicaOptions.file);
  }

  dismissRefusals(): void {
    rmSync(refusalsFile(this.replicaOptions.file), { force: true });
  }

  /**
   * The relay refused one of our updates: rebuild the replica from the relay's state (our
   * still-allowed changes re-appended, the rest kept in the refusals file), then tell the windows
   * to reload onto it.
   */
  async rebuildAfterRefusal(reason: string): Promise<void> {
    const old = this.loaded;
    if (!old || this.rebuilding) return;
    this.rebuilding = true;
    try {
      // No renderer writes into the old replica meanwhile (peerFor refuses): what recover() did not
      // see would end up only in the moved-aside file.
      for (const id of [...this.peers.keys()]) this.dropPeer(id);
      const rebuilt = await rebuildReplica(old, reason);
      // Failed (the relay unreachable, a revoked token): the old replica stays, watched as before,
      // and its signed-out state reaches the windows.
      if ('failed' in rebuilt) return this.deps.broadcast('connection:state', old.connection);
      for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
      this.loaded = this.watch(rebuilt.replica);
      this.store = rebuilt.replica.store;
      this.earlyQueries = rebuilt.replica.queries;
      this.notifier = new DueNotifier(rebuilt.replica.queries, this.settings.userId, this.deps.notify);
      this.deps.broadcast('replica:reset', { reason, refused: rebuilt.refused });
    } finally {
      this.rebuilding = false;
    }
  }

  /**
   * The relay started a newer generation of the live document: move the replica (our unsent
   * changes ported, the refused ones kept), then tell the windows to reload onto it. A failed move
   * keeps the old replica and its file; the next connection's 4410 tries again.
   */
  async followGeneration(generation: number): Promise<void> {
    const old = this.loaded;
    if (!old || this.rebuilding) return;
    this.rebuilding = true;
    try {
      for (const id of [...this.peers.keys()]) this.dropPeer(id);
      const moved = await moveReplica(old, generation);
      if ('failed' in moved) {
        // Everything stays in the old file; the relay or its archive may be back soon.
        this.retryMove = setTimeout(() => void this.followGeneration(generation), MOVE_RETRY_MS);
        this.retryMove.unref();
        return this.deps.broadcast('connection:state', { ...old.connection, reason: `could not move to generation ${generation} yet (${moved.failed}); retrying` });
      }
      for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
      this.replicaOptions = moved.replica.options;
      this.loaded = this.watch(moved.replica);
      this.store = moved.replica.store;
      this.earlyQueries = moved.replica.queries;
      this.notifier = new DueNotifier(moved.replica.queries, this.settings.userId, this.deps.notify);
      this.deps.broadcast('replica:reset', { reason: `the live document moved to generation ${moved.generation}`, refused: moved.port.refused.length });
    } finally {
      this.rebuilding = false;
    }
  }

  private startReplica(): WorkspaceReplica {
    const replica = new WorkspaceReplica(this.store, this.replicaOptions);
    // Loading may have replaced a corrupt file: from now on read through the replica.
    if (replica.queries !== this.earlyQueries) this.notifier = new DueNotifier(replica.queries, this.settings.userId, this.deps.notify);
    return this.watch(replica);
  }

  private watch(replica: WorkspaceReplica): WorkspaceReplica {
    this.unsubscribes.push(
      replica.onConnection((state) => this.deps.broadcast('connection:state', state)),
    );
    this.unsubscribes.push(replica.repository.view.subscribe(() => this.queueCheck()));
    // Recurring tasks' occurrences appear on main's replica with no window open (tray, offline too).
    this.unsubscribes.push(runRecurrenceScheduler(replica.repository, {
      now: () => this.now().getTime(),
      archivedAmong: (taskIds) => this.archive?.cachedAmong(taskIds) ?? [],
      every: (ms, run) => {
        const timer = setInterval(run, ms);
        return () => clearInterval(timer);
      },
    }));
    return replica;
  }

  private queueCheck(): void {
    if (this.checkQueued) return;
    this.checkQueued = setTimeout(() => {
      this.checkQueued = null;
      this.checkDue();
    }, 1_000);
  }
}
