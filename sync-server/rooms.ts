// The room hub: which rooms are loaded and who is in them. The rest of the relay talks to rooms
// only through the RoomHub interface, so a multi-relay deployment can put a Redis-backed fan-out
// behind it later without touching connection handling, auth or persistence.
//
// Everything here is synchronous (SQLite via better-sqlite3, Yjs in memory), so a room is either
// loaded or not at any instant: a client that connects while its room is being unloaded simply
// finds it gone and loads it again from disk, after the unload's flush + compaction committed.
import { generationCloseReason } from '../src-shared/protocol/archive-api';
import { RelayCloseCode } from '../src-shared/protocol/relay-api';
import { errorFields } from './log';
import { Room, type RoomConnection, type RoomDeps } from './room';

export interface RoomHub {
  /** Adds the connection to its room (loading the room if needed) and starts the sync handshake. */
  join(room: string, conn: RoomConnection): void;
  leave(room: string, conn: RoomConnection): void;
  handleMessage(room: string, conn: RoomConnection, data: Uint8Array): void;
  readonly roomsLoaded: number;
  readonly connectionCount: number;
  /**
   * Runs a server-side change on a room's document (loading the room if needed), then flushes the
   * append queue: when this returns, whatever `change` wrote is on disk and broadcast.
   */
  withRoom<T>(name: string, change: (room: Room) => T): T;
  /**
   * Like withRoom, but the append queue commits at the end of the event-loop turn as usual (group
   * commit): changes made by concurrent requests share one transaction. Resolves once durable.
   */
  withRoomDurable<T>(name: string, change: (room: Room) => T): Promise<T>;
  /** Unloads every room (flush + compaction). Connections must have been closed first. */
  unloadAll(): void;
  /** Brings every loaded room's members log up to date with the tokens. */
  syncAllMembers(): void;
  /**
   * Drops the loaded room after its workspace moved to a new generation (retention.ts), without
   * storing anything more for it: every connection is closed with 4410 and the current generation.
   */
  retire(name: string, generation: number): void;
  /**
   * Runs a retention run on the loaded room (retention.ts), keeping the room loaded while it runs:
   * `start` works in slices (clients keep syncing in between), then commits the next generation
   * and retires the room to it in one synchronous step. `isCurrent` says whether the room is still
   * the loaded one (a room that broke or was shut down meanwhile must not be flipped).
   */
  startGeneration<T>(name: string, start: (room: Room, isCurrent: () => boolean) => Promise<T>): Promise<T>;
}

export class LocalRoomHub implements RoomHub {
  private readonly rooms = new Map<string, Room>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  /** Rooms a retention run holds: not unloaded when idle (the run reads their document). */
  private readonly pinned = new Set<Room>();
  private connections = 0;

  constructor(private readonly deps: Omit<RoomDeps, 'onBroken'>) {}

  join(name: string, conn: RoomConnection): void {
    // A stale client is refused without loading a room for it (a 100,000-task room takes seconds).
    if (!this.rooms.has(name) && this.deps.generationOf && (conn.generation ?? 0) !== this.deps.generationOf(name)) {
      conn.close(RelayCloseCode.generationMoved, generationCloseReason(this.deps.generationOf(name)));
      return;
    }
    const room = this.loaded(name);
    // Checked before the room sees a single message from it: an old generation's document must
    // never be synced into the current one (archive-api.ts).
    if ((conn.generation ?? 0) !== room.generation) {
      conn.close(RelayCloseCode.generationMoved, generationCloseReason(room.generation));
      this.unloadWhenIdle(name, room);
      return;
    }
    this.connections += 1;
    room.join(conn);
  }

  leave(name: string, conn: RoomConnection): void {
    const room = this.rooms.get(name);
    if (!room || !room.connections.has(conn)) return;
    room.leave(conn);
    this.connections -= 1;
    this.unloadWhenIdle(name, room);
  }

  async withRoomDurable<T>(name: string, change: (room: Room) => T): Promise<T> {
    const room = this.loaded(name);
    try {
      const result = change(room);
      await this.deps.queue.whenDurable();
      if (this.rooms.get(name) !== room) throw new Error(`room ${name} could not persist the change`);
      return result;
    } finally {
      this.unloadWhenIdle(name, room);
    }
  }

  withRoom<T>(name: string, change: (room: Room) => T): T {
    const room = this.loaded(name);
    try {
      const result = change(room);
      this.deps.queue.flush();
      // A failed append discards the room (its clients are told to reconnect): not durable.
      if (this.rooms.get(name) !== room) throw new Error(`room ${name} could not persist the change`);
      return result;
    } finally {
      this.unloadWhenIdle(name, room);
    }
  }

  private loaded(name: string): Room {
    const timer = this.unloadTimers.get(name);
    if (timer) {
      clearTimeout(timer);
      this.unloadTimers.delete(name);
    }
    let room = this.rooms.get(name);
    if (!room) {
      room = Room.load(name, { ...this.deps, onBroken: (broken) => this.discard(broken) });
      this.rooms.set(name, room);
    }
    return room;
  }

  private unloadWhenIdle(name: string, room: Room): void {
    if (room.connections.size > 0 || this.pinned.has(room) || this.unloadTimers.has(name) || this.rooms.get(name) !== room) return;
    const delay = this.deps.limits.roomIdleUnloadMs;
    if (delay === 0) {
      this.unload(name);
      return;
    }
    this.unloadTimers.set(
      name,
      setTimeout(() => {
        this.unloadTimers.delete(name);
        this.unload(name);
      }, delay),
    );
  }

  handleMessage(name: string, conn: RoomConnection, data: Uint8Array): void {
    const room = this.rooms.get(name);
    if (room && room.connections.has(conn)) room.handleMessage(conn, data);
  }

  get roomsLoaded(): number {
    return this.rooms.size;
  }

  get connectionCount(): number {
    return this.connections;
  }

  /** Test/diagnostic access to a loaded room. */
  peek(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  syncAllMembers(): void {
    for (const room of this.rooms.values()) {
      try {
        room.syncMembers();
      } catch (error) {
        this.deps.log('error', 'members_sync_failed', { room: room.name, ...errorFields(error) });
      }
    }
  }

  unloadAll(): void {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    for (const name of [...this.rooms.keys()]) this.unload(name);
  }

  private unload(name: string): void {
    const room = this.rooms.get(name);
    if (!room || room.connections.size > 0) return;
    this.rooms.delete(name);
    try {
      room.unload({ compact: true });
    } catch (error) {
      // The flush inside unload either committed or failed the room (clients already told);
      // a failed compaction only leaves the rows in place. Either way the room is gone from
      // memory and loads from disk next time; this runs from a timer, so it must not throw.
      this.deps.log('error', 'room_unload_failed', { room: name, ...errorFields(error) });
    }
    this.deps.metrics.roomUnloads.inc();
    this.deps.log('info', 'room_unloaded', { room: name });
  }

  async startGeneration<T>(name: string, start: (room: Room, isCurrent: () => boolean) => Promise<T>): Promise<T> {
    const room = this.loaded(name);
    this.pinned.add(room);
    try {
      return await start(room, () => this.rooms.get(name) === room);
    } finally {
      this.pinned.delete(room);
      this.unloadWhenIdle(name, room);
    }
  }

  retire(name: string, generation: number): void {
    const room = this.rooms.get(name);
    if (!room) return;
    this.rooms.delete(name);
    const timer = this.unloadTimers.get(name);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(name);
    const connections = [...room.connections];
    this.connections -= connections.length;
    room.connections.clear();
    for (const conn of connections) conn.close(RelayCloseCode.generationMoved, generationCloseReason(generation));
    // No compaction: the old generation's rows are gone (retention.ts dropped them with the flip).
    room.unload({ compact: false });
    this.deps.metrics.roomUnloads.inc();
    this.deps.log('info', 'room_generation_retired', { room: name, from: room.generation, to: generation, connections: connections.length });
  }

  private discard(room: Room): void {
    if (this.rooms.get(room.name) !== room) return;
    this.rooms.delete(room.name);
    const timer = this.unloadTimers.get(room.name);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(room.name);
    this.connections -= room.connections.size;
    room.connections.clear();
    room.unload({ compact: false });
    this.deps.metrics.roomUnloads.inc();
  }
}
