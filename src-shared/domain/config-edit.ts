// Editing the workspace's configuration: pure helpers the Settings view uses to
// build the next value of a setting (a status list, a list of names, shift ends,
// thresholds, a template) from what a lead typed. Each returns a Result with a
// sentence for people; the value then goes through the repository's checked
// config commands (config.ts), which have the last word.
import { isClosedCategory } from './statuses';
import type { Recurrence } from './recurrence';
import type { TaskTemplate } from './templates';
import { plural } from '../util/text';
import type { Result, StatusCategory, StatusDefinition, StatusMapping, TaskState } from './types';

const fail = (message: string): Result<never> => ({ ok: false, error: { code: 'invalid_payload', message } });
const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** A stable id from a label: "On hold" → "on_hold". */
export function slugify(label: string): string {
  return label.trim().toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** Open tasks (not completed or cancelled) whose status is `statusId`. */
export function statusUsage(tasks: readonly Pick<TaskState, 'status' | 'category'>[], statusId: string): number {
  let count = 0;
  for (const task of tasks) if (task.status === statusId && !isClosedCategory(task.category)) count += 1;
  return count;
}

export function addStatus(statuses: readonly StatusDefinition[], label: string, category: StatusCategory): Result<StatusDefinition[]> {
  const name = label.trim();
  if (name === '') return fail('A status needs a label.');
  const id = slugify(name);
  if (id === '') return fail('A status label needs a letter or a digit.');
  if (statuses.some((s) => s.id === id)) return fail(`There is already a status “${id}”.`);
  if (statuses.some((s) => s.label.toLowerCase() === name.toLowerCase())) return fail(`There is already a status labelled “${name}”.`);
  return ok([...statuses, { id, label: name, category }]);
}

export function renameStatus(statuses: readonly StatusDefinition[], id: string, label: string): Result<StatusDefinition[]> {
  const name = label.trim();
  if (name === '') return fail('A status needs a label.');
  if (!statuses.some((s) => s.id === id)) return fail(`There is no status “${id}”.`);
  if (statuses.some((s) => s.id !== id && s.label.toLowerCase() === name.toLowerCase())) return fail(`There is already a status labelled “${name}”.`);
  return ok(statuses.map((s) => (s.id === id ? { ...s, label: name } : s)));
}

/** Move a status up (-1) or down (+1) in the order the Board and pickers show. */
export function moveStatus(statuses: readonly StatusDefinition[], id: string, delta: -1 | 1): StatusDefinition[] {
  const list = [...statuses];
  const from = list.findIndex((s) => s.id === id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= list.length) return list;
  const [moved] = list.splice(from, 1) as [StatusDefinition];
  list.splice(to, 0, moved);
  return list;
}

/** What else names statuses: tracked sources' mappings and templates' default status. */
export interface StatusReferences {
  statusMappings?: Readonly<Record<string, StatusMapping>>;
  templates?: readonly Pick<TaskTemplate, 'name' | 'status'>[];
  /** Some task's log names the status (created in it, moved to it): see TaskRepository.statusInHistory. */
  inHistory?: boolean;
}

/**
 * Retire a status: not while open tasks use it, not while a status mapping or a
 * template names it, and never a category's last status.
 */
export function removeStatus(
  statuses: readonly StatusDefinition[], id: string, tasks: readonly Pick<TaskState, 'status' | 'category'>[],
  references: StatusReferences = {},
): Result<StatusDefinition[]> {
  const status = statuses.find((s) => s.id === id);
  if (!status) return fail(`There is no status “${id}”.`);
  const used = statusUsage(tasks, id);
  if (used > 0) return fail(`“${status.label}” is used by ${plural(used, 'open task')}; move them to another status first.`);
  // Logs keep naming a status after their tasks leave it; without its definition those
  // events would fold differently (a task created in it would not exist). Hide it instead.
  const closed = tasks.filter((t) => t.status === id).length;
  if (closed > 0) return fail(`“${status.label}” is the status of ${plural(closed, 'closed task')}; hide it from pickers instead.`);
  if (references.inHistory) return fail(`Tasks' histories name “${status.label}”; hide it from pickers instead.`);
  const mapping = Object.entries(references.statusMappings ?? {})
    .find(([, m]) => m.archived === id || Object.values(m.states).includes(id))?.[0];
  if (mapping !== undefined) return fail(`“${status.label}” is used by the status mapping “${mapping}”.`);
  const template = references.templates?.find((t) => t.status === id);
  if (template) return fail(`“${status.label}” is the default status of the template “${template.name}”.`);
  if (!statuses.some((s) => s.id !== id && s.category === status.category)) {
    return fail(`“${status.label}” is the only status in the ${status.category} category; every category needs one.`);
  }
  return ok(statuses.filter((s) => s.id !== id));
}

const COLOR = /^#[0-9a-f]{6}$/i;

/** A status's colour (#rrggbb), or back to its category's (null). */
export function setStatusColor(statuses: readonly StatusDefinition[], id: string, color: string | null): Result<StatusDefinition[]> {
  if (!statuses.some((s) => s.id === id)) return fail(`There is no status “${id}”.`);
  if (color !== null && !COLOR.test(color)) return fail(`“${color}” is not a colour (#rrggbb).`);
  return ok(statuses.map((s) => {
    if (s.id !== id) return s;
    const { color: _old, ...rest } = s;
    return color === null ? rest : { ...rest, color: color.toLowerCase() };
  }));
}

/** Hide a status from pickers (tasks in it keep it), or show it again; a category keeps one status people can pick. */
export function setStatusHidden(statuses: readonly StatusDefinition[], id: string, hidden: boolean): Result<StatusDefinition[]> {
  const status = statuses.find((s) => s.id === id);
  if (!status) return fail(`There is no status “${id}”.`);
  if (hidden && !statuses.some((s) => s.id !== id && s.category === status.category && !s.hidden)) {
    return fail(`“${status.label}” is the last status of the ${status.category} category that pickers show.`);
  }
  return ok(statuses.map((s) => {
    if (s.id !== id) return s;
    const { hidden: _old, ...rest } = s;
    return hidden ? { ...rest, hidden: true } : rest;
  }));
}

/** Add a name (a task type, a queue) to a list: slugified, unique. */
export function addName(list: readonly string[], text: string, what: string): Result<string[]> {
  const name = slugify(text);
  if (name === '') return fail(`A ${what} needs a name.`);
  if (list.includes(name)) return fail(`There is already a ${what} “${name}”.`);
  return ok([...list, name]);
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A local time of day as HH:MM (00:00–23:59); "6:00" is read as 06:00. */
export function parseTimeOfDay(text: string): Result<string> {
  const trimmed = text.trim();
  const padded = /^\d:\d\d$/.test(trimmed) ? `0${trimmed}` : trimmed;
  return HH_MM.test(padded) ? ok(padded) : fail(`“${trimmed}” is not a time of day (HH:MM, 00:00–23:59).`);
}

/** Add a shift end; the list stays sorted and without duplicates. */
export function addShiftEnd(list: readonly string[], text: string): Result<string[]> {
  const parsed = parseTimeOfDay(text);
  if (!parsed.ok) return parsed;
  if (list.includes(parsed.value)) return fail(`A shift already ends at ${parsed.value}.`);
  return ok([...list, parsed.value].sort());
}

export function parseExpiryHours(text: string): Result<number> {
  const hours = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(hours) && hours > 0 && hours <= 24 * 365
    ? ok(hours) : fail('Suggestion expiry is a number of hours greater than 0.');
}

/**
 * The auto-approve thresholds with one type's changed: a percentage 1–100, or
 * empty for off (no automatic approval for that type, the default).
 */
export function setThreshold(thresholds: Readonly<Record<string, number>>, type: string, percent: string): Result<Record<string, number>> {
  const next = { ...thresholds };
  if (percent.trim() === '') {
    delete next[type];
    return ok(next);
  }
  const value = Number(percent.trim());
  if (!Number.isFinite(value) || value <= 0 || value > 100) return fail('An auto-approve threshold is a confidence from 1 to 100 %, or empty for off.');
  next[type] = Math.round(value * 100) / 10_000;
  return ok(next);
}

export interface TemplateForm {
  id?: string;
  name: string;
  title: string;
  description: string;
  status: string;
  /** Hours from creation; empty for no due time. */
  dueHours: string;
  ownerId: string;
  /** Comma-separated. */
  tags: string;
  /** One item per line. */
  checklist: string;
  /** The repeat rule, set with its own controls (recurrence.ts); kept as it is by other edits. */
  recurrence?: Recurrence | null;
}

export const EMPTY_TEMPLATE_FORM: TemplateForm = { name: '', title: '', description: '', status: '', dueHours: '', ownerId: '', tags: '', checklist: '' };

export function templateToForm(template: TaskTemplate): TemplateForm {
  const offset = template.dueOffsetMinutes;
  return {
    id: template.id, name: template.name, title: template.title, description: template.description ?? '',
    status: template.status ?? '', dueHours: typeof offset === 'number' ? String(offset / 60) : '',
    ownerId: template.ownerId ?? '', tags: (template.tags ?? []).join(', '), checklist: (template.checklist ?? []).join('\n'),
    recurrence: template.recurrence ?? null,
  };
}

/** A template from the form, or the first thing wrong with it. */
export function templateFromForm(form: TemplateForm, statuses: readonly StatusDefinition[]): Result<Omit<TaskTemplate, 'id'> & { id?: string }> {
  const name = form.name.trim();
  const title = form.title.trim();
  if (name === '') return fail('A template needs a name.');
  if (title === '') return fail('A template needs a task title.');
  if (form.status !== '' && !statuses.some((s) => s.id === form.status)) return fail(`There is no status “${form.status}”.`);
  let dueOffsetMinutes: number | null = null;
  if (form.dueHours.trim() !== '') {
    const hours = Number(form.dueHours.trim());
    if (!Number.isFinite(hours) || hours < 0) return fail('The due offset is a number of hours (0 or more), or empty for none.');
    dueOffsetMinutes = Math.round(hours * 60);
  }
  const tags = [...new Set(form.tags.split(',').map((tag) => tag.trim()).filter(Boolean))];
  const checklist = form.checklist.split('\n').map((line) => line.trim()).filter(Boolean);
  return ok({
    ...(form.id ? { id: form.id } : {}),
    name, title, description: form.description.trim(),
    ...(form.status !== '' ? { status: form.status } : {}),
    dueOffsetMinutes, ownerId: form.ownerId === '' ? null : form.ownerId, tags, checklist,
    ...(form.recurrence ? { recurrence: form.recurrence } : {}),
  });
}

/** Quick create's `/name`: templates whose name starts with the text first, then those containing it. */
export function matchTemplates<T extends Pick<TaskTemplate, 'name'>>(templates: readonly T[], text: string): T[] {
  const needle = text.trim().toLowerCase();
  const rank = (t: T) => {
    const name = t.name.toLowerCase();
    if (needle === '') return 1;
    return name.startsWith(needle) ? 0 : name.split(/[\s\-_/]+/).some((word) => word.startsWith(needle)) ? 1 : name.includes(needle) ? 2 : 3;
  };
  return templates.filter((t) => rank(t) < 3).sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** The archive window: whole days a closed task stays in the live document (0: leaves at the next sweep). */
export function parseRetentionDays(text: string): Result<number> {
  const days = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(days) && days >= 0 && days <= 3650
    ? ok(days) : fail('The archive window is a whole number of days, from 0 to 3650.');
}
