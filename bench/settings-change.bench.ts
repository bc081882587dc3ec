// Applying a settings change on a 10,000-task replica (issue 11): the time from the
// checked config command to a refolded view, and how many tasks refolded. A key the
// fold does not read refolds nothing; a fold key (FOLD_SETTING_KEYS) refolds only the
// tasks it reaches (src-shared/domain/fold-impact.ts), against refolding every task.
// Prints JSON: per change, p50/p95 ms over ROUNDS and the tasks refolded.
import * as Y from 'yjs';
import { createRepository } from '../src-shared/doc/repository';
import { TEAM, withMembers } from '../src-shared/doc/test-support';
import { FOLD_SETTING_KEYS } from '../src-shared/domain/config';
import { DEFAULT_SETTINGS, DEFAULT_STATUSES } from '../src-shared/domain/statuses';
import type { StatusDefinition, WorkspaceSettings } from '../src-shared/domain/types';

const TASKS = Number(process.env.BENCH_TASKS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

const doc = withMembers(new Y.Doc(), TEAM);
const repo = createRepository(doc, { actor: 'carol' });
const onHold: StatusDefinition = { id: 'on_hold', label: 'On hold', category: 'waiting' };
const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
must(repo.updateSettings({ statuses: [...DEFAULT_STATUSES, onHold] }));
const built = performance.now();
for (let i = 0; i < TASKS; i += 1) {
  // 1% on hold, 2% tracked, the rest plain with a comment and an assignment.
  if (i % 100 === 0) {
    must(repo.create({ title: `Held ${i}`, status: 'on_hold', type: 'delivery' }));
  } else if (i % 50 === 1) {
    must(repo.create({ title: `Tracked ${i}`, tracking: { mapping: 'advance', source: 'm', sourceId: `q${i}`, state: 'not_started' } }));
  } else {
    const task = must(repo.create({ title: `Task ${i}`, type: 'delivery' }));
    repo.comment(task.id, 'noted');
    repo.assign(task.id, 'alice');
  }
}
const buildMs = performance.now() - built;

let refolded = 0;
repo.view.subscribe((change) => { refolded += change.changed.size; });

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

/** Alternate between two values of a setting; time each checked change until the view is refolded. */
function measure(name: string, patches: [Partial<WorkspaceSettings>, Partial<WorkspaceSettings>]) {
  const times: number[] = [];
  const counts: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    (globalThis as { gc?: () => void }).gc?.(); // collect outside the timed part
    refolded = 0;
    const started = performance.now();
    must(repo.updateSettings(patches[round % 2] as Partial<WorkspaceSettings>));
    times.push(performance.now() - started);
    counts.push(refolded);
  }
  return { change: name, p50_ms: +percentile(times, 50).toFixed(2), p95_ms: +percentile(times, 95).toFixed(2), tasks_refolded: Math.max(...counts) };
}

const mapping = (notStarted: string) => ({ advance: { ...DEFAULT_SETTINGS.statusMappings.advance, states: { not_started: notStarted, needs_review: 'pending_approval', done: 'completed' }, archived: 'cancelled' } });
const results = [
  measure('entityKinds (not a fold key)', [
    { entityKinds: [{ id: 'order', label: 'Order', urlPattern: 'https://erp/orders/{id}' }] }, { entityKinds: [{ id: 'order', label: 'PO', urlPattern: null }] },
  ]),
  measure('timeZone (not a fold key)', [{ timeZone: 'Europe/Paris' }, { timeZone: 'Asia/Tokyo' }]),
  measure('statuses: a colour and a label (fold key, reaches no fold)', [
    { statuses: [...DEFAULT_STATUSES, { ...onHold, color: '#aa5500' }] }, { statuses: [...DEFAULT_STATUSES, { ...onHold, label: 'Parked' }] },
  ]),
  measure('statuses: on_hold changes category (1% of tasks)', [
    { statuses: [...DEFAULT_STATUSES, { ...onHold, category: 'started' }] }, { statuses: [...DEFAULT_STATUSES, onHold] },
  ]),
  measure('statusMappings: advance not_started target (2% of tasks, tracked)', [{ statusMappings: mapping('in_progress') }, { statusMappings: mapping('todo') }]),
];

const all: number[] = [];
for (let round = 0; round < Math.min(ROUNDS, 10); round += 1) {
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  repo.view.refoldAll();
  all.push(performance.now() - started);
}

process.stdout.write(`${JSON.stringify({
  benchmark: 'settings-change', tasks: TASKS, events: [...doc.getMap<Y.Array<unknown>>('tasks').values()].reduce((n: number, log) => n + log.length, 0),
  build_s: +(buildMs / 1000).toFixed(1), rounds: ROUNDS, fold_keys: FOLD_SETTING_KEYS, results,
  refold_every_task: { p50_ms: +percentile(all, 50).toFixed(2), p95_ms: +percentile(all, 95).toFixed(2), tasks_refolded: repo.view.all().length },
}, null, 1)}\n`);
