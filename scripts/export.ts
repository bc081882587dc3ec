// `npm run export -- --workspace W --format json|ics|csv [--db FILE] [--out FILE]`
// Exports a workspace from the local store: the local relay's SQLite file that
// `npm start` keeps (data/local-relay.sqlite, or HANDOFF_DATA_DIR), opened
// read-only in spirit (nothing is written). Output goes to stdout unless --out.
// The formats are the app's own (src-shared/export): JSON with every task's
// full event log, iCalendar VTODOs for tasks with a due time, CSV of the List's
// columns (open tasks, in the List's default order). The live document read is the workspace's
// current generation; JSON also lists the tasks in the relay's archive.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { createRepository } from '../src-shared/doc/repository';
import { isClosedCategory } from '../src-shared/domain/statuses';
import { sortTasks } from '../src-shared/domain/sorting';
import { exportCsv } from '../src-shared/export/export-csv';
import { exportIcs } from '../src-shared/export/export-ics';
import { exportWorkspaceJson } from '../src-shared/export/export-json';
import type { TaskEvent } from '../src-shared/domain/events';
import { ArchiveStore } from '../sync-server/archive-store';
import { GenerationStore, generationKey } from '../sync-server/generations';
import { openRelayStore } from '../sync-server/store';

const USAGE = 'Usage: npm run export -- --workspace W --format json|ics|csv [--db FILE] [--out FILE]';

export function exportFromStore(options: { db: string; workspace: string; format: string; now?: Date }): string {
  const store = openRelayStore(options.db);
  try {
    const { generation } = new GenerationStore(store.database.db).current(options.workspace);
    const stored = store.rooms.load(generationKey(options.workspace, generation));
    if (stored.snapshot === null && stored.updates.length === 0) throw new Error(`No workspace "${options.workspace}" in ${options.db}.`);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update.data);
    // Roles come from the document's members log (the relay wrote it), as on every replica.
    const repository = createRepository(doc, { actor: 'export' });
    const now = options.now ?? new Date();
    try {
      switch (options.format) {
        case 'json': {
          const archived = [...new ArchiveStore(store.database.sqlite).all(options.workspace)].map(({ record, events }) => ({
            id: record.taskId, events: events as unknown as TaskEvent[],
            closedAt: new Date(record.closedAt).toISOString(), archivedAt: new Date(record.archivedAt).toISOString(),
          }));
          return exportWorkspaceJson(repository, options.workspace, now, archived);
        }
        case 'ics': return exportIcs(repository.view.all(), { now, workspaceId: options.workspace });
        case 'csv': return exportCsv(sortTasks(repository.view.all().filter((task) => !isClosedCategory(task.category)), 'due'));
        default: throw new Error(`Unknown format "${options.format}". ${USAGE}`);
      }
    } finally {
      repository.destroy();
      doc.destroy();
    }
  } finally {
    store.close();
  }
}

function main(): void {
  const { values } = parseArgs({
    options: { workspace: { type: 'string' }, format: { type: 'string' }, db: { type: 'string' }, out: { type: 'string' } },
  });
  if (!values.workspace || !values.format) throw new Error(USAGE);
  const dataDir = process.env.HANDOFF_DATA_DIR ?? path.resolve(import.meta.dirname, '..', 'data');
  const text = exportFromStore({ db: values.db ?? path.join(dataDir, 'local-relay.sqlite'), workspace: values.workspace, format: values.format });
  if (values.out) {
    writeFileSync(values.out, text);
    console.error(`Wrote ${values.out} (${values.format}, ${text.length} characters).`);
  } else {
    process.stdout.write(text);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  try {
    main();
  } catch (error) {
    console.error(`npm run export: ${(error as Error).message}`);
    process.exit(1);
  }
}
