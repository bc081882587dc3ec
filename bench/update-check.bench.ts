// The relay's write check on its own (no sockets): an honest replica's 1,000 offline tasks with a
// comment and an assignment each (3,000 events in one sync step 2), checked as the relay does
// before it stores them, against the time yjs takes to apply the same update. Prints JSON.
import * as Y from 'yjs';
import { createRepository } from '../src-shared/doc/repository';
import { TEAM, withMembers } from '../src-shared/doc/test-support';
import { RoomRules } from '../sync-server/room-rules';

const TASKS = Number(process.env.BENCH_TASKS ?? 1_000);
const relayDoc = withMembers(new Y.Doc(), TEAM);
const rules = new RoomRules(relayDoc);
const doc = new Y.Doc();
Y.applyUpdate(doc, Y.encodeStateAsUpdate(relayDoc));
const repo = createRepository(doc, { actor: 'alice' });
for (let i = 0; i < TASKS; i += 1) {
  const created = repo.create({ title: `Offline task ${i}` });
  if (created.ok) {
    repo.comment(created.value.id, 'counted');
    repo.assign(created.value.id, 'bob');
  }
}
const update = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(relayDoc));
const principal = { tokenId: 't', workspace: 'w', userId: 'alice', role: 'operator' } as const;
const check: number[] = [];
const apply: number[] = [];
for (let round = 0; round < 7; round += 1) {
  let started = performance.now();
  if (rules.check(update, principal) !== null) throw new Error('an honest update was refused');
  check.push(performance.now() - started);
  const target = new Y.Doc();
  Y.applyUpdate(target, Y.encodeStateAsUpdate(relayDoc));
  started = performance.now();
  Y.applyUpdate(target, update);
  apply.push(performance.now() - started);
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
process.stdout.write(`${JSON.stringify({
  benchmark: 'update-check', events: TASKS * 3, updateBytes: update.byteLength,
  check_median_ms: +median(check).toFixed(2), apply_median_ms: +median(apply).toFixed(2),
  check_vs_apply: +(median(check) / median(apply)).toFixed(2),
})}\n`);
