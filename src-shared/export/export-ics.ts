// Tasks with a due time as iCalendar VTODO components (RFC 5545): CRLF line
// endings, lines folded at 75 octets without splitting a UTF-8 sequence, TEXT
// values escaped (\\ \; \, \n), times in UTC ("Z" form).
import type { TaskState } from '../../src-shared/domain/types';

const PRIORITY: Record<TaskState['priority'], number> = { urgent: 1, high: 3, normal: 5, low: 9 };
const STATUS: Record<TaskState['category'], string> = {
  unstarted: 'NEEDS-ACTION',
  started: 'IN-PROCESS',
  waiting: 'IN-PROCESS',
  approval: 'IN-PROCESS',
  done: 'COMPLETED',
  canceled: 'CANCELLED',
};

export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

export function utcStamp(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** UTF-8 octets of one code point (src-shared has no Buffer or TextEncoder). */
function utf8Octets(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/** Folds one content line to 75-octet lines (continuations start with a space). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Octets(char);
    const limit = out.length === 0 ? 75 : 74; // continuation lines spend one octet on the leading space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

export interface IcsOptions {
  now: Date;
  workspaceId: string;
  /** Domain part of UIDs, so a re-export updates the same calendar entries. */
  uidDomain?: string;
}

export function exportIcs(tasks: readonly TaskState[], options: IcsOptions): string {
  const domain = options.uidDomain ?? 'handoff.local';
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Handoff//Task export//EN', 'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(`Handoff ${options.workspaceId}`)}`];
  const stamp = utcStamp(options.now.toISOString());
  for (const task of tasks) {
    if (!task.dueAt) continue;
    lines.push('BEGIN:VTODO', `UID:${task.id}@${domain}`, `DTSTAMP:${stamp}`, `SUMMARY:${escapeText(task.title)}`);
    if (task.description) lines.push(`DESCRIPTION:${escapeText(task.description)}`);
    // RFC 5545: DTSTART must not be after DUE; drop it rather than write an invalid component.
    if (task.startAt && Date.parse(task.startAt) <= Date.parse(task.dueAt)) lines.push(`DTSTART:${utcStamp(task.startAt)}`);
    lines.push(`DUE:${utcStamp(task.dueAt)}`, `STATUS:${STATUS[task.category]}`, `PRIORITY:${PRIORITY[task.priority]}`);
    if (task.tags.length > 0) lines.push(`CATEGORIES:${task.tags.map(escapeText).join(',')}`);
    const url = task.links.find((l) => l.url)?.url;
    if (url) lines.push(`URL:${url}`);
    lines.push('END:VTODO');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
