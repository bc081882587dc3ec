// Status mappings (seed 001): a tracked source's states (not_started, needs_review,
// done, ...) mapped to the workspace's statuses, plus the status its tasks take
// while the source is archived. A mapping is complete when it maps at least one
// state, every status it names exists, and it names an archived status; an
// incomplete one is refused with a sentence that says what is missing (the
// config log runs this check, in the fold and on the relay).
import type { Result, StatusDefinition, StatusMapping } from './types';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const STATE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Why this mapping is incomplete or wrong, or null. */
export function statusMappingError(name: string, mapping: unknown, statuses: readonly Pick<StatusDefinition, 'id'>[]): string | null {
  const known = (id: unknown) => typeof id === 'string' && statuses.some((s) => s.id === id);
  if (!STATE.test(name)) return `“${name}” is not a mapping name (lower-case letters, digits, _ or -).`;
  if (!isObject(mapping)) return `The mapping “${name}” needs states and an archived status.`;
  if (!isObject(mapping.states) || Object.keys(mapping.states).length === 0) return `The mapping “${name}” maps no source state.`;
  for (const [state, status] of Object.entries(mapping.states)) {
    if (!STATE.test(state)) return `“${state}” in “${name}” is not a source state (lower-case letters, digits, _ or -).`;
    if (!known(status)) return `The mapping “${name}” sends “${state}” to “${String(status)}”, which is not a status of this workspace.`;
  }
  if (mapping.archived === undefined || mapping.archived === '') return `The mapping “${name}” has no archived status.`;
  if (!known(mapping.archived)) return `The mapping “${name}”'s archived status “${String(mapping.archived)}” is not a status of this workspace.`;
  if (Object.keys(mapping).some((key) => key !== 'states' && key !== 'archived')) return `The mapping “${name}” has an unknown field.`;
  return null;
}

export function statusMappingsError(value: unknown, statuses: readonly Pick<StatusDefinition, 'id'>[]): string | null {
  if (!isObject(value)) return 'Status mappings are named objects.';
  for (const [name, mapping] of Object.entries(value)) {
    const error = statusMappingError(name, mapping, statuses);
    if (error) return error;
  }
  return null;
}

/** "source_state = status_id" per line, as the Settings editor shows them. */
export function mappingStatesText(mapping: StatusMapping): string {
  return Object.entries(mapping.states).map(([state, status]) => `${state} = ${status}`).join('\n');
}

/** A mapping from the editor's fields, or the first thing wrong with it. */
export function mappingFromText(name: string, statesText: string, archived: string, statuses: readonly Pick<StatusDefinition, 'id'>[]): Result<{ name: string; mapping: StatusMapping }> {
  const fail = (message: string): Result<never> => ({ ok: false, error: { code: 'invalid_payload', message } });
  const states: Record<string, string> = {};
  const lines = statesText.split('\n').map((line) => line.trim()).filter(Boolean);
  for (const line of lines) {
    const match = /^([^=]+)=(.+)$/.exec(line);
    if (!match) return fail(`“${line}” is not “source state = status”.`);
    const state = (match[1] as string).trim();
    if (state in states) return fail(`“${state}” is mapped twice.`);
    states[state] = (match[2] as string).trim();
  }
  const mapping: StatusMapping = { states, archived: archived.trim() };
  const error = statusMappingError(name.trim(), mapping, statuses);
  return error ? fail(error) : { ok: true, value: { name: name.trim(), mapping } };
}
