// The workspace `npm run screenshots` (and the panel's browser test) open: the
// planning fixture's few hundred tasks, plus what an operator meets on a real
// shift — members with display names, tasks waiting for approval, a handoff
// with a note, suggestions from two integrations, watchers, subtasks,
// prerequisites, comments and a history of edits. Deterministic but for "now".
import * as Y from 'yjs';
import type { TestMember } from '../src-shared/doc/test-support';
import { createRepository, type TaskRepository } from '../src-shared/doc/repository';
import { SuggestionQueue } from '../src-shared/doc/suggestion-queue';
import { rruleFor } from '../src-shared/domain/recurrence';
import { buildPlanningUpdate } from './planning-fixture';
import { BENCH_USER } from './ui-seed';

export const SHOWCASE_MEMBERS: readonly TestMember[] = [
  { userId: BENCH_USER, role: 'lead', displayName: 'Alice Moreau' },
  { userId: 'bob', role: 'operator', displayName: 'Bob Okafor' },
  { userId: 'chen', role: 'operator', displayName: 'Chen Wei' },
  { userId: 'dana', role: 'operator', displayName: 'Dana Novak' },
  { userId: 'emeka', role: 'operator', displayName: 'Emeka Obi' },
  { userId: 'farah', role: 'lead', displayName: 'Farah Haddad' },
  { userId: 'flight-feed', role: 'integration', displayName: 'Flight feed' },
  { userId: 'wms', role: 'integration', displayName: 'Warehouse system' },
];

/** Titles the browser test and the screenshots look for. */
export const SHOWCASE = {
  parent: 'Receive container MSCU 448812',
  blocked: 'Release container MSCU 448812 to the yard',
  watched: 'Chase customs broker on SH-4471',
  approval: 'Refund order SO-2291 (damaged pallet)',
  handoff: 'Reefer alarm on SH-5120: check setpoint',
  recurring: 'Reefer temperature round, yard A',
} as const;

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

export function buildShowcaseUpdate(count = 400, now = Date.now()): Uint8Array {
  const doc = new Y.Doc();
  // One members log, the showcase's (names, Farah a lead): two logs stamped alike would race for her role.
  Y.applyUpdate(doc, buildPlanningUpdate(count, now - 3_600_000, undefined, SHOWCASE_MEMBERS));
  let clock = now - 50 * 60_000;
  const tick = () => (clock += 20_000);
  const as = (actor: string): TaskRepository => createRepository(doc, { actor, now: tick });
  const alice = as(BENCH_USER);
  const bob = as('bob');
  const chen = as('chen');
  const shipment = { kind: 'shipment', id: 'SH-4471', label: 'SH-4471', url: 'https://tms.example/shipments/SH-4471' };
  const container = { kind: 'shipment', id: 'MSCU448812', label: 'MSCU 448812' };
  const order = { kind: 'order', id: 'SO-2291', label: 'SO-2291' };
  const inHours = (hours: number) => new Date(now + hours * 3_600_000).toISOString();

  // A parent with subtasks (one done), a blocked follow-up and its ready sibling.
  const parent = must(alice.create({
    title: SHOWCASE.parent, ownerId: BENCH_USER, priority: 'high', type: 'qc', queue: 'quality_assurance', dueAt: inHours(3),
    description: 'Container arrived at gate 3 at 06:40. Check the seal against the manifest, photograph it, then break it and count.',
    links: [container, { kind: 'order', id: 'SO-2288', label: 'SO-2288' }], watchers: ['farah'],
  })).id;
  const seal = must(alice.create({ title: 'Photograph the seal', parentId: parent, links: [container], queue: 'quality_assurance', ownerId: BENCH_USER }));
  must(alice.complete(seal.id));
  const count_ = must(alice.create({ title: 'Count cartons against the packing list', parentId: parent, links: [container], queue: 'quality_assurance', ownerId: 'chen' })).id;
  must(chen.transition(count_, 'in_progress'));
  must(alice.create({ title: 'Move pallets to bay 4', parentId: parent, links: [container], queue: 'quality_assurance' }));
  must(alice.create({ title: SHOWCASE.blocked, ownerId: BENCH_USER, blockedBy: [parent], links: [container], dueAt: inHours(6) }));
  must(alice.addChecklistItem(parent, 'Seal number matches the manifest'));
  must(alice.addChecklistItem(parent, 'Damage photographed'));
  must(alice.edit(parent, { priority: 'urgent' }));
  must(alice.comment(parent, 'Driver says the seal was re-applied at the port. Farah, can you confirm with the broker?'));
  must(as('farah').comment(parent, 'Broker confirms: customs re-sealed it, the new number is on the release note.'));

  // Someone else's task that Alice watches.
  const watched = must(bob.create({ title: SHOWCASE.watched, ownerId: 'bob', dueAt: inHours(-2), priority: 'high', links: [shipment], type: 'follow_up' })).id;
  must(bob.dispatch(watched, { type: 'task.watcher_added', payload: { userId: BENCH_USER } }));
  must(bob.comment(watched, 'Left a voicemail, will call again at 14:00.'));

  // Waiting for a decision: submitted by operators, for Alice (a lead) to decide.
  const refund = must(bob.create({ title: SHOWCASE.approval, ownerId: 'bob', requiresApproval: true, links: [order], type: 'follow_up',
    description: 'Customer sent photos of the crushed pallet; carrier accepted liability.' })).id;
  must(bob.submit(refund));
  const writeOff = must(chen.create({ title: 'Write off 3 cartons on lot L-7730', ownerId: 'chen', links: [{ kind: 'lot', id: 'L-7730', label: 'L-7730' }], type: 'qc' })).id;
  must(chen.submit(writeOff));

  // A handoff from the night shift to Alice, with one note.
  const reefer = must(bob.create({ title: SHOWCASE.handoff, ownerId: 'bob', priority: 'urgent', dueAt: inHours(1), links: [{ kind: 'shipment', id: 'SH-5120', label: 'SH-5120' }] })).id;
  const docs = must(bob.create({ title: 'Customs documents for SH-5120', ownerId: 'bob', dueAt: inHours(4), links: [{ kind: 'shipment', id: 'SH-5120', label: 'SH-5120' }] })).id;
  must(bob.handOff([reefer, docs], BENCH_USER, 'Reefer alarm went off twice overnight; the carrier is sending a tech at 09:00.'));

  // A round that repeats every weekday at 07:00 (its occurrences appear by themselves from tomorrow).
  const round = must(alice.create({ title: SHOWCASE.recurring, ownerId: BENCH_USER, queue: 'quality_assurance', type: 'qc',
    description: 'Read every reefer plug in yard A; log anything outside ±2 °C of its setpoint.' })).id;
  must(alice.edit(round, { recurrence: { rrule: rruleFor('weekdays'), timeZone: 'Europe/Paris', time: '07:00', since: new Date(clock).toISOString() } }));

  // Suggestions from the integrations, waiting in Review.
  for (const [actor, proposal] of [
    ['flight-feed', { title: 'Rebook transfer: SQ232 delayed 4h', rationale: 'Flight SQ232 delayed 4 hrs; the transfer leaves before it lands.',
      evidence: ['https://feeds.example/SQ232'], confidence: 0.72, type: 'follow_up', source: 'flight-feed', signalKey: 'SQ232-delay',
      link: { kind: 'trip', id: 'T-88', label: 'Trip T-88' } }],
    ['flight-feed', { title: 'Notify customer: EK9 arrives early', rationale: 'EK9 now lands 50 minutes early.', evidence: ['https://feeds.example/EK9'],
      confidence: 0.55, type: 'follow_up', source: 'flight-feed', signalKey: 'EK9-early', link: { kind: 'trip', id: 'T-91', label: 'Trip T-91' } }],
    ['wms', { title: 'Recount lot L-8120: scan mismatch', rationale: '112 scanned, 120 expected at putaway.', evidence: ['https://wms.example/lots/L-8120'],
      confidence: 0.81, type: 'qc', source: 'wms', signalKey: 'L-8120-mismatch', link: { kind: 'lot', id: 'L-8120', label: 'L-8120' } }],
  ] as const) must(new SuggestionQueue(as(actor)).suggest({ ...proposal, evidence: [...proposal.evidence] }));

  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
