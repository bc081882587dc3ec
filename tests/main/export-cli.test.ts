// `npm run export -- --workspace W --format json|ics|csv` against the local store
// (the local relay's SQLite file that `npm start` keeps).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { withMembers } from '../../src-shared/doc/test-support';
import { createRepository } from '../../src-shared/doc/repository';
import { createToken, openRelayStore } from '../../sync-server/store';
import { repoRoot } from './relay-process';
import { makeTempDir } from './temp-dir';

const temp = makeTempDir('handoff-export-cli-');
afterAll(() => temp.remove());

function seed(db: string): void {
  createToken(db, { workspace: 'demo', user: 'ann', role: 'lead' });
  const doc = new Y.Doc();
  const repository = createRepository(withMembers(doc, [{ userId: 'ann', role: 'lead' }]), { actor: 'ann' });
  const due = repository.create({ title: 'Call carrier, re PO-17', dueAt: '2026-12-02T09:00:00.000Z' });
  if (!due.ok) throw new Error(due.error.message);
  repository.comment(due.value.id, 'Left a message');
  repository.create({ title: '=HYPERLINK("x")' });
  const store = openRelayStore(db);
  store.rooms.appendMany([{ room: 'demo', data: Y.encodeStateAsUpdate(doc) }]);
  store.close();
}

const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/export.ts', ...args], { cwd: repoRoot, encoding: 'utf8' });

describe('npm run export', () => {
  const db = path.join(temp.dir, 'local-relay.sqlite');
  seed(db);

  it('writes JSON with every task and its full log, iCalendar VTODOs and a defused CSV', () => {
    const json = run('--db', db, '--workspace', 'demo', '--format', 'json');
    expect(json.status, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { tasks: { state: { title: string }; events: { event: { type: string } }[] }[] };
    expect(parsed.tasks.map((task) => task.state.title)).toEqual(['Call carrier, re PO-17', '=HYPERLINK("x")']);
    expect(parsed.tasks[0]!.events.map((entry) => entry.event.type)).toEqual(['task.created', 'task.commented']);

    const ics = run('--db', db, '--workspace', 'demo', '--format', 'ics');
    expect(ics.stdout).toContain('BEGIN:VTODO');
    expect(ics.stdout).toContain('SUMMARY:Call carrier\\, re PO-17');
    expect(ics.stdout.match(/BEGIN:VTODO/g)).toHaveLength(1);

    const csv = run('--db', db, '--workspace', 'demo', '--format', 'csv');
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^ID,Title,Status/);
    expect(csv.stdout).toContain(`"'=HYPERLINK(""x"")"`);
  }, 60_000);

  it('refuses an unknown workspace or format with a message', () => {
    const missing = run('--db', db, '--workspace', 'nope', '--format', 'json');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('No workspace "nope"');
    expect(run('--db', db, '--workspace', 'demo', '--format', 'xml').stderr).toContain('Unknown format');
  }, 60_000);
});
