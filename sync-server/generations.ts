// Live-document generations (DESIGN "A bounded live document"; contract: archive-api.ts). Yjs never
// shrinks a document in place, so after a retention run the relay starts a new document, a new
// *generation*, holding only the live logs. Each generation is its own Yjs document, stored in
// room_updates / room_snapshots under its own key: the workspace id for generation 0 (every room
// that existed before generations), `<workspace>#<g>` after. `#` is outside the workspace id
// alphabet, so no workspace's key can collide with another's generation.
// The current generation is a row of room_generations (none = 0); it only ever changes in
// retention.ts's one transaction, together with the new generation's snapshot and the archive.
import { eq, sql } from 'drizzle-orm';
import type { RelayDatabase } from './db/open';
import { roomGenerations } from './db/schema';

export interface GenerationInfo {
  generation: number;
  /** ms since the epoch, null for generation 0. */
  startedAt: number | null;
}

/** The storage key of one generation of a workspace's live document. */
export function generationKey(workspace: string, generation: number): string {
  return generation === 0 ? workspace : `${workspace}#${generation}`;
}

export class GenerationStore {
  private readonly select;

  constructor(private readonly db: RelayDatabase) {
    this.select = db.select().from(roomGenerations).where(eq(roomGenerations.room, sql.placeholder('room'))).prepare();
  }

  current(workspace: string): GenerationInfo {
    const row = this.select.get({ room: workspace });
    return row ? { generation: row.generation, startedAt: row.startedAt } : { generation: 0, startedAt: null };
  }

  /** Moves the workspace to `generation`. Call inside the transaction that wrote its document. */
  set(workspace: string, generation: number, startedAt: number): void {
    this.db.insert(roomGenerations).values({ room: workspace, generation, startedAt })
      .onConflictDoUpdate({ target: roomGenerations.room, set: { generation, startedAt } }).run();
  }
}
