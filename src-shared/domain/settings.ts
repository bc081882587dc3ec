// Workspace settings as stored in the document, read defensively: every key
// falls back to its default, and a status list missing a category gets the
// default status for it, so the fold always has somewhere to land.
import { entityKindsError } from './entity-kinds';
import { DEFAULT_SETTINGS, DEFAULT_STATUSES } from './statuses';
import { isTimeZone } from './time-zone';
import { STATUS_CATEGORIES, type StatusDefinition, type WorkspaceSettings } from './types';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** #rrggbb, the form the Board and the settings colour input share. */
export const STATUS_COLOR = /^#[0-9a-f]{6}$/i;

/** A status's optional fields, kept only when well formed (a bad colour is dropped, not painted). */
function readStatusExtras(s: StatusDefinition): StatusDefinition {
  const { id, label, category, color, hidden } = s;
  return {
    id, label, category,
    ...(typeof color === 'string' && STATUS_COLOR.test(color) ? { color } : {}),
    ...(hidden === true ? { hidden: true } : {}),
  };
}

function readStatuses(value: unknown): StatusDefinition[] {
  const statuses = Array.isArray(value)
    ? value.filter((s): s is StatusDefinition =>
        isObject(s) && typeof s.id === 'string' && s.id !== '' && typeof s.label === 'string' &&
        (STATUS_CATEGORIES as readonly unknown[]).includes(s.category))
      .map(readStatusExtras)
    : [];
  const complete = [...statuses];
  for (const category of STATUS_CATEGORIES) {
    if (!complete.some((s) => s.category === category)) {
      const fallback = DEFAULT_STATUSES.find((s) => s.category === category) as StatusDefinition;
      if (!complete.some((s) => s.id === fallback.id)) complete.push(fallback);
    }
  }
  return complete;
}

function readStatusMappings(value: unknown): WorkspaceSettings['statusMappings'] {
  if (!isObject(value)) return DEFAULT_SETTINGS.statusMappings;
  const mappings: WorkspaceSettings['statusMappings'] = {};
  for (const [name, mapping] of Object.entries(value)) {
    if (!isObject(mapping) || !isObject(mapping.states) || typeof mapping.archived !== 'string') continue;
    const states = Object.fromEntries(Object.entries(mapping.states).filter(([, status]) => typeof status === 'string'));
    mappings[name] = { states: states as Record<string, string>, archived: mapping.archived };
  }
  return mappings;
}

/** Settings from raw stored values (key -> JSON value). */
export function readSettings(stored: ReadonlyMap<string, unknown>): WorkspaceSettings {
  const pick = <K extends keyof WorkspaceSettings>(key: K, valid: (v: unknown) => boolean): WorkspaceSettings[K] => {
    const value = stored.get(key);
    return (value !== undefined && valid(value) ? value : DEFAULT_SETTINGS[key]) as WorkspaceSettings[K];
  };
  const stringArray = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  return {
    statuses: readStatuses(stored.get('statuses') ?? DEFAULT_SETTINGS.statuses),
    taskTypes: pick('taskTypes', stringArray),
    queues: pick('queues', stringArray),
    allowSelfApproval: pick('allowSelfApproval', (v) => typeof v === 'boolean'),
    approvers: pick('approvers', stringArray),
    statusMappings: readStatusMappings(stored.get('statusMappings') ?? DEFAULT_SETTINGS.statusMappings),
    autoApproveThresholds: pick('autoApproveThresholds', isObject),
    suggestionExpiryHours: pick('suggestionExpiryHours', (v) => typeof v === 'number' && v > 0),
    shiftEnds: pick('shiftEnds', stringArray),
    retentionDays: pick('retentionDays', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0),
    entityKinds: pick('entityKinds', (v) => entityKindsError(v) === null),
    timeZone: pick('timeZone', (v) => v === null || (typeof v === 'string' && isTimeZone(v))),
    queueOwners: pick('queueOwners', (v) => isObject(v) && Object.values(v).every((owner) => typeof owner === 'string' && owner !== '')),
    approvalTypes: pick('approvalTypes', stringArray),
    listLabels: pick('listLabels', (v) => isObject(v) && Object.values(v).every((label) => typeof label === 'string' && label.trim() !== '')),
  };
}
