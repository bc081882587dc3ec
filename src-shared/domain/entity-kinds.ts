// The kinds of entity a task links to (an order, a shipment, a lot, ...): a
// workspace setting (`entityKinds`), each with a label for people and an
// optional URL pattern that turns a link's id into an address in the system
// that owns it, e.g. `https://erp.example.com/orders/{id}`. Patterns are
// http(s) only, so a link can never become a `javascript:` URL.
import type { Result } from './types';

export interface EntityKind {
  /** What links store as `kind`: lower case, e.g. "order". */
  id: string;
  label: string;
  /** `{id}` is replaced by the link's id (URL-encoded); null: the kind has no address. */
  urlPattern: string | null;
}

export const DEFAULT_ENTITY_KINDS: readonly EntityKind[] = [
  { id: 'order', label: 'Order', urlPattern: null },
  { id: 'shipment', label: 'Shipment', urlPattern: null },
  { id: 'lot', label: 'Lot', urlPattern: null },
  { id: 'invoice', label: 'Invoice', urlPattern: null },
  { id: 'client', label: 'Client', urlPattern: null },
  { id: 'supplier', label: 'Supplier', urlPattern: null },
  { id: 'trip', label: 'Trip', urlPattern: null },
  { id: 'customer', label: 'Customer', urlPattern: null },
  { id: 'project', label: 'Project', urlPattern: null },
];

/** scheme, host (name or IPv4), optional port, then a path/query without spaces. */
const HTTP_URL = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?([/?#][^\s]*)?$/i;
const KIND_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a URL pattern is not acceptable, or null. */
export function urlPatternError(pattern: string): string | null {
  if (!pattern.includes('{id}')) return `The URL pattern “${pattern}” needs {id} where the link's id goes.`;
  if (!/^https?:\/\//i.test(pattern)) return `A URL pattern starts with https:// or http:// (“${pattern}” does not).`;
  return HTTP_URL.test(pattern.replaceAll('{id}', 'x')) ? null : `“${pattern}” is not a URL.`;
}

/** Why a value is not a list of entity kinds, or null (the config log's check and the reader share it). */
export function entityKindsError(value: unknown): string | null {
  if (!Array.isArray(value)) return 'Entity kinds are a list.';
  const seen = new Set<string>();
  for (const kind of value) {
    if (!isObject(kind) || typeof kind.id !== 'string' || typeof kind.label !== 'string') return 'Every entity kind needs an id and a label.';
    if (!KIND_ID.test(kind.id)) return `“${kind.id}” is not a kind id (lower-case letters, digits, _ or -).`;
    if (kind.label.trim() === '') return `The kind “${kind.id}” needs a label.`;
    if (seen.has(kind.id)) return `The kind “${kind.id}” is listed twice.`;
    seen.add(kind.id);
    if (kind.urlPattern !== null) {
      if (typeof kind.urlPattern !== 'string') return `The kind “${kind.id}” has a URL pattern that is not text.`;
      const error = urlPatternError(kind.urlPattern);
      if (error) return error;
    }
    if (Object.keys(kind).some((key) => key !== 'id' && key !== 'label' && key !== 'urlPattern')) return `The kind “${kind.id}” has an unknown field.`;
  }
  return null;
}

type KindSettings = { entityKinds: readonly EntityKind[] };

export function findEntityKind(kind: string, settings: KindSettings): EntityKind | undefined {
  return settings.entityKinds.find((k) => k.id === kind);
}

/** The label people see for a kind: the workspace's, else the id in title case. */
export function entityKindLabel(kind: string, settings: KindSettings): string {
  return findEntityKind(kind, settings)?.label ?? (kind.charAt(0).toUpperCase() + kind.slice(1).replace(/_/g, ' '));
}

/** The address of an entity in its own system, or null when its kind has no URL pattern. */
export function entityUrl(kind: string, id: string, settings: KindSettings): string | null {
  const pattern = findEntityKind(kind, settings)?.urlPattern;
  // Settings are read defensively, but a pattern is checked again where it becomes a link.
  if (!pattern || urlPatternError(pattern) !== null || id === '') return null;
  return pattern.replaceAll('{id}', encodeURIComponent(id));
}

/** Add a kind, or change one's label and pattern (an empty pattern: none). */
export function saveEntityKind(kinds: readonly EntityKind[], id: string, label: string, pattern: string): Result<EntityKind[]> {
  const kind: EntityKind = { id: id.trim().toLowerCase(), label: label.trim(), urlPattern: pattern.trim() === '' ? null : pattern.trim() };
  const exists = kinds.some((k) => k.id === kind.id);
  const next = exists ? kinds.map((k) => (k.id === kind.id ? kind : k)) : [...kinds, kind];
  const error = entityKindsError(next);
  return error ? { ok: false, error: { code: 'invalid_payload', message: error } } : { ok: true, value: next };
}
