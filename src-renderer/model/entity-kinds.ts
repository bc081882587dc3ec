// The kinds of entity a task can be about (order, shipment, lot, …), with the
// label people read and where the entity lives elsewhere. The workspace's own
// list (WorkspaceSettings.entityKinds, with entityUrl() in src-shared) replaces
// FALLBACK_ENTITY_KINDS when it lands: this file is the one place to swap.
import type { EntityLink, WorkspaceSettings } from '../../src-shared/domain/types';

export interface EntityKind {
  id: string;
  label: string;
  /** e.g. https://erp.example/orders/{id}; no pattern: no external page. */
  urlPattern?: string;
}

export const FALLBACK_ENTITY_KINDS: readonly EntityKind[] = [
  { id: 'order', label: 'Order' }, { id: 'shipment', label: 'Shipment' }, { id: 'lot', label: 'Lot' },
  { id: 'invoice', label: 'Invoice' }, { id: 'client', label: 'Client' }, { id: 'supplier', label: 'Supplier' },
  { id: 'trip', label: 'Trip' }, { id: 'customer', label: 'Customer' }, { id: 'project', label: 'Project' },
];

export function entityKinds(settings: WorkspaceSettings): readonly EntityKind[] {
  const own = (settings as WorkspaceSettings & { entityKinds?: readonly EntityKind[] }).entityKinds;
  return own && own.length > 0 ? own : FALLBACK_ENTITY_KINDS;
}

/** "Order", or the kind itself (capitalised) for a kind the list does not have. */
export function entityKindLabel(kinds: readonly EntityKind[], kind: string): string {
  return kinds.find((entry) => entry.id === kind)?.label ?? (kind.charAt(0).toUpperCase() + kind.slice(1)).replace(/_/g, ' ');
}

/** The link's own URL, else the kind's pattern filled with the id; null when there is none. */
export function entityUrl(kinds: readonly EntityKind[], link: EntityLink): string | null {
  if (link.url) return link.url;
  const pattern = kinds.find((entry) => entry.id === link.kind)?.urlPattern;
  return pattern ? pattern.replace('{id}', encodeURIComponent(link.id)) : null;
}

/** The filter term that lists every task about this entity (query.ts `link:`). */
export const entityFilterTerm = (link: Pick<EntityLink, 'kind' | 'id'>): string => `link:${link.kind}:${link.id}`;
