// Small typed facts about a replica, in the `meta` table.
import { eq } from 'drizzle-orm';
import type { Orm } from './open-database';
import { meta } from './schema';

export type MetaKey =
  | 'workspace_id'
  /** AckState as JSON: local updates made / acknowledged by the relay. */
  | 'ack_state'
  /** Version of the projection's contents; a mismatch rebuilds it from Yjs on open. */
  | 'projection_version'
  /** JSON list of the workspace's members as last fetched from the relay. */
  | 'members';

export function readMeta(orm: Orm, key: MetaKey): string | null {
  const row = orm.select({ value: meta.value }).from(meta).where(eq(meta.key, key)).get();
  return row?.value ?? null;
}

export function writeMeta(orm: Orm, key: MetaKey, value: string): void {
  orm.insert(meta).values({ key, value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
}
