// The Yjs layer of the local store on real SQLite files: durability across
// reopen and kill -9, compaction, migration from the previous schema, and a
// corrupt file moved aside (never deleted).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTaskLog, workspaceMaps } from '../../src-shared/doc/schema';
import type { TaskEvent } from '../../src-shared/domain/events';
import { DEFAULT_MIGRATIONS_FOLDER, openDatabase } from '../../src-main/db/open-database';
import { WorkspaceStore } from '../../src-main/db/workspace-store';
import { YjsStore } from '../../src-main/db/yjs-store';
import { makeTempDir } from './temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

const comment = (id: string): TaskEvent =>
  ({ id, type: 'task.commented', actor: 'u1', at: id, payload: { commentId: id, body: `body ${id}` } }) as TaskEvent;

function eventIds(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  for (const log of workspaceMaps(doc).tasks.values()) for (const event of log.toArray()) ids.add(event.id);
  return ids;
}

function openAndLoad(file: string, workspaceId = 'ws-1') {
  const store = WorkspaceStore.open({ file, workspaceId });
  const doc = new Y.Doc();
  const loaded = store.load(doc);
  return { store, doc, loaded };
}

describe('the Yjs update log', () => {
  it('keeps 10,000 events written one command at a time across a reopen, and after compaction', () => {
    const file = temp.file('ten-thousand.sqlite');
    const { store, doc } = openAndLoad(file);
    store.bind(doc, { isRemote: () => false });
    const maps = workspaceMaps(doc);
    for (let i = 0; i < 10_000; i += 1) {
      doc.transact(() => ensureTaskLog(maps, `t${i % 2500}`).push([comment(`e${i}`)]));
    }
    expect(store.yjs.updateCount()).toBe(10_000);
    store.close();

    const reopened = openAndLoad(file);
    expect(reopened.loaded.rowsApplied).toBe(10_000);
    expect(eventIds(reopened.doc).size).toBe(10_000);
    const compacted = reopened.store.yjs.compact();
    expect(compacted).toEqual({ compacted: true, foldedUpdates: 10_000 });
    expect(reopened.store.yjs.updateCount()).toBe(0);
    expect(reopened.store.sqlite.pragma('freelist_count', { simple: true })).toBe(0); // pages handed back
    reopened.store.close();

    const third = openAndLoad(file);
    expect(third.loaded.rowsApplied).toBe(1);
    expect(eventIds(third.doc).size).toBe(10_000);
    third.store.close();
  });

  it('compacts from the live document while it keeps changing, without losing a later update', () => {
    const file = temp.file('live-compaction.sqlite');
    const { store, doc } = openAndLoad(file);
    store.bind(doc, { isRemote: () => false });
    const maps = workspaceMaps(doc);
    for (let i = 0; i < 30; i += 1) doc.transact(() => ensureTaskLog(maps, `t${i % 7}`).push([comment(`a${i}`)]));
    expect(store.compactIfNeeded(true)).toEqual({ compacted: true, foldedUpdates: 30 });
    for (let i = 0; i < 5; i += 1) doc.transact(() => ensureTaskLog(maps, `t${i}`).push([comment(`b${i}`)]));
    expect(store.yjs.updateCount()).toBe(5);
    store.close();
    const reopened = openAndLoad(file);
    expect(reopened.loaded.rowsApplied).toBe(6);
    expect(eventIds(reopened.doc).size).toBe(35);
    reopened.store.close();
  });

  it('does not compact, and keeps every row, while an update is missing its dependencies', () => {
    const file = temp.file('missing.sqlite');
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    const maps = workspaceMaps(source);
    for (let i = 0; i < 3; i += 1) source.transact(() => ensureTaskLog(maps, 't1').push([comment(`e${i}`)]));
    const db = openDatabase(file);
    const yjs = new YjsStore(db.sqlite);
    yjs.append(updates[0]!, 'remote');
    yjs.append(updates[2]!, 'remote'); // updates[1] never arrived
    expect(yjs.compact()).toMatchObject({ compacted: false, skipped: 'missing_dependencies' });
    expect(yjs.updateCount()).toBe(2);
    yjs.append(updates[1]!, 'remote');
    expect(yjs.compact()).toEqual({ compacted: true, foldedUpdates: 3 });
    const doc = new Y.Doc();
    expect(yjs.loadInto(doc, 'test').missingDependencies).toBe(false);
    expect(eventIds(doc)).toEqual(new Set(['e0', 'e1', 'e2']));
    db.sqlite.close();
  });

  it('keeps every write a kill -9 child reported durable', async () => {
    const file = temp.file('killed.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures/durable-writer.ts'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let out = '';
    child.stdout.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        // Kill once it has been writing for a while, at an arbitrary point in a batch.
        if (out.length > 40_000 && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
    });
    await exited;
    const reported = out.split('\n').filter((line) => /^e-\d+-\d+$/.test(line));
    expect(reported.length).toBeGreaterThan(1000);
    const { store, doc } = openAndLoad(file, 'ws-kill');
    const present = eventIds(doc);
    const missing = reported.filter((id) => !present.has(id));
    expect(missing).toEqual([]);
    store.close();
  });
});

describe('migrations', () => {
  it('migrates a file written by the previous schema (v1: Yjs tables only) and keeps its data', () => {
    const previous = path.join(temp.dir, 'migrations-v1');
    cpSync(DEFAULT_MIGRATIONS_FOLDER, previous, { recursive: true });
    const journalFile = path.join(previous, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] };
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx === 0) }));

    const file = temp.file('old.sqlite');
    const old = openDatabase(file, { migrationsFolder: previous });
    expect(old.migrationsApplied).toBe(1);
    const source = new Y.Doc();
    source.transact(() => ensureTaskLog(workspaceMaps(source), 't1').push([comment('kept')]));
    new YjsStore(old.sqlite).append(Y.encodeStateAsUpdate(source), 'local');
    const tables = (db: typeof old.sqlite) =>
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables(old.sqlite)).not.toContain('tasks');
    old.sqlite.close();

    const { store, doc } = openAndLoad(file);
    // Every migration after v1's (the projection, its FTS, the archive cache, ...).
    expect(store.db.migrationsApplied).toBe(journal.entries.length - 1);
    expect(tables(store.sqlite)).toEqual(expect.arrayContaining(['tasks', 'task_tags', 'task_links', 'task_fts']));
    expect(eventIds(doc)).toEqual(new Set(['kept']));
    store.close();

    const again = openDatabase(file);
    expect(again.migrationsApplied).toBe(0);
    again.sqlite.close();
  });
});

describe('a corrupt or unreadable file', () => {
  it('moves a file that is not a database aside, byte for byte, and starts a fresh one', () => {
    const file = temp.file('garbage.sqlite');
    const garbage = Buffer.from('this is not an SQLite database, but an operator may need it back '.repeat(100));
    writeFileSync(file, garbage);
    const { store } = openAndLoad(file);
    const moved = store.db.movedAside;
    expect(moved).not.toBeNull();
    expect(readFileSync(moved!.movedTo)).toEqual(garbage);
    expect(store.recoveryMessage()).toMatch(/could not be read .* moved to .*garbage\.sqlite\.corrupt-/);
    expect(store.yjs.updateCount()).toBe(0);
    store.close();
  });

  it('moves a file with damaged pages aside and salvages the changes it can still read', () => {
    const file = temp.file('damaged.sqlite');
    const first = openAndLoad(file);
    first.store.bind(first.doc, { isRemote: () => false });
    const maps = workspaceMaps(first.doc);
    for (let i = 0; i < 50; i += 1) first.doc.transact(() => ensureTaskLog(maps, `t${i}`).push([comment(`e${i}`)]));
    first.store.close();
    // Overwrite the B-tree pages of the tables (from page 3 on) with noise; keep the header page.
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(size - 8192, 0xa5), 0, size - 8192, 8192);
    closeSync(fd);

    const { store, doc } = openAndLoad(file);
    expect(store.db.movedAside).not.toBeNull();
    expect(existsSync(store.db.movedAside!.movedTo)).toBe(true);
    expect(store.salvage).not.toBeNull();
    expect(store.recoveryMessage()).toContain('moved to');
    store.bind(doc, { isRemote: () => false });
    // Whatever was salvaged is now in the fresh file, as local changes to re-send.
    expect(eventIds(doc).size).toBeLessThanOrEqual(50);
    store.close();
  });

  it('moves aside a cleanly closed file whose update log turns out damaged when it is loaded', () => {
    const file = temp.file('rot.sqlite');
    const first = openAndLoad(file);
    first.store.bind(first.doc, { isRemote: () => false });
    const maps = workspaceMaps(first.doc);
    for (let i = 0; i < 20; i += 1) first.doc.transact(() => ensureTaskLog(maps, `t${i}`).push([comment(`e${i}`)]));
    const root = first.store.sqlite.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'yjs_updates'").pluck().get() as number;
    const pageSize = first.store.sqlite.pragma('page_size', { simple: true }) as number;
    first.store.close(); // clean close: the next open skips quick_check
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);

    const store = WorkspaceStore.open({ file, workspaceId: 'ws-1' });
    expect(store.db.movedAside).toBeNull(); // the damage is not seen at open...
    const doc = new Y.Doc();
    store.load(doc); // ...but on the read that meets it
    expect(store.db.movedAside?.reason).toMatch(/malformed|corrupt/i);
    expect(existsSync(store.db.movedAside!.movedTo)).toBe(true);
    expect(store.recoveryMessage()).toContain('moved to');
    store.close();
  });

  it('moves aside a file with a row Yjs cannot decode, keeping every decodable change', () => {
    const file = temp.file('undecodable.sqlite');
    const first = openAndLoad(file);
    first.store.bind(first.doc, { isRemote: () => false });
    const maps = workspaceMaps(first.doc);
    for (let i = 0; i < 5; i += 1) first.doc.transact(() => ensureTaskLog(maps, `t${i}`).push([comment(`e${i}`)]));
    // A value SQLite reads fine but that is not a Yjs update any more (bit rot inside a row).
    first.store.sqlite.prepare('INSERT INTO yjs_updates (data, origin, created_at) VALUES (?, ?, ?)').run(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]), 'local', 0);
    first.store.close();

    const { store, doc } = openAndLoad(file);
    expect(store.db.movedAside?.reason).toMatch(/update \d+ cannot be decoded/);
    store.bind(doc, { isRemote: () => false });
    expect(eventIds(doc)).toEqual(new Set(['e0', 'e1', 'e2', 'e3', 'e4']));
    expect(store.recoveryMessage()).toMatch(/5 stored change\(s\) were recovered from it \(1 could not be decoded\)/);
    expect(store.yjs.updateCount()).toBe(1); // what was recovered, stored again as one local update
    store.close();
    const again = openAndLoad(file);
    expect(again.store.db.movedAside).toBeNull();
    expect(eventIds(again.doc)).toEqual(new Set(['e0', 'e1', 'e2', 'e3', 'e4']));
    again.store.close();
  });

  it('refuses a file written by a newer version instead of touching it', () => {
    const file = temp.file('newer.sqlite');
    const db = openDatabase(file);
    db.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', 9_999_999_999_999);
    db.sqlite.close();
    expect(() => openDatabase(file)).toThrow(/newer version of Handoff/);
    expect(existsSync(file)).toBe(true);
  });
});
