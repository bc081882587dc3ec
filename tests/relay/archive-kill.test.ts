// The retention run against a relay killed with kill -9 mid-run, and the admin CLI's `archive stats` / `archive run`.
// A run writes its archive rows and the next generation's document in chunks, then flips the
// generation in one transaction: a relay or CLI killed at any moment restarts (discarding an
// unfinished run's rows) into either the old generation with nothing archived or the new one with
// exactly the closed tasks archived — never a task in both places or in neither — and running
// again finishes the job.
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createRepository } from '../../src-shared/doc/repository';
import { workspaceMaps } from '../../src-shared/doc/schema';
import { archivePaths, ArchiveRunResponseSchema, ArchiveStatsResponseSchema } from '../../src-shared/protocol/archive-api';
import { ArchiveStore } from '../../sync-server/archive-store';
import { GenerationStore, generationKey } from '../../sync-server/generations';
import { createRelay } from '../../sync-server/relay';
import { createToken, openRelayStore } from '../../sync-server/store';
import { relayCli } from '../support/relay-process';
import { startRelayProcess, tempDir, type RelayProcess } from './helpers';

const DAY = 86_400_000;
const W = 'yard';
const CLOSED = 1_500;
const OPEN = 300;

interface Outcome {
  generation: number;
  live: Set<string>;
  archived: Set<string>;
}

function inspect(file: string): Outcome {
  const store = openRelayStore(file);
  try {
    const { generation } = new GenerationStore(store.database.db).current(W);
    const stored = store.rooms.load(generationKey(W, generation));
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state);
    for (const row of stored.updates) Y.applyUpdate(doc, row.data);
    const live = new Set<string>();
    workspaceMaps(doc).tasks.forEach((log, id) => {
      if (log.length > 0) live.add(id);
    });
    doc.destroy();
    const archived = new Set([...new ArchiveStore(store.database.sqlite).all(W)].map((t) => t.record.taskId));
    if (generation > 0) {
      const old = store.rooms.load(generationKey(W, generation - 1));
      expect(old.snapshot === null && old.updates.length === 0).toBe(true);
    }
    return { generation, live, archived };
  } finally {
    store.close();
  }
}

/** Archived task rows on disk, visible or not (a killed run's chunks are there until a restart). */
function rawArchivedRows(file: string): number {
  const store = openRelayStore(file);
  try {
    return (store.database.sqlite.prepare('SELECT count(*) AS n FROM archived_tasks').get() as { n: number }).n;
  } finally {
    store.close();
  }
}

/** POSTs a retention run to a relay process and kills it -9 after `killAfterMs` (null: let it answer). */
async function runAndKill(file: string, admin: string, killAfterMs: number | null): Promise<number> {
  const relay = await startRelayProcess(file);
  const started = performance.now();
  const answer = fetch(`http://127.0.0.1:${relay.port}${archivePaths.run(W)}`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } })
    .then(async (response) => ArchiveRunResponseSchema.parse(await response.json()), () => null);
  if (killAfterMs !== null) {
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
    await relay.stop('SIGKILL');
    await answer;
    return killAfterMs;
  }
  expect(await answer).toEqual({ archivedTasks: CLOSED, archivedSuggestions: 0, generation: 1 });
  const ms = performance.now() - started;
  await relay.stop('SIGKILL');
  return ms;
}

/** A relay restarted on the file (in this process); with `run`, it runs retention. */
async function restart(file: string, run: boolean): Promise<void> {
  const relay = createRelay({ dbPath: file, retentionIntervalMs: 0 });
  try {
    if (run) await relay.archive.run(W);
  } finally {
    await relay.close();
  }
}

describe('archive run under kill -9, and the CLI', () => {
  const tmp = tempDir();
  const template = tmp.file('template.sqlite');
  const all = new Set<string>();
  const closed = new Set<string>();
  let admin = '';
  const relays: RelayProcess[] = [];

  beforeAll(() => {
    createToken(template, { workspace: W, user: 'ann', role: 'operator' });
    admin = createToken(template, { workspace: W, user: 'adm', role: 'admin' }).token;
    const doc = new Y.Doc();
    let clock = Date.now() - 60 * DAY;
    const repo = createRepository(doc, { actor: 'ann', now: () => clock });
    for (let i = 0; i < CLOSED + OPEN; i += 1) {
      const made = repo.create({ title: `Pallet ${i} count`, description: `bay ${i % 40}` });
      if (!made.ok) throw new Error(made.error.message);
      all.add(made.value.id);
      repo.comment(made.value.id, `checked row ${i}`);
      if (i < CLOSED) {
        repo.complete(made.value.id);
        closed.add(made.value.id);
      }
      clock += 1_000;
    }
    repo.destroy();
    const store = openRelayStore(template);
    store.rooms.appendMany([{ room: W, data: Y.encodeStateAsUpdate(doc) }]);
    store.close();
  }, 120_000);
  afterAll(async () => {
    for (const relay of relays) await relay.stop('SIGKILL');
    tmp.cleanup();
  });

  it('restarts consistent wherever the relay is killed during a run, and the next run completes it', async () => {
    const full = tmp.file('full.sqlite');
    copyFileSync(template, full);
    const runMs = await runAndKill(full, admin, null);
    const seen = new Set<number>();
    for (const fraction of [0.2, 0.5, 0.8, 0.95, 1.1, 1.5, 3]) {
      const file = tmp.file(`kill-${fraction}.sqlite`);
      copyFileSync(template, file);
      await runAndKill(file, admin, Math.round(runMs * fraction));
      const unfinished = rawArchivedRows(file);
      await restart(file, false);
      const outcome = inspect(file);
      seen.add(outcome.generation);
      console.info(`killed at ${fraction} of a run: ${unfinished} archive rows on disk; restarted at generation ${outcome.generation}, ${outcome.archived.size} archived`);
      // Never in both places, never lost.
      expect([...outcome.live].filter((id) => outcome.archived.has(id))).toEqual([]);
      expect(new Set([...outcome.live, ...outcome.archived])).toEqual(all);
      if (outcome.generation === 0) expect(outcome.archived.size).toBe(0);
      else expect(outcome.archived).toEqual(closed);
      // The next run finishes the job (or finds nothing left to do).
      await restart(file, true);
      const finished = inspect(file);
      expect(finished.generation).toBe(1);
      expect(finished.archived).toEqual(closed);
      expect(finished.live.size).toBe(OPEN);
    }
    expect(seen.has(0)).toBe(true);
  }, 300_000);

  it('archive stats and run on the file, and through a serving relay with an admin token', async () => {
    const file = tmp.file('cli.sqlite');
    copyFileSync(template, file);
    const before = ArchiveStatsResponseSchema.parse(JSON.parse(await relayCli(['archive', 'stats', '--db', file, '--workspace', W])));
    expect(before).toMatchObject({ generation: 0, liveTasks: CLOSED + OPEN, archivedTasks: 0, retentionDays: 14 });
    const relay = await startRelayProcess(file);
    relays.push(relay);
    await expect(relayCli(['archive', 'run', '--db', file, '--workspace', W])).rejects.toThrow(/pass --token/);
    const run = ArchiveRunResponseSchema.parse(JSON.parse(await relayCli(['archive', 'run', '--db', file, '--workspace', W, '--token', admin])));
    expect(run).toMatchObject({ archivedTasks: CLOSED, archivedSuggestions: 0, generation: 1 });
    const after = ArchiveStatsResponseSchema.parse(JSON.parse(await relayCli(['archive', 'stats', '--db', file, '--workspace', W, '--token', admin])));
    expect(after).toMatchObject({ generation: 1, liveTasks: OPEN, archivedTasks: CLOSED });
    expect(after.liveDocumentBytes).toBeLessThan(before.liveDocumentBytes / 3);
  }, 300_000);
});
