// One room = one workspace document held in memory while anyone is connected.
//
// The order that makes an update durable before anyone can see it:
//   1. checkUpdateBounds (update-guard.ts) refuses updates whose declared counts exceed their
//      bytes, then Y.applyUpdate(doc, clientBytes) — yjs decodes the client's V1 bytes (it throws fast on the
//      yjs#687 inputs that make mergeUpdates loop and applyUpdateV2 eat memory; the relay never
//      calls either on client bytes).
//   2. The doc's `update` event hands us yjs's OWN re-encoding of what was integrated (nothing,
//      if the update was a duplicate); that, never the client's bytes, is queued for append.
//   3. After the group commit, the update is broadcast. Sync step 2 answers and compaction flush
//      the queue first, so no path sends or snapshots state that is not on disk.
// Because stored rows are yjs's own encodings of updates it already accepted, a room always
// loads again after a restart, whatever a client sent.
//
// Before step 1, every client update passes the write check (update-check.ts via RoomRules): a
// refused update is neither applied, stored nor broadcast; its connection is closed with 4409 and
// the rule. The room writes the members log itself (RoomRules.syncMembers) on load and on join.
import * as Y from 'yjs';
import { createRepository, type TaskRepository } from '../src-shared/doc/repository';
import { RelayCloseCode } from '../src-shared/protocol/relay-api';
import { canWrite } from './auth';
import { generationKey } from './generations';
import { errorFields } from './log';
import { RoomPresence } from './room-presence';
import { RoomRules } from './room-rules';
import { addedTaskEvents } from './task-events';
import { checkUpdateBounds } from './update-guard';
import {
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  MalformedMessageError,
  parseMessage,
  truncateCloseReason,
} from './protocol';
import type { RoomConnection, RoomDeps } from './room-deps';

export type { RoomConnection, RoomDeps } from './room-deps';

export class Room {
  readonly doc = new Y.Doc();
  readonly connections = new Set<RoomConnection>();
  readonly rules: RoomRules;
  readonly presence: RoomPresence;
  /** Which generation of the live document this is, and where it is stored (generations.ts). */
  readonly generation: number;
  readonly storageKey: string;
  private lastDurableId = 0;
  private rowsSinceSnapshot = 0;
  private loadErrors = 0;
  private compactTimer: NodeJS.Timeout | null = null;
  private broken = false;
  private destroyed = false;
  /**
   * The sync step 2 message for a client with an empty document (a fresh browser, a new
   * device). Encoding a 10,000-task room takes 40-120 ms, and a shift start brings hundreds of
   * them at once; the answer is the same for all of them until the next update.
   */
  private fullStateMessage: Uint8Array | null = null;
  /**
   * Clients count a step 2 that answers their step 1 as "everything I sent before is stored".
   * An update whose dependencies have not arrived is held by yjs as pending and is NOT stored
   * (only integrated content reaches the `update` event). So a connection whose update left
   * pending content gets its step 1 answers held here until the pending content integrates.
   */
  private readonly heldAnswers = new Map<RoomConnection, Uint8Array[]>();
  private syncedMembers: unknown = null;
  /** The relay's own writers' repositories (signal and tracking intake share them), while loaded. */
  private readonly repositories = new Map<string, TaskRepository>();

  private constructor(
    readonly name: string,
    private readonly deps: RoomDeps,
  ) {
    this.generation = deps.generationOf?.(name) ?? 0;
    this.storageKey = generationKey(name, this.generation);
    this.rules = new RoomRules(this.doc);
    this.presence = new RoomPresence(this.doc, name, this.connections, deps);
  }

  /** One folded repository per relay-side writer (an integration's user), kept while the room is loaded. */
  repositoryFor(actor: string): TaskRepository {
    let repository = this.repositories.get(actor);
    if (!repository) this.repositories.set(actor, (repository = createRepository(this.doc, { actor })));
    return repository;
  }

  get awareness(): RoomPresence['awareness'] {
    return this.presence.awareness;
  }

  /** Loads the room from the database (snapshot, then the rows after it) and starts listening. */
  static load(name: string, deps: RoomDeps): Room {
    const room = new Room(name, deps);
    const started = performance.now();
    const stored = deps.persistence.load(room.storageKey);
    room.doc.transact(() => {
      if (stored.snapshot) {
        room.applyStored(stored.snapshot.state, `snapshot<=${stored.snapshot.coversThroughId}`);
        room.lastDurableId = stored.snapshot.coversThroughId;
      }
      for (const row of stored.updates) {
        room.applyStored(row.data, `row ${row.id}`);
        room.lastDurableId = row.id;
      }
    });
    room.rowsSinceSnapshot = stored.updates.length;
    room.doc.on('update', room.onDocUpdate);
    room.syncMembers();
    deps.metrics.roomLoads.inc();
    deps.log('info', 'room_loaded', {
      room: name,
      generation: room.generation,
      rows: stored.updates.length,
      snapshotBytes: stored.snapshot?.state.byteLength ?? 0,
      ms: Math.round(performance.now() - started),
    });
    return room;
  }

  private applyStored(data: Uint8Array, what: string): void {
    try {
      Y.applyUpdate(this.doc, data);
    } catch (error) {
      // Should be impossible (every stored row was produced by yjs from an accepted update).
      // Keep serving the rest, never compact this room (the row stays for forensics), and shout.
      this.loadErrors += 1;
      this.deps.metrics.roomLoadErrors.inc();
      this.deps.log('error', 'room_load_row_failed', { room: this.name, row: what, ...errorFields(error) });
    }
  }

  /** Brings the document's members log up to date with the tokens (a no-op when nothing changed). */
  syncMembers(): void {
    if (this.broken || this.destroyed) return;
    // The token registry hands out the same list until the tokens change, and only this room
    // writes its members log: the same list again has nothing to add (tracking calls this per request).
    const wanted = this.deps.membersOf(this.name);
    if (wanted === this.syncedMembers) return;
    this.syncedMembers = wanted;
    const written = this.rules.syncMembers(wanted);
    if (written > 0) this.deps.log('info', 'members_written', { room: this.name, events: written });
  }

  join(conn: RoomConnection): void {
    this.syncMembers();
    this.connections.add(conn);
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    this.presence.sendAll(conn);
  }

  leave(conn: RoomConnection): void {
    if (!this.connections.delete(conn)) return;
    this.heldAnswers.delete(conn);
    if (!this.destroyed) this.presence.leave(conn);
  }

  handleMessage(conn: RoomConnection, data: Uint8Array): void {
    if (this.broken || this.destroyed) return;
    try {
      const message = parseMessage(data);
      switch (message.kind) {
        case 'sync-step1': {
          const held = this.heldAnswers.get(conn);
          if (held) {
            if (held.length >= 100) conn.close(1013, 'waiting too long for missing update dependencies');
            else held.push(message.stateVector);
            return;
          }
          this.answerStep1(conn, message.stateVector);
          break;
        }
        case 'sync-update':
          this.receiveUpdate(conn, message.update);
          break;
        case 'awareness':
          this.presence.receive(conn, message.update);
          break;
        case 'query-awareness':
          this.presence.sendAll(conn);
          break;
      }
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      this.deps.metrics.malformedMessages.inc();
      this.deps.log('warn', 'malformed_message', { room: this.name, conn: conn.id, user: conn.principal.userId, reason: error.message, bytes: data.byteLength });
      conn.close(1007, truncateCloseReason(`malformed message: ${error.message}`));
    }
  }

  private answerStep1(conn: RoomConnection, stateVector: Uint8Array): void {
    this.deps.queue.flush();
    if (this.broken) return;
    const empty = stateVector.length === 1 && stateVector[0] === 0;
    if (empty) conn.send((this.fullStateMessage ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc))));
    else conn.send(encodeSyncStep2(this.encodeStateFor(stateVector)));
  }

  private hasPending(): boolean {
    return this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
  }

  private encodeStateFor(stateVector: Uint8Array): Uint8Array {
    try {
      return Y.encodeStateAsUpdate(this.doc, stateVector);
    } catch (error) {
      throw new MalformedMessageError(`bad state vector: ${errorFields(error).error}`);
    }
  }

  private receiveUpdate(conn: RoomConnection, update: Uint8Array): void {
    if (!this.deps.isTokenActive(conn.principal.tokenId)) {
      this.deps.log('info', 'connection_revoked', { room: this.name, conn: conn.id, tokenId: conn.principal.tokenId });
      conn.close(RelayCloseCode.unauthorized, 'token revoked');
      return;
    }
    if (!this.deps.checks && !canWrite(conn.principal.role)) {
      this.deps.metrics.updatesDroppedViewer.inc();
      this.deps.log('warn', 'viewer_write_dropped', { room: this.name, conn: conn.id, user: conn.principal.userId, tokenId: conn.principal.tokenId, bytes: update.byteLength });
      return;
    }
    this.deps.metrics.updatesReceived.inc();
    this.deps.metrics.updatesRate.mark();
    const store = this.doc.store;
    const pendingBefore = [store.pendingStructs?.update, store.pendingDs];
    try {
      checkUpdateBounds(update);
    } catch (error) {
      throw new MalformedMessageError(`update rejected: ${errorFields(error).error}`);
    }
    if (this.deps.checks && this.refused(conn, update)) return;
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch (error) {
      // Whatever yjs integrated before throwing was re-encoded by it and queued like any update.
      throw new MalformedMessageError(`update rejected: ${errorFields(error).error}`);
    }
    // A recurring task's occurrence created offline on two replicas: keep both logs' events.
    if (this.deps.checks) this.rules.mergeReplacedLogs();
    if (!this.hasPending()) {
      this.releaseHeldAnswers();
    } else if (store.pendingStructs?.update !== pendingBefore[0] || store.pendingDs !== pendingBefore[1]) {
      if (!this.heldAnswers.has(conn)) this.heldAnswers.set(conn, []);
    }
  }

  /** Runs the write check; a refused update closes its connection (4409) and is never applied. */
  private refused(conn: RoomConnection, update: Uint8Array): boolean {
    let refusal;
    try {
      const { archivedAmong } = this.deps;
      refusal = this.rules.check(update, conn.principal, Date.now(), archivedAmong && ((map, ids) => archivedAmong(this.name, map, ids)));
    } catch (error) {
      throw new MalformedMessageError(`update rejected: ${errorFields(error).error}`);
    }
    if (!refusal) return false;
    this.deps.metrics.updateRefused(refusal.rule);
    this.deps.log('warn', 'update_refused', { room: this.name, conn: conn.id, user: conn.principal.userId, role: conn.principal.role, rule: refusal.rule, detail: refusal.detail, bytes: update.byteLength });
    conn.close(RelayCloseCode.refusedUpdate, truncateCloseReason(`refused (${refusal.rule}): ${refusal.detail}`));
    return true;
  }

  private releaseHeldAnswers(): void {
    if (this.heldAnswers.size === 0) return;
    const held = [...this.heldAnswers];
    this.heldAnswers.clear();
    for (const [conn, vectors] of held) for (const sv of vectors) this.answerStep1(conn, sv);
  }

  private readonly onDocUpdate = (update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction): void => {
    this.fullStateMessage = null;
    this.deps.queue.enqueue({
      room: this.name,
      key: this.storageKey,
      data: update,
      events: addedTaskEvents(this.doc, tr),
      onDurable: (id) => {
        this.lastDurableId = id;
        this.rowsSinceSnapshot += 1;
        this.broadcast(encodeSyncUpdate(update));
        this.maybeScheduleCompaction();
      },
      onFailed: (error) => this.fail(error),
    });
  };

  private broadcast(message: Uint8Array): void {
    for (const conn of this.connections) conn.send(message);
  }

  private fail(error: unknown): void {
    if (this.broken) return;
    this.broken = true;
    // The in-memory document now holds updates that are not on disk: drop it, make every client
    // reconnect (their local replicas still have the updates and will send them again).
    this.deps.log('error', 'room_persistence_failed', { room: this.name, ...errorFields(error) });
    for (const conn of [...this.connections]) conn.close(1011, 'relay could not persist an update');
    this.deps.onBroken(this);
  }

  /**
   * Compaction blocks the event loop (a full-state encode, then a transaction and an fsync): 12-116 ms
   * for a room of a few thousand entries, a stall for every client. So it waits for 250 ms without an
   * update (each update re-arms the timer); a room that is never quiet is compacted at 4x the threshold.
   */
  private maybeScheduleCompaction(): void {
    const threshold = this.deps.limits.compactAfterUpdates;
    if (this.rowsSinceSnapshot < threshold) return;
    if (this.compactTimer !== null) {
      if (this.rowsSinceSnapshot < 4 * threshold) this.compactTimer.refresh();
      return;
    }
    this.compactTimer = setTimeout(() => {
      this.compactTimer = null;
      try {
        this.compact();
      } catch (error) {
        // The rows stay; the next threshold crossing or the unload tries again.
        this.deps.log('error', 'room_compaction_failed', { room: this.name, ...errorFields(error) });
      }
    }, 250);
  }

  /** Replaces the stored rows by the document's own encoded state. Returns whether it did. */
  compact(): boolean {
    if (this.broken || this.destroyed || this.loadErrors > 0) return false;
    this.deps.queue.flush();
    if (this.broken || this.rowsSinceSnapshot === 0) return false;
    // With structs waiting for missing dependencies, encodeStateAsUpdate would have to merge
    // them in; keep the rows (they load fine) and compact once the gap has been filled.
    if (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null) return false;
    const started = performance.now();
    const state = Y.encodeStateAsUpdate(this.doc);
    const { deletedRows } = this.deps.persistence.compact(this.storageKey, state, this.lastDurableId);
    this.rowsSinceSnapshot = 0;
    this.deps.metrics.compactions.inc();
    this.deps.log('info', 'room_compacted', { room: this.name, deletedRows, stateBytes: state.byteLength, ms: Math.round(performance.now() - started) });
    return true;
  }

  get isBroken(): boolean {
    return this.broken;
  }

  /** Flushes, compacts and frees the document. The room must have no connections. */
  unload(options: { compact: boolean }): void {
    if (this.destroyed) return;
    if (this.compactTimer !== null) clearTimeout(this.compactTimer);
    this.compactTimer = null;
    if (!this.broken) {
      this.deps.queue.flush();
      if (options.compact) this.compact();
    }
    this.destroyed = true;
    this.fullStateMessage = null;
    this.doc.off('update', this.onDocUpdate);
    for (const repository of this.repositories.values()) repository.destroy();
    this.repositories.clear();
    this.rules.destroy();
    this.presence.destroy();
    this.doc.destroy();
  }
}
