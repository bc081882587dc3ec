import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { isClosedCategory } from '../domain/statuses';
import type { TaskEvent } from '../domain/events';
import { foldedEvents, foldTask } from '../domain/reducer';
import type { ArchiveBatchEventsResponse, ArchiveEventsResponse } from '../protocol/archive-api';
import { ArchiveRequestError } from '../protocol/archive-client';
import { portToGeneration, type ArchivePort } from './generation-move';
import { createRepository, type TaskRepository } from './repository';
import { workspaceMaps } from './schema';
import { replica, syncPair } from './test-support';

type Logged = Record<string, unknown> & { id: string; at: string; actor: string; type: string };

/**
 * The relay's side of a generation, as a model built from the domain's own fold (the real relay
 * lives in sync-server and is exercised in tests/relay): retention moves closed tasks' logs into
 * an archive and starts a new document with the live logs only, the same events. The archive
 * stores an event the fold accepts, refuses one it rejects, and moves a task that folds open
 * back into the live document.
 */
class GenerationModel {
  readonly archive = new Map<string, Logged[]>();
  live: Y.Doc;

  constructor(private readonly relay: TaskRepository) {
    this.live = relay.doc;
  }

  /** Archive every closed task, start a new generation holding the rest (members and config too). */
  retain(): Y.Doc {
    const old = workspaceMaps(this.live);
    const next = new Y.Doc();
    const maps = workspaceMaps(next);
    next.transact(() => {
      maps.members.push(old.members.toArray());
      maps.config.push(old.config.toArray());
      old.suggestions.forEach((log, id) => { const copy = new Y.Array<unknown>(); copy.push(log.toArray()); maps.suggestions.set(id, copy); });
      old.tasks.forEach((log, id) => {
        const events = log.toArray() as unknown as Logged[];
        const state = foldTask(id, events as unknown as TaskEvent[], this.relay.context()).state;
        if (state && isClosedCategory(state.category)) {
          this.archive.set(id, events);
          return;
        }
        const copy = new Y.Array<TaskEvent>();
        copy.push(events as unknown as TaskEvent[]);
        maps.tasks.set(id, copy);
      });
    }, 'relay');
    this.live = next;
    return next;
  }

  port(): ArchivePort {
    return {
      postBatch: async (tasks): Promise<ArchiveBatchEventsResponse> => ({
        tasks: tasks.map(({ taskId, events }) => {
          const answer = this.post(taskId, events);
          return answer ? { taskId, found: true, ...answer } : { taskId, found: false, accepted: [], refused: [], restored: false };
        }),
      }),
      // This model archives no suggestion: the relay answers 404 for one it does not hold.
      postSuggestionEvents: () => Promise.reject(new ArchiveRequestError(404, 'not_found', 'no such suggestion in the archive')),
    };
  }

  /** One task's events, as the relay's archive-port.ts treats them (null: the archive does not hold it). */
  private post(taskId: string, posted: readonly Record<string, unknown>[]): ArchiveEventsResponse | null {
    const log = this.archive.get(taskId);
    if (!log) return null;
    const answer: ArchiveEventsResponse = { accepted: [], refused: [], restored: false };
    for (const raw of posted as Logged[]) {
      if (log.some((e) => e.id === raw.id)) continue;
      const folded = foldedEvents(foldTask(taskId, [...log, raw] as unknown as TaskEvent[], this.relay.context()));
      const rejected = folded.find((f) => f.event.id === raw.id)?.rejected;
      if (rejected) answer.refused.push({ id: raw.id, reason: rejected.message });
      else {
        log.push(raw);
        answer.accepted.push(raw.id);
      }
    }
    const state = foldTask(taskId, log as unknown as TaskEvent[], this.relay.context()).state;
    if (state && !isClosedCategory(state.category)) {
      // A reopen: the whole log goes back into the live document.
      const copy = new Y.Array<TaskEvent>();
      copy.push(log as unknown as TaskEvent[]);
      this.live.transact(() => workspaceMaps(this.live).tasks.set(taskId, copy), 'relay');
      this.archive.delete(taskId);
      answer.restored = true;
    }
    return answer;
  }
}

const ids = (doc: Y.Doc, taskId: string) => (workspaceMaps(doc).tasks.get(taskId)?.toArray() ?? []).map((e) => e.id);

describe('porting offline edits to a new generation', () => {
  test('live edits are re-appended, archived ones go to the archive, refusals are kept, twice is a no-op', async () => {
    const alice = replica('alice');
    const live = alice.create({ title: 'Count pallets', ownerId: 'alice' });
    const done = alice.create({ title: 'Seal dock 4', ownerId: 'alice' });
    const another = alice.create({ title: 'Call carrier', ownerId: 'alice' });
    if (!live.ok || !done.ok || !another.ok) throw new Error('create');
    alice.complete(done.value.id);
    alice.complete(another.value.id);
    // Bob syncs, then goes offline for days.
    const bob = createRepository(new Y.Doc(), { actor: 'bob' });
    syncPair(alice.doc, bob.doc);
    expect(bob.comment(live.value.id, 'Counted 14').ok).toBe(true);
    expect(bob.comment(done.value.id, 'Seal number 88').ok).toBe(true);
    expect(bob.reopen(another.value.id, 'Carrier did not come').ok).toBe(true);
    const offline = bob.create({ title: 'Made offline', ownerId: 'bob' });
    if (!offline.ok) throw new Error('create');
    // Meanwhile retention runs on the relay: both completed tasks are archived.
    const model = new GenerationModel(alice);
    const next = model.retain();
    expect(workspaceMaps(next).tasks.has(done.value.id)).toBe(false);

    const fresh = createRepository(next, { actor: 'bob' });
    const result = await portToGeneration(bob.doc, fresh, model.port());
    expect(result.refused).toEqual([]);
    expect(result.reappended).toBe(2); // the live task's comment, the offline task's creation
    expect(result.archived).toBe(2); // the closed task's comment, the other's reopen
    expect(result.restored).toEqual([another.value.id]);
    expect(result.archivedOccurrences).toEqual([]); // no occurrence among them
    expect(fresh.view.get(live.value.id)?.comments.map((c) => c.body)).toEqual(['Counted 14']);
    expect(fresh.view.get(offline.value.id)?.title).toBe('Made offline');
    // The reopened task came back with its whole log; the commented one stays archived.
    expect(fresh.view.get(another.value.id)?.category).toBe('unstarted');
    expect(model.archive.get(done.value.id)?.map((e) => e.type)).toEqual(['task.created', 'task.completed', 'task.commented']);

    const again = await portToGeneration(bob.doc, fresh, model.port());
    expect(again).toEqual({ reappended: 0, archived: 0, restored: [], archivedOccurrences: [], refused: [] });
    expect(ids(next, live.value.id)).toHaveLength(2);
  });

  test('an edit of an archived task is refused by the rules and kept with the reason', async () => {
    // Explicit clocks: the completion (10:00) comes before bob's offline edit (10:05). With the wall
    // clock both fell in one millisecond and the tie-break (random client ids) decided the order.
    let now = Date.UTC(2026, 11, 7, 9, 0);
    const carol = replica('carol', undefined, () => now);
    const task = carol.create({ title: 'Inspect trailer', ownerId: 'carol' });
    if (!task.ok) throw new Error('create');
    const bob = createRepository(new Y.Doc(), { actor: 'bob', now: () => now });
    syncPair(carol.doc, bob.doc);
    now = Date.UTC(2026, 11, 7, 10, 0);
    carol.complete(task.value.id); // closed on the relay while bob was offline
    now = Date.UTC(2026, 11, 7, 10, 5);
    expect(bob.edit(task.value.id, { title: 'Inspect trailer 7' }).ok).toBe(true);
    const model = new GenerationModel(carol);
    const fresh = createRepository(model.retain(), { actor: 'bob' });
    const result = await portToGeneration(bob.doc, fresh, model.port());
    expect(result.refused.map((r) => [r.log, r.event.type])).toEqual([[`tasks/${task.value.id}`, 'task.edited']]);
    expect(result.refused[0]?.reason).toMatch(/completed; reopen it/);
    expect(model.archive.get(task.value.id)?.map((e) => e.type)).toEqual(['task.created', 'task.completed']);
  });

  test('an unreachable archive fails the port: the caller keeps the old replica', async () => {
    const alice = replica('alice');
    const task = alice.create({ title: 'Archived soon', ownerId: 'alice' });
    if (!task.ok) throw new Error('create');
    const bob = createRepository(new Y.Doc(), { actor: 'bob' });
    syncPair(alice.doc, bob.doc);
    bob.comment(task.value.id, 'offline note');
    alice.complete(task.value.id);
    const model = new GenerationModel(alice);
    const fresh = createRepository(model.retain(), { actor: 'bob' });
    const down: ArchivePort = { postBatch: () => Promise.reject(new Error('relay unreachable')), postSuggestionEvents: () => Promise.reject(new Error('relay unreachable')) };
    await expect(portToGeneration(bob.doc, fresh, down)).rejects.toThrow('relay unreachable');
    expect(await portToGeneration(bob.doc, fresh, model.port())).toMatchObject({ archived: 1, refused: [] });
  });
});

type Op =
  | { kind: 'comment'; task: number }
  | { kind: 'edit'; task: number }
  | { kind: 'complete'; task: number }
  | { kind: 'reopen'; task: number }
  | { kind: 'create' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('comment' as const), task: fc.nat(5) }),
  fc.record({ kind: fc.constant('edit' as const), task: fc.nat(5) }),
  fc.record({ kind: fc.constant('complete' as const), task: fc.nat(5) }),
  fc.record({ kind: fc.constant('reopen' as const), task: fc.nat(5) }),
  fc.record({ kind: fc.constant('create' as const) }),
);

function apply(repo: TaskRepository, tasks: string[], o: Op, n: number): void {
  if (o.kind === 'create') {
    const made = repo.create({ title: `new ${n}`, ownerId: repo.actor });
    if (made.ok) tasks.push(made.value.id);
    return;
  }
  const id = tasks[o.task % tasks.length] as string;
  if (o.kind === 'comment') repo.comment(id, `note ${n}`);
  else if (o.kind === 'edit') repo.edit(id, { title: `title ${n}` });
  else if (o.kind === 'complete') repo.complete(id);
  else repo.reopen(id, 'again');
}

test('property: across a generation move no own event is lost or duplicated, and porting twice adds nothing', async () => {
  await fc.assert(fc.asyncProperty(
    fc.array(op, { maxLength: 12 }), fc.array(op, { maxLength: 12 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    async (online, offline, closeFirst) => {
      const alice = replica('alice');
      const tasks: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const made = alice.create({ title: `t${i}`, ownerId: 'alice' });
        if (made.ok) tasks.push(made.value.id);
        if (made.ok && closeFirst[i]) alice.complete(made.value.id);
      }
      const bob = createRepository(new Y.Doc(), { actor: 'bob' });
      syncPair(alice.doc, bob.doc);
      const bobTasks = [...tasks];
      offline.forEach((o, n) => apply(bob, bobTasks, o, n));
      online.forEach((o, n) => apply(alice, tasks, o, 100 + n));
      const model = new GenerationModel(alice);
      const fresh = createRepository(model.retain(), { actor: 'bob' });
      const first = await portToGeneration(bob.doc, fresh, model.port());
      // Again (the app closed mid-move, the host keeps the first run's refusals): nothing at all.
      const second = await portToGeneration(bob.doc, fresh, model.port(), new Set(first.refused.map((r) => r.event.id)));
      expect(second).toMatchObject({ reappended: 0, archived: 0, restored: [], refused: [] });

      // Every one of bob's events is in the live document, in the archive, or refused: exactly once.
      const placed = new Map<string, number>();
      const count = (id: string) => placed.set(id, (placed.get(id) ?? 0) + 1);
      workspaceMaps(fresh.doc).tasks.forEach((log) => log.toArray().forEach((e) => count(e.id)));
      model.archive.forEach((log) => log.forEach((e) => count(e.id)));
      first.refused.forEach((r) => count(r.event.id));
      workspaceMaps(bob.doc).tasks.forEach((log) => log.toArray().forEach((e) => {
        if (e.actor === 'bob') expect(placed.get(e.id), `${e.type} ${e.id}`).toBe(1);
      }));
      // Nothing else was duplicated either.
      for (const [id, times] of placed) expect(times, id).toBe(1);
      fresh.destroy();
    },
  ), { numRuns: 150 });
});

describe('a command on an archived task', () => {
  test('is made and checked like a live one against the archived log, and appends nothing', () => {
    const alice = replica('alice');
    const made = alice.create({ title: 'Seal dock 4', ownerId: 'alice' });
    if (!made.ok) throw new Error(made.error.message);
    expect(alice.complete(made.value.id).ok).toBe(true);
    const log = workspaceMaps(alice.doc).tasks.get(made.value.id)?.toArray() as TaskEvent[];

    const elsewhere = replica('alice'); // a replica of a later generation: the task is not in it
    const reopen = elsewhere.prepareArchived(made.value.id, log, { type: 'task.reopened', payload: {} });
    if (!reopen.ok) throw new Error(reopen.error.message);
    expect(reopen.value).toMatchObject({ type: 'task.reopened', actor: 'alice' });
    expect(reopen.value.at > (log[log.length - 1]?.at ?? '')).toBe(true); // stamped after the archived log
    expect(foldTask(made.value.id, [...log, reopen.value], elsewhere.context()).state?.category).toBe('unstarted');
    expect(workspaceMaps(elsewhere.doc).tasks.has(made.value.id)).toBe(false);

    // A viewer may not reopen: the same rule as a live reopen refuses it.
    const viewer = replica('victor').prepareArchived(made.value.id, log, { type: 'task.reopened', payload: {} });
    expect(viewer.ok ? null : viewer.error.code).toBe('viewer_read_only');
  });
});
