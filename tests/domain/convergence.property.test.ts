// Property: three replicas apply random commands (each valid at the time on the
// replica that makes it) while partitioned, syncing now and then in random
// pairs; after a final sync in a random order, every replica folds to identical
// states, every invariant holds on every task, and no event is lost.
//
// Every sync goes through the relay's write check (sync-server/update-check.ts, the code the
// relay runs before it stores an update): each replica's changes are checked as its own user's
// before the relay's document takes them, so every honest command the app can issue is shown to
// pass the check — the check never refuses honest work, offline, skewed or conflicting.
import fc from 'fast-check';
import * as Y from 'yjs';
import { expect, test } from 'vitest';
import { invariantViolations } from '../../src-shared/domain/invariants';
import { createRepository, type TaskRepository } from '../../src-shared/doc/repository';
import { withMembers } from '../../src-shared/doc/test-support';
import { RoomRules } from '../../sync-server/room-rules';

/** A relay's document and its write check; replicas sync only through it. */
function relayModel() {
  const doc = withMembers(new Y.Doc());
  const rules = new RoomRules(doc);
  const up = (repo: TaskRepository) => {
    const update = Y.encodeStateAsUpdate(repo.doc, Y.encodeStateVector(doc));
    const refusal = rules.check(update, { tokenId: 't', workspace: 'w', userId: repo.actor, role: repo.roleOf(repo.actor) ?? 'viewer' });
    if (refusal) throw new Error(`the relay refused an honest update from ${repo.actor}: ${refusal.rule}: ${refusal.detail}`);
    Y.applyUpdate(doc, update);
  };
  const down = (repo: TaskRepository) => Y.applyUpdate(repo.doc, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(repo.doc)));
  return {
    replica(actor: string, now: () => number): TaskRepository {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      return createRepository(copy, { actor, now });
    },
    sync(a: TaskRepository, b: TaskRepository) {
      up(a);
      up(b);
      down(a);
      down(b);
    },
    destroy: () => rules.destroy(),
  };
}

const ACTORS = ['alice', 'bob', 'carol'] as const; // carol is a lead

type Step =
  | { kind: 'create'; at: number; owner: number; approval: boolean }
  | { kind: 'command'; at: number; task: number; command: number; arg: number }
  | { kind: 'sync'; from: number; to: number }
  | { kind: 'decide'; task: number; decision: number; from: number }
  | { kind: 'tick'; ms: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('create' as const), at: fc.nat(2), owner: fc.nat(3), approval: fc.boolean() }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('command' as const), at: fc.nat(2), task: fc.nat(20), command: fc.nat(15), arg: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sync' as const), from: fc.nat(2), to: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('decide' as const), task: fc.nat(20), decision: fc.nat(2), from: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 120_000 }) }) },
);

const owner = (n: number) => (n === 3 ? null : ACTORS[n] ?? null);

/** Run one random command; returns whether an event was appended. */
function runCommand(repo: TaskRepository, taskId: string, command: number, arg: number): boolean {
  const statuses = ['todo', 'in_progress', 'waiting_external', 'completed', 'cancelled'];
  const results = [
    () => repo.assign(taskId, owner(arg)),
    () => repo.transition(taskId, statuses[arg] ?? 'todo'),
    () => repo.submit(taskId),
    () => repo.approve(taskId),
    () => repo.reject(taskId, arg === 0 ? '' : 'not this time'),
    () => repo.requestChanges(taskId, 'attach the photo'),
    () => repo.complete(taskId),
    () => repo.dismiss(taskId, 'duplicate'),
    () => repo.reopen(taskId),
    () => repo.snooze(taskId, new Date(Date.UTC(2026, 10, 22, arg)).toISOString()),
    () => repo.unsnooze(taskId),
    () => repo.comment(taskId, `note ${arg}`),
    () => repo.handOff([taskId], owner(arg) ?? 'bob', 'shift change'),
    () => repo.acknowledgeHandoff(taskId),
    () => repo.edit(taskId, { priority: (['urgent', 'high', 'normal', 'low'] as const)[arg] ?? 'normal' }),
    () => repo.dispatch(taskId, { type: 'task.tagged', payload: { add: [`t${arg}`] } }),
  ];
  const before = repo.view.eventCount(taskId);
  const run = results[command % results.length];
  if (run) run();
  return repo.view.eventCount(taskId) > before;
}

test('replicas converge to identical, invariant-respecting states with no event lost', () => {
  // Guards against a vacuous property: merges must really produce conflicts and decisions.
  const seen = { rejectedByMerge: 0, approvals: 0, handoffs: 0 };
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 5, maxLength: 40 }), fc.array(fc.nat(2), { minLength: 6, maxLength: 6 }), (steps, finalOrder) => {
      let wall = Date.parse('2026-11-21T20:00:00.000Z');
      // Each device's wall clock is skewed differently: offline clocks disagree.
      const relay = relayModel();
      const replicas = ACTORS.map((actor, i) => relay.replica(actor, () => wall + (i - 1) * 45_000));
      const syncPair = (a: TaskRepository, b: TaskRepository) => relay.sync(a, b);
      const known: string[] = [];
      let appended = 0;
      for (const step of steps) {
        if (step.kind === 'tick') wall += step.ms;
        else if (step.kind === 'sync') {
          const from = replicas[step.from];
          const to = replicas[step.to];
          if (from && to && from !== to) syncPair(from, to);
        } else if (step.kind === 'decide') {
          // Lead Carol (replica 2) submits if needed and decides, like a lead working the approval queue.
          const lead = replicas[2] as TaskRepository;
          const source = replicas[step.from] as TaskRepository;
          // Half the time the lead hears from one operator first (a one-way sync).
          const taskId = known[step.task % Math.max(known.length, 1)];
          if (step.decision !== 1 && taskId && source.view.get(taskId)) {
            if (source.submit(taskId).ok) appended += 1;
            syncPair(source, lead);
          }
          if (taskId && lead.view.get(taskId)) {
            const decide = [() => lead.approve(taskId), () => lead.reject(taskId, 'over budget'), () => lead.requestChanges(taskId, 'add photo')][step.decision];
            if (decide?.().ok) appended += 1;
          }
        } else if (step.kind === 'create') {
          const repo = replicas[step.at] as TaskRepository;
          const created = repo.create({ title: `Task ${known.length}`, ownerId: owner(step.owner), requiresApproval: step.approval });
          if (created.ok) {
            known.push(created.value.id);
            appended += 1;
          }
        } else {
          const repo = replicas[step.at] as TaskRepository;
          const taskId = known[step.task % Math.max(known.length, 1)];
          if (taskId && repo.view.get(taskId) && runCommand(repo, taskId, step.command, step.arg)) appended += 1;
        }
      }
      // Final sync in a random order, then a full round so every pair has met.
      for (let i = 0; i + 1 < finalOrder.length; i += 1) {
        const x = replicas[finalOrder[i] as number] as TaskRepository;
        const y = replicas[finalOrder[i + 1] as number] as TaskRepository;
        if (x !== y) syncPair(x, y);
      }
      const [r0, r1, r2] = replicas as [TaskRepository, TaskRepository, TaskRepository];
      syncPair(r0, r1);
      syncPair(r1, r2);
      syncPair(r0, r2);

      let logged = 0;
      for (const id of known) {
        const reference = r0.view.get(id);
        expect(reference).toBeDefined();
        expect(r1.view.get(id)).toEqual(reference);
        expect(r2.view.get(id)).toEqual(reference);
        expect(r1.view.events(id)).toEqual(r0.view.events(id));
        const events = r0.view.events(id);
        logged += events.length;
        expect(invariantViolations(reference!, events, r0.settings())).toEqual([]);
        seen.rejectedByMerge += events.filter((e) => e.rejected !== null).length;
        seen.approvals += events.filter((e) => e.rejected === null && e.event.type === 'task.approved').length;
        seen.handoffs += events.filter((e) => e.rejected === null && e.event.type === 'task.handed_off').length;
      }
      expect(logged).toBe(appended);
      for (const r of replicas) r.destroy();
      relay.destroy();
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 3000) },
  );
  expect(seen.rejectedByMerge).toBeGreaterThan(0);
  expect(seen.approvals).toBeGreaterThan(0);
  expect(seen.handoffs).toBeGreaterThan(0);
  console.log(`convergence: ${JSON.stringify(seen)}`);
}, 120_000);
