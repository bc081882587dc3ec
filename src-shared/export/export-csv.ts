// The list view's columns as CSV (RFC 4180: CRLF, fields quoted when needed,
// quotes doubled). Cells that a spreadsheet would run as a formula (= + - @,
// tab, CR) get a leading apostrophe: an exported task title must not execute.
import { CSV_COLUMNS, type CsvColumn } from '../../src-shared/protocol/ipc';
import { stampToInstant } from '../../src-shared/domain/clock';
import type { TaskState } from '../../src-shared/domain/types';

const HEADERS: Record<CsvColumn, string> = {
  id: 'ID', title: 'Title', status: 'Status', priority: 'Priority', owner: 'Owner', due: 'Due',
  type: 'Type', queue: 'Queue', tags: 'Tags', links: 'Links', updated: 'Updated',
};

function cell(task: TaskState, column: CsvColumn): string {
  switch (column) {
    case 'id': return task.id;
    case 'title': return task.title;
    case 'status': return task.status;
    case 'priority': return task.priority;
    case 'owner': return task.ownerId ?? '';
    case 'due': return task.dueAt ?? '';
    case 'type': return task.type;
    case 'queue': return task.queue ?? '';
    case 'tags': return task.tags.join(' ');
    case 'links': return task.links.map((l) => `${l.kind}:${l.id}`).join(' ');
    case 'updated': return stampToInstant(task.updatedAt);
  }
}

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function exportCsv(tasks: readonly TaskState[], columns: readonly CsvColumn[] = CSV_COLUMNS): string {
  const rows = [columns.map((c) => csvField(HEADERS[c]))];
  for (const task of tasks) rows.push(columns.map((c) => csvField(cell(task, c))));
  return `${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;
}
