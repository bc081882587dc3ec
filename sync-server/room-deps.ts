// What a room needs from the outside: its connections and its collaborators.
import type { AppendQueue } from './append-queue';
import type { Principal } from './auth';
import type { RelayLimits } from './limits';
import type { RelayLog } from './log';
import type { RelayMetrics } from './metrics';
import type { RoomPersistence } from './persistence';
import type { Room } from './room';

/** What a room needs from a connection (a WebSocket in production, anything in a test). */
export interface RoomConnection {
  readonly id: number;
  readonly principal: Principal;
  /** Awareness client ids this connection announced, cleared when it leaves. */
  readonly awarenessClientIds: Set<number>;
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface RoomDeps {
  persistence: RoomPersistence;
  queue: AppendQueue;
  metrics: RelayMetrics;
  log: RelayLog;
  limits: RelayLimits;
  /** Called once if the room can no longer guarantee durability; the hub discards it. */
  onBroken: (room: Room) => void;
}
