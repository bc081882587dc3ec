// A realistic operations workspace for the Overview, Calendar and Gantt benchmark
// and screenshots: tasks created over the last ten weeks, due from two weeks ago
// to three weeks ahead (some at 23:30, some without a date), half with a start,
// several owners and entity kinds (order, shipment, lot, invoice, trip, none),
// every status, and prerequisites inside a group. Deterministic (seeded).
import * as Y from 'yjs';
import { withMembers, type TestMember } from '../src-shared/doc/test-support';
import { createRepository } from '../src-shared/doc/repository';
import { PRIORITIES } from '../src-shared/domain/types';
import { BENCH_USER } from './ui-seed';

const DAY = 86_400_000;
export const OWNERS = [BENCH_USER, 'bob', 'chen', 'dana', 'emeka', 'farah', null] as const;

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const KINDS: readonly { kind: string | null; prefix: string; titles: readonly string[]; type: string }[] = [
  { kind: 'shipment', prefix: 'SH-', type: 'delivery', titles: ['Rebook carrier for', 'Customs documents for', 'POD missing for', 'Confirm ETA of', 'Reefer alarm on'] },
  { kind: 'order', prefix: 'SO-', type: 'follow_up', titles: ['Confirm pick list for', 'Chase payment on', 'Split delivery of', 'Call customer about'] },
  { kind: 'lot', prefix: 'L-', type: 'qc', titles: ['QC inspection of', 'Release quarantine on', 'Recount'] },
  { kind: 'invoice', prefix: 'INV-', type: 'follow_up', titles: ['Overdue:', 'Dispute on', 'Credit note for'] },
  { kind: 'trip', prefix: 'T-', type: 'delivery', titles: ['Rebook transfer for', 'Driver hours check on'] },
  { kind: null, prefix: '', type: 'follow_up', titles: ['Weekly stock count, bay', 'Update shift notes', 'Forklift service', 'Train new starter'] },
];

/** The owners as members: the bench user a lead, everyone else an operator. */
const PLANNING_MEMBERS: readonly TestMember[] = OWNERS.filter((owner) => owner !== null)
  .map((userId) => ({ userId, role: userId === BENCH_USER ? 'lead' : 'operator' }));

/**
 * `members` is the one members log the workspace gets: a fixture built on this one passes its own
 * roster (the showcase's display names and leads) rather than writing a second log whose roles race.
 */
export function buildPlanningUpdate(count: number, now = Date.now(), seed = 12, members: readonly TestMember[] = PLANNING_MEMBERS): Uint8Array {
  const rand = random(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  let clock = now - 70 * DAY;
  const doc = new Y.Doc();
  const repository = createRepository(withMembers(doc, members), { actor: BENCH_USER, now: () => clock });
  const previousOfKind = new Map<string, string[]>();
  const closures: { id: string; at: number; complete: boolean }[] = [];
  const step = (70 * DAY) / count;
  // The hybrid clock never runs backwards, so events are written in time order:
  // before each creation, the closures that fall before it.
  const closeUpTo = (until: number) => {
    closures.sort((a, b) => a.at - b.at);
    while (closures.length > 0 && (closures[0] as { at: number }).at <= until) {
      const closure = closures.shift() as { id: string; at: number; complete: boolean };
      clock = closure.at;
      if (closure.complete) repository.complete(closure.id);
      else repository.dismiss(closure.id, 'Not needed');
    }
  };
  for (let i = 0; i < count; i += 1) {
    const next = Math.round(clock + step * (0.5 + rand()));
    closeUpTo(next);
    clock = next;
    const kind = KINDS[Math.min(KINDS.length - 1, Math.floor(rand() ** 1.3 * KINDS.length))] as (typeof KINDS)[number];
    const ref = `${kind.prefix}${1000 + Math.floor(rand() * 9000)}`;
    const title = kind.kind ? `${pick(kind.titles)} ${ref}` : `${pick(kind.titles)}${rand() < 0.5 ? ` ${1 + Math.floor(rand() * 12)}` : ''}`;
    const dueDay = Math.floor(rand() * 35) - 14;
    const lateNight = rand() < 0.05;
    const dueAt = rand() < 0.08 ? null
      : new Date(new Date(now + dueDay * DAY).setHours(lateNight ? 23 : 8 + Math.floor(rand() * 10), lateNight ? 30 : rand() < 0.5 ? 0 : 30, 0, 0)).toISOString();
    const startAt = dueAt !== null && rand() < 0.5 ? new Date(Date.parse(dueAt) - (1 + Math.floor(rand() * 5)) * DAY).toISOString() : null;
    const created = repository.create({
      title, type: kind.type, priority: PRIORITIES[Math.min(3, Math.floor(rand() ** 0.7 * 4))], ownerId: pick(OWNERS),
      dueAt, startAt, links: kind.kind ? [{ kind: kind.kind, id: ref, label: ref }] : [],
      queue: pick(['dispatch', 'customer_support', 'quality_assurance', 'finance']),
    });
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.id;
    const siblings = previousOfKind.get(kind.kind ?? '') ?? [];
    if (siblings.length > 0 && rand() < 0.12) {
      repository.dispatch(id, { type: 'task.prerequisite_added', payload: { taskId: siblings[siblings.length - 1 - Math.floor(rand() * Math.min(3, siblings.length))] as string } });
    }
    siblings.push(id);
    previousOfKind.set(kind.kind ?? '', siblings.slice(-20));
    const fate = rand();
    // Most work that fell due more than a day ago is done by now; some of it is late.
    const closeChance = dueAt !== null && Date.parse(dueAt) < now - DAY ? 0.82 : 0.12;
    if (fate < closeChance) {
      const doneBy = dueAt === null ? clock + 3 * DAY : Date.parse(dueAt) + (rand() - 0.7) * 2 * DAY;
      closures.push({ id, at: Math.round(Math.min(now - 60_000, Math.max(clock + 3_600_000, doneBy))), complete: rand() < 0.9 });
    } else if (fate < closeChance + 0.3) repository.transition(id, 'in_progress');
    else if (fate < closeChance + 0.4) repository.transition(id, 'waiting_external');
  }
  closeUpTo(now);
  const update = Y.encodeStateAsUpdate(doc);
  repository.destroy();
  return update;
}
