// The renderer's view of the workspace's entity kinds (order, shipment, lot, …): the list and the
// rules live in src-shared/domain/entity-kinds.ts (WorkspaceSettings.entityKinds); this adapts them
// to what the panel and rows ask: the list, a kind's label, a link's external address and the
// filter term that lists every task about an entity.
import {
  entityKindLabel as sharedKindLabel,
  entityUrl as sharedEntityUrl,
  type EntityKind,
} from '../../src-shared/domain/entity-kinds';
import type { EntityLink, WorkspaceSettings } from '../../src-shared/domain/types';

export type { EntityKind };

export function entityKinds(settings: WorkspaceSettings): readonly EntityKind[] {
  return settings.entityKinds;
}

/** "Order", or the kind itself (title case) for a kind the list does not have. */
export function entityKindLabel(kinds: readonly EntityKind[], kind: string): string {
  return sharedKindLabel(kind, { entityKinds: kinds });
}

/** The link's own URL, else the kind's (checked) pattern filled with the id; null when there is none. */
export function entityUrl(kinds: readonly EntityKind[], link: EntityLink): string | null {
  return link.url ? link.url : sharedEntityUrl(link.kind, link.id, { entityKinds: kinds });
}

/** The filter term that lists every task about this entity (query.ts `link:`). */
export const entityFilterTerm = (link: Pick<EntityLink, 'kind' | 'id'>): string => `link:${link.kind}:${link.id}`;
