// What a room needs from the outside: its connections and its collaborators.
import type { AppendQueue } from './append-queue';
import type { RelayMember } from '../src-shared/protocol/relay-api';
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
  /** The live-document generation the client's replica belongs to (`?gen=`; absent = 0). */
  readonly generation?: number;
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
  /** The workspace's members as the tokens say (the relay writes them into the members log). */
  membersOf: (workspace: string) => RelayMember[];
  /** Is this token still valid? Asked for every write, so a revocation stops the next one. */
  isTokenActive: (tokenId: string) => boolean;
  /** The workspace's current live-document generation (generations.ts); 0 when absent. */
  generationOf?: (workspace: string) => number;
  /** Which of these task / suggestion ids are in the archive? A client may not create a live log under them. */
  archivedAmong?: (workspace: string, map: string, ids: readonly string[]) => ReadonlySet<string>;
  /** Check every client update against the domain's rules before storing it (update-check.ts). */
  checks: boolean;
}
