// CSV import, planned as a pure function: rows (already parsed, header -> cell)
// plus a column mapping become tasks to create, rows already imported, and rows
// with errors (each with its row number and a sentence for people). Nothing is
// written here; the caller shows the plan as a preview and then creates.
//
// Idempotent: every imported task carries a link {kind: 'import', id: key}
// where key is a hash of the row's mapped values, so importing the same file
// again (or a row twice) finds the key and creates nothing new.
import type { TaskCreatedPayload } from '../domain/events';
import { PRIORITIES, type Priority, type TaskState, type UserId } from '../domain/types';

export const IMPORT_FIELDS = ['title', 'description', 'owner', 'due', 'priority', 'tags'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** Field -> the CSV header it is read from (absent: not imported). */
export type ImportMapping = Partial<Record<ImportField, string>>;

export const IMPORT_LINK_KIND = 'import';

const GUESSES: Record<ImportField, readonly string[]> = {
  title: ['title', 'name', 'summary', 'task', 'subject'],
  description: ['description', 'notes', 'details', 'body'],
  owner: ['owner', 'assignee', 'assigned to', 'owner id'],
  due: ['due', 'due date', 'due at', 'due_at', 'deadline'],
  priority: ['priority'],
  tags: ['tags', 'labels', 'tag'],
};

/** A first mapping from the file's headers (case and spacing ignored). */
export function guessMapping(headers: readonly string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const normal = (header: string) => header.trim().toLowerCase().replace(/[_\s]+/g, ' ');
  for (const field of IMPORT_FIELDS) {
    const header = headers.find((candidate) => GUESSES[field].includes(normal(candidate)));
    if (header !== undefined) mapping[field] = header;
  }
  return mapping;
}

export interface ImportPerson {
  userId: UserId;
  displayName: string;
}

export type PlannedRow =
  | { row: number; kind: 'create'; key: string; payload: TaskCreatedPayload }
  | { row: number; kind: 'existing'; key: string; title: string; message: string }
  | { row: number; kind: 'error'; title: string; message: string };

export interface ImportPlan {
  rows: PlannedRow[];
  create: number;
  existing: number;
  errors: number;
}

/** FNV-1a over the mapped values: a stable key for "this row". */
function rowKey(values: readonly string[]): string {
  let hash = 0x811c9dc5;
  let second = 0x01000193;
  for (const char of values.join('\u001f')) {
    const code = char.codePointAt(0) ?? 0;
    hash = Math.imul(hash ^ code, 0x01000193) >>> 0;
    second = Math.imul(second ^ code, 0x5bd1e995) >>> 0;
  }
  return `${hash.toString(16).padStart(8, '0')}${second.toString(16).padStart(8, '0')}`;
}

function parseDue(text: string): string | null | undefined {
  if (text === '') return null;
  // A date without a time: due by the end of that day (local time).
  const at = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T23:59:00`) : Date.parse(text);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

export function planCsvImport(input: {
  records: readonly Record<string, string | undefined>[];
  mapping: ImportMapping;
  people: readonly ImportPerson[];
  existing: readonly TaskState[];
}): ImportPlan {
  const known = new Map<string, string>();
  for (const task of input.existing) {
    for (const link of task.links) if (link.kind === IMPORT_LINK_KIND) known.set(link.id, task.title);
  }
  const seen = new Map<string, number>();
  const rows: PlannedRow[] = [];
  input.records.forEach((record, index) => {
    // Row numbers as a spreadsheet shows them: the header is row 1.
    const row = index + 2;
    const cell = (field: ImportField) => {
      const header = input.mapping[field];
      return header === undefined ? '' : (record[header] ?? '').trim();
    };
    const title = cell('title');
    const values = IMPORT_FIELDS.map(cell);
    if (values.every((value) => value === '')) return;
    const fail = (message: string) => rows.push({ row, kind: 'error', title, message });
    if (title === '') return fail('No title.');
    const due = parseDue(cell('due'));
    if (due === undefined) return fail(`"${cell('due')}" is not a date (use 2026-12-24 or 2026-12-24T09:00).`);
    const priorityText = cell('priority').toLowerCase();
    if (priorityText !== '' && !PRIORITIES.includes(priorityText as Priority)) {
      return fail(`"${cell('priority')}" is not a priority (${PRIORITIES.join(', ')}).`);
    }
    const ownerText = cell('owner');
    const owner = ownerText === '' ? null
      : input.people.find((person) => person.displayName.toLowerCase() === ownerText.toLowerCase() || person.userId === ownerText) ?? undefined;
    if (owner === undefined) return fail(`"${ownerText}" is not a member of this workspace.`);
    const key = rowKey(values);
    const earlier = seen.get(key);
    if (known.has(key)) return rows.push({ row, kind: 'existing', key, title, message: 'Already imported.' });
    if (earlier !== undefined) return rows.push({ row, kind: 'existing', key, title, message: `Same as row ${earlier}.` });
    seen.set(key, row);
    const tags = cell('tags').split(/[,;]/).map((tag) => tag.trim()).filter(Boolean);
    rows.push({
      row, kind: 'create', key,
      payload: {
        title,
        description: cell('description'),
        ownerId: owner?.userId ?? null,
        dueAt: due,
        ...(priorityText !== '' ? { priority: priorityText as Priority } : {}),
        tags: [...new Set(tags)],
        links: [{ kind: IMPORT_LINK_KIND, id: key, label: `CSV row ${row}` }],
        origin: 'manual',
      },
    });
  });
  const count = (kind: PlannedRow['kind']) => rows.filter((entry) => entry.kind === kind).length;
  return { rows, create: count('create'), existing: count('existing'), errors: count('error') };
}
