// Exports from a real replica: JSON with full event logs (rejected events too),
// iCalendar VTODOs read back by a real calendar parser (ical.js), and CSV.
import ICAL from 'ical.js';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { replica, TEAM, writeMembers } from '../../src-shared/doc/test-support';
import { exportCsv, csvField } from '../../src-shared/export/export-csv';
import { exportIcs, foldLine } from '../../src-shared/export/export-ics';
import { exportWorkspaceJson, type WorkspaceExport } from '../../src-shared/export/export-json';
import { WorkspaceReplica } from '../../src-main/replica/workspace-replica';
import { makeTempDir } from './temp-dir';

const temp = makeTempDir();
const replica_ = WorkspaceReplica.open({ file: temp.file('export.sqlite'), workspaceId: 'ws-export', userId: 'alice' });
writeMembers(replica_.doc, TEAM);
afterAll(() => {
  replica_.close();
  temp.remove();
});

const repo = replica_.repository;
const tricky = 'Lieferung 4711; Zoll, "Freigabe"\nbitte prüfen — 東京 ✓ '.repeat(3).trim();
const due = repo.create({
  title: tricky, description: 'Line one\nLine two; with, punctuation \\ backslash', ownerId: 'alice',
  dueAt: '2026-11-23T09:30:00.000Z', startAt: '2026-11-22T08:00:00.000Z', priority: 'urgent', tags: ['customs', 'de'],
  links: [{ kind: 'shipment', id: 'SH-1', label: 'Shipment 1', url: 'https://tms.example/SH-1' }],
});
const plain = repo.create({ title: '=HYPERLINK("http://evil")', ownerId: 'bob' });
const done = repo.create({ title: 'Closed one', dueAt: '2026-11-20T10:00:00.000Z' });
if (!due.ok || !plain.ok || !done.ok) throw new Error('setup failed');
repo.comment(due.value.id, 'Broker called back');
// A concurrent edit on another device that the merged order makes invalid: bob
// starts the task while alice (here) completes it; bob's event sorts after the
// completion, so it stays in the log, marked rejected.
const bob = replica('bob', TEAM, () => Date.now() + 60_000);
Y.applyUpdate(bob.doc, Y.encodeStateAsUpdate(replica_.doc));
repo.complete(done.value.id);
expect(bob.transition(done.value.id, 'in_progress').ok).toBe(true);
Y.applyUpdate(replica_.doc, Y.encodeStateAsUpdate(bob.doc, Y.encodeStateVector(replica_.doc)), 'relay');

describe('exports', () => {
  it('JSON holds every task with its full event log', () => {
    const parsed = JSON.parse(exportWorkspaceJson(repo, 'ws-export', new Date('2026-11-22T00:00:00Z'))) as WorkspaceExport;
    expect(parsed.format).toBe('handoff.workspace-export.v1');
    expect(parsed.tasks.map((t) => t.state.id).sort()).toEqual([due.value.id, plain.value.id, done.value.id].sort());
    const dueEntry = parsed.tasks.find((t) => t.state.id === due.value.id)!;
    expect(dueEntry.events.map((e) => e.event.type)).toEqual(['task.created', 'task.commented']);
    expect(dueEntry.state.title).toBe(tricky);
    const doneEntry = parsed.tasks.find((t) => t.state.id === done.value.id)!;
    expect(doneEntry.events.map((e) => [e.event.type, e.rejected === null])).toEqual([
      ['task.created', true], ['task.completed', true], ['task.status_changed', false],
    ]);
    expect(doneEntry.events[2]!.rejected!.message).toMatch(/\w/);
    for (const entry of parsed.tasks) {
      expect(entry.events).toEqual(repo.view.events(entry.state.id));
    }
  });

  it('iCalendar VTODOs of tasks with a due date parse back with ical.js', () => {
    const text = exportIcs(repo.view.all(), { now: new Date('2026-11-22T00:00:00Z'), workspaceId: 'ws-export' });
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text.endsWith('\r\n')).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const todos = calendar.getAllSubcomponents('vtodo');
    expect(todos).toHaveLength(2);
    const byUid = new Map(todos.map((t) => [String(t.getFirstPropertyValue('uid')), t]));
    const todo = byUid.get(`${due.value.id}@handoff.local`)!;
    expect(todo.getFirstPropertyValue('summary')).toBe(tricky);
    expect(todo.getFirstPropertyValue('description')).toBe('Line one\nLine two; with, punctuation \\ backslash');
    const dueTime = todo.getFirstPropertyValue('due') as ICAL.Time;
    expect(dueTime.toJSDate().toISOString()).toBe('2026-11-23T09:30:00.000Z');
    expect((todo.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe('2026-11-22T08:00:00.000Z');
    expect(todo.getFirstPropertyValue('priority')).toBe(1);
    expect(todo.getFirstPropertyValue('status')).toBe('NEEDS-ACTION');
    expect(todo.getFirstProperty('categories')!.getValues()).toEqual(['customs', 'de']);
    expect(todo.getFirstPropertyValue('url')).toBe('https://tms.example/SH-1');
    expect(byUid.get(`${done.value.id}@handoff.local`)!.getFirstPropertyValue('status')).toBe('COMPLETED');
  });

  it('folds long lines without splitting a UTF-8 character', () => {
    const folded = foldLine(`SUMMARY:${'東'.repeat(60)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n ').join('')).toBe(`SUMMARY:${'東'.repeat(60)}`);
  });

  it('CSV has the list columns, quotes what needs it and defuses formulas', () => {
    const csv = exportCsv([due.value, plain.value].map((t) => repo.view.get(t.id)!), ['id', 'title', 'owner', 'due', 'tags']);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('ID,Title,Owner,Due,Tags');
    expect(csv).toContain(`"${tricky.replace(/"/g, '""')}"`);
    expect(lines.at(-2)).toBe(`${plain.value.id},"'=HYPERLINK(""http://evil"")",bob,,`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('plain')).toBe('plain');
  });
});
