// The workspace's configuration as a command log (the document's `config`
// array): settings changes, templates and mutes are events with an author and a
// stamp, folded like task events, never last-writer-wins map writes. Each
// settings event changes one key, so concurrent changes of different keys both
// apply; for the same key the later stamp wins (then the event id), the same
// way on every replica.
//
// Who may change what is part of the fold (checkConfigAuthority, also run by
// the relay before it stores an update): leads and admins change settings and
// templates; only admins change who approves and whether self-approval is
// allowed; operators may mute a signal source.
import type { EntityLink } from './types';
import { isLeadRole } from './authority';
import { entityKindsError } from './entity-kinds';
import { readSettings, STATUS_COLOR } from './settings';
import { statusMappingsError } from './status-mappings';
import { isTimeZone } from './time-zone';
import { checkRecurrence } from './recurrence';
import { isTaskTemplate, type TaskTemplate } from './templates';
import type { DomainError, Role, Stamp, UserId, WorkspaceSettings } from './types';

export type SettingKey = keyof WorkspaceSettings;

export const SETTING_KEYS: readonly SettingKey[] = [
  'statuses', 'taskTypes', 'queues', 'allowSelfApproval', 'approvers', 'statusMappings',
  'autoApproveThresholds', 'suggestionExpiryHours', 'shiftEnds', 'retentionDays',
  'entityKinds', 'timeZone', 'queueOwners', 'approvalTypes', 'listLabels',
];

/** Keys only admins change: they decide who may approve. */
export const ADMIN_SETTING_KEYS: ReadonlySet<SettingKey> = new Set<SettingKey>(['approvers', 'allowSelfApproval']);

/** Keys the task fold reads: changing one refolds tasks; changing any other does not. */
export const FOLD_SETTING_KEYS: readonly SettingKey[] = ['statuses', 'approvers', 'allowSelfApproval', 'statusMappings', 'approvalTypes'];

export interface Mute {
  key: string;
  source: string;
  link: Pick<EntityLink, 'kind' | 'id'> | null;
  by: UserId;
  at: Stamp;
}

export interface ConfigEventPayloads {
  'settings.changed': { key: SettingKey; value: unknown };
  'template.saved': { template: TaskTemplate };
  'template.removed': { templateId: string };
  'mute.added': { source: string; link: Pick<EntityLink, 'kind' | 'id'> | null };
  'mute.removed': { key: string };
}

export type ConfigEventType = keyof ConfigEventPayloads;
export const CONFIG_EVENT_TYPES: readonly ConfigEventType[] = [
  'settings.changed', 'template.saved', 'template.removed', 'mute.added', 'mute.removed',
];

export type ConfigEvent = { [K in ConfigEventType]: { id: string; actor: UserId; at: Stamp; type: K; payload: ConfigEventPayloads[K] } }[ConfigEventType];
export type ConfigCommand = { [K in ConfigEventType]: { type: K; payload: ConfigEventPayloads[K] } }[ConfigEventType];

export interface FoldedConfigEvent {
  event: ConfigEvent;
  rejected: DomainError | null;
}

export interface WorkspaceConfig {
  settings: WorkspaceSettings;
  templates: ReadonlyMap<string, TaskTemplate>;
  mutes: ReadonlyMap<string, Mute>;
  /** The log in fold order: the settings history people see. */
  history: readonly FoldedConfigEvent[];
  /** Every applied value of approvalTypes in stamp order, the first being the base (at ''): see approvalTypesAt. */
  approvalTypesHistory: readonly { at: Stamp; value: readonly string[] }[];
}

/** The types requiring approval as of a stamp: the last value set before it. */
export function approvalTypesAt(config: Pick<WorkspaceConfig, 'approvalTypesHistory'>, at: Stamp): readonly string[] {
  const history = config.approvalTypesHistory;
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const entry = history[i] as { at: Stamp; value: readonly string[] };
    if (entry.at < at) return entry.value;
  }
  return history[0]?.value ?? [];
}

export function muteKey(source: string, link: Pick<EntityLink, 'kind' | 'id'> | null | undefined): string {
  return `${source}|${link ? `${link.kind}:${link.id}` : '*'}`;
}

const refuse = (code: DomainError['code'], message: string): DomainError => ({ code, message });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Is this value acceptable for this key? Uses the same readers that load settings. */
function settingValueError(key: string, value: unknown): string | null {
  if (!(SETTING_KEYS as readonly string[]).includes(key)) return `"${key}" is not a workspace setting.`;
  if (value === undefined) return `A value for "${key}" is required.`;
  const read = readSettings(new Map([[key, value]]));
  const readBack = read[key as SettingKey];
  // readSettings falls back to the default for values of the wrong shape; a value that does not
  // survive the reader unchanged is refused rather than silently replaced.
  if (key === 'statuses') {
    if (!Array.isArray(value) || value.length === 0) return 'Statuses are a non-empty list.';
    const ids = (value as { id?: unknown }[]).map((s) => (isObject(s) ? s.id : undefined));
    if (new Set(ids).size !== ids.length) return 'Status ids must be unique.';
    const kept = (readBack as WorkspaceSettings['statuses']).filter((s) => ids.includes(s.id));
    if (kept.length !== value.length) return 'Every status needs an id, a label and a category.';
    const badColor = (value as Record<string, unknown>[]).find((s) => s.color !== undefined && !(typeof s.color === 'string' && STATUS_COLOR.test(s.color)));
    if (badColor) return `The colour of “${String(badColor.id)}” is not a #rrggbb colour.`;
    return null;
  }
  if (key === 'entityKinds') return entityKindsError(value);
  if (key === 'timeZone' && value !== null && !(typeof value === 'string' && isTimeZone(value))) {
    return `“${String(value)}” is not a time zone (an IANA name such as Europe/Paris).`;
  }
  if (key === 'statusMappings') {
    if (!isObject(value)) return 'Status mappings are named objects.';
    // Statuses are checked against the workspace's (crossKeyError); here, the shape.
    return statusMappingsError(value, Object.values(value).flatMap((m) => (isObject(m) ? [...Object.values(isObject(m.states) ? m.states : {}), m.archived] : []))
      .filter((id): id is string => typeof id === 'string' && id !== '').map((id) => ({ id })))
      ?? (Object.keys(readBack as object).length === Object.keys(value).length ? null : 'Every mapping needs states and an archived status.');
  }
  return JSON.stringify(readBack) === JSON.stringify(value) ? null : `That is not a valid value for "${key}".`;
}

function payloadError(event: ConfigEvent): string | null {
  const p: unknown = event.payload;
  if (!isObject(p)) return 'The event has no payload.';
  switch (event.type) {
    case 'settings.changed':
      return typeof p.key === 'string' ? settingValueError(p.key, p.value) : 'Name the setting.';
    case 'template.saved':
      if (isTaskTemplate(p.template)) return null;
      return (p.template as { recurrence?: unknown } | undefined)?.recurrence != null
        ? checkRecurrence((p.template as { recurrence: unknown }).recurrence) ?? 'A template needs an id, a name and a title.'
        : 'A template needs an id, a name and a title.';
    case 'template.removed':
      return typeof p.templateId === 'string' && p.templateId !== '' ? null : 'Name the template.';
    case 'mute.added':
      return typeof p.source === 'string' && p.source !== '' &&
        (p.link === null || (isObject(p.link) && typeof p.link.kind === 'string' && typeof p.link.id === 'string'))
        ? null : 'A mute names a source and an entity (or none).';
    case 'mute.removed':
      return typeof p.key === 'string' && p.key !== '' ? null : 'Name the mute.';
    default:
      return `Unknown configuration event "${String((event as { type: unknown }).type)}".`;
  }
}

/** Checks of a value against the other settings it names (a mapping's statuses), as they are when it applies. */
function crossKeyError(event: ConfigEvent, settings: WorkspaceSettings): string | null {
  if (event.type !== 'settings.changed') return null;
  if (event.payload.key === 'statusMappings') return statusMappingsError(event.payload.value, settings.statuses);
  return null;
}

/**
 * Role and shape checks for one configuration event; the relay runs this too.
 * `settings` (the settings the event applies to) adds the checks across keys.
 */
export function checkConfigEvent(event: ConfigEvent, role: Role | undefined, settings?: WorkspaceSettings): DomainError | null {
  if (!(CONFIG_EVENT_TYPES as readonly string[]).includes(event.type)) {
    return refuse('unknown_event', `Unknown configuration event "${String(event.type)}".`);
  }
  const shape = payloadError(event) ?? (settings ? crossKeyError(event, settings) : null);
  if (shape) return refuse('invalid_payload', shape);
  if (role === undefined) return refuse('not_a_member', `${event.actor} is not a member of this workspace.`);
  if (role === 'viewer') return refuse('viewer_read_only', `${event.actor} can only view this workspace.`);
  if (event.type === 'mute.added') {
    return role === 'integration' ? refuse('not_permitted', 'Integrations do not mute signals.') : null;
  }
  if (event.type === 'settings.changed' && ADMIN_SETTING_KEYS.has(event.payload.key)) {
    return role === 'admin' ? null : refuse('not_permitted', `Only admins change "${event.payload.key}".`);
  }
  return isLeadRole(role) ? null : refuse('not_permitted', 'Only leads and admins change the workspace\'s settings.');
}

export function compareConfigEvents(a: { at: Stamp; id: string }, b: { at: Stamp; id: string }): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function asConfigEvent(raw: unknown): ConfigEvent | null {
  if (!isObject(raw)) return null;
  return typeof raw.id === 'string' && typeof raw.at === 'string' && typeof raw.actor === 'string' && typeof raw.type === 'string'
    ? (raw as unknown as ConfigEvent) : null;
}

/**
 * Fold the config log onto a base (values written before the log existed).
 * `roleAt` is the members log's answer for an author at a stamp.
 */
export function foldConfig(
  base: { settings: ReadonlyMap<string, unknown>; templates: readonly TaskTemplate[] },
  rawEvents: readonly unknown[],
  roleAt: (user: UserId, at: Stamp) => Role | undefined,
): WorkspaceConfig {
  const values = new Map(base.settings);
  const templates = new Map(base.templates.map((t) => [t.id, t] as const));
  const mutes = new Map<string, Mute>();
  for (const [key, value] of base.settings) {
    // Mutes written before the config log existed (`mute:<source>|<entity>` keys).
    if (key.startsWith('mute:') && isObject(value)) {
      const [source = '', entity = '*'] = key.slice(5).split('|');
      const [kind, ...id] = entity.split(':');
      mutes.set(key.slice(5), { key: key.slice(5), source, link: entity === '*' ? null : { kind: kind ?? '', id: id.join(':') }, by: String(value.by ?? ''), at: '' });
    }
  }
  const seen = new Set<string>();
  const events = rawEvents.map(asConfigEvent).filter((e): e is ConfigEvent => e !== null).sort(compareConfigEvents);
  const history: FoldedConfigEvent[] = [];
  const approvalTypesHistory: { at: Stamp; value: readonly string[] }[] = [{ at: '', value: readSettings(values).approvalTypes }];
  for (const event of events) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    const crossKey = event.type === 'settings.changed' && event.payload.key === 'statusMappings';
    const rejected = checkConfigEvent(event, roleAt(event.actor, event.at), crossKey ? readSettings(values) : undefined);
    history.push({ event, rejected });
    if (rejected) continue;
    switch (event.type) {
      case 'settings.changed':
        values.set(event.payload.key, event.payload.value);
        if (event.payload.key === 'approvalTypes') approvalTypesHistory.push({ at: event.at, value: event.payload.value as string[] });
        break;
      case 'template.saved':
        templates.set(event.payload.template.id, event.payload.template);
        break;
      case 'template.removed':
        templates.delete(event.payload.templateId);
        break;
      case 'mute.added': {
        const key = muteKey(event.payload.source, event.payload.link);
        mutes.set(key, { key, source: event.payload.source, link: event.payload.link, by: event.actor, at: event.at });
        break;
      }
      case 'mute.removed':
        mutes.delete(event.payload.key);
        break;
    }
  }
  return { settings: readSettings(values), templates, mutes, history, approvalTypesHistory };
}

/** Did a change of configuration change anything the task fold reads? */
export function foldSettingsChanged(a: WorkspaceSettings, b: WorkspaceSettings): boolean {
  return FOLD_SETTING_KEYS.some((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}
