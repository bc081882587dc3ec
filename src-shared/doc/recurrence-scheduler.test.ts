import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { rruleFor, type Recurrence } from '../domain/recurrence';
import { createDueOccurrences, runRecurrenceScheduler } from './recurrence-scheduler';
import { replica } from './test-support';

const MONDAY_0900_BERLIN = Date.parse('2026-11-30T08:00:00.000Z');
const HOUR = 3_600_000;

/** A task repeating daily at 08:00 Berlin, set on Sunday; the clock now at Monday 09:00 with Monday's occurrence due. */
function dailyGateCheck() {
  let now = MONDAY_0900_BERLIN - 24 * HOUR;
  const repo = replica('carol', undefined, () => now);
  const made = repo.create({ title: 'Gate check' });
  if (!made.ok) throw new Error(made.error.message);
  expect(repo.edit(made.value.id, { recurrence: { rrule: rruleFor('daily'), timeZone: 'Europe/Berlin', time: '08:00', since: new Date(now).toISOString() } }).ok).toBe(true);
  now = MONDAY_0900_BERLIN;
  return { repo, now, monday: `rec-k-${made.value.id}-20261130T0800` };
}

describe('recurrence scheduler', () => {
  it('creates a task\'s occurrences when due, once; completing one leaves the others; an edit changes only later ones', () => {
    let now = MONDAY_0900_BERLIN - 3 * 24 * HOUR; // Friday 09:00
    const repo = replica('carol', undefined, () => now);
    const made = repo.create({ title: 'Morning gate check', priority: 'high', ownerId: 'alice', tags: ['gate'], checklist: [{ id: 'x', text: 'Lock' }] });
    if (!made.ok) throw new Error(made.error.message);
    const recurrence: Recurrence = { rrule: rruleFor('weekdays'), timeZone: 'Europe/Berlin', time: '08:00', since: new Date(now).toISOString() };
    expect(repo.edit(made.value.id, { recurrence }).ok).toBe(true);
    expect(repo.view.get(made.value.id)?.recurrence).toEqual(recurrence);

    expect(createDueOccurrences(repo).created).toEqual([]); // Friday 08:00 was before the rule
    now = MONDAY_0900_BERLIN;
    const monday = createDueOccurrences(repo).created;
    expect(monday).toEqual([`rec-k-${made.value.id}-20261130T0800`]);
    const occurrence = repo.view.get(monday[0] as string);
    // Due at the rule's 08:00 Berlin time that day (07:00 UTC in winter).
    expect(occurrence).toMatchObject({ title: 'Morning gate check', priority: 'high', ownerId: 'alice', tags: ['gate'], recurrence: null, dueAt: '2026-11-30T07:00:00.000Z' });
    expect(occurrence?.occurrence).toEqual({ rule: `k-${made.value.id}`, local: '20261130T0800' });
    expect(occurrence?.checklist.map((i) => i.text)).toEqual(['Lock']);
    expect(createDueOccurrences(repo).created).toEqual([]);

    expect(repo.complete(monday[0] as string).ok).toBe(true);
    now += 24 * HOUR;
    const tuesday = createDueOccurrences(repo).created;
    expect(tuesday).toEqual([`rec-k-${made.value.id}-20261201T0800`]);
    expect(repo.view.get(tuesday[0] as string)?.category).toBe('unstarted');
    expect(repo.view.get(monday[0] as string)?.category).toBe('done');

    // Tuesday 09:00: the rule moves to 10:00 from now on; Tuesday 08:00 stays, Tuesday 10:00 is new.
    expect(repo.edit(made.value.id, { recurrence: { ...recurrence, time: '10:00', since: new Date(now).toISOString() } }).ok).toBe(true);
    now += 2 * HOUR;
    expect(createDueOccurrences(repo).created).toEqual([`rec-k-${made.value.id}-20261201T1000`]);
    expect(repo.view.get(tuesday[0] as string)).toBeDefined();

    // Cleared: nothing more appears.
    expect(repo.edit(made.value.id, { recurrence: null }).ok).toBe(true);
    now += 24 * HOUR;
    expect(createDueOccurrences(repo).created).toEqual([]);
  });

  it('two replicas create a task\'s occurrence with the same due time and the same creation event, whenever they run', () => {
    const first = replica('carol', undefined, () => MONDAY_0900_BERLIN);
    const made = first.create({ title: 'Standup notes' });
    if (!made.ok) throw new Error(made.error.message);
    const recurrence: Recurrence = { rrule: rruleFor('weekdays'), timeZone: 'Europe/Paris', time: '08:00', since: '2026-11-27T12:00:00.000Z' };
    expect(first.edit(made.value.id, { recurrence }).ok).toBe(true);
    // The second replica holds the same rule and runs three hours later.
    const second = replica('alice', undefined, () => MONDAY_0900_BERLIN + 3 * HOUR);
    Y.applyUpdate(second.doc, Y.encodeStateAsUpdate(first.doc));
    const [id] = createDueOccurrences(first).created;
    expect(createDueOccurrences(second).created).toEqual([id]);
    expect(first.view.get(id as string)?.dueAt).toBe('2026-11-30T07:00:00.000Z');
    // Each replica's own log (before they merge): same id, stamp and payload; only the author differs.
    const creation = (repo: typeof first) => {
      const event = repo.view.events(id as string)[0]?.event;
      return { id: event?.id, at: event?.at, payload: event?.payload };
    };
    expect(creation(second)).toEqual(creation(first));
    expect(creation(first).payload).toMatchObject({ dueAt: '2026-11-30T07:00:00.000Z' });
  });

  it('does not remake an occurrence the host knows is archived (it left the live document)', () => {
    const { repo, now, monday } = dailyGateCheck();
    expect(createDueOccurrences(repo, now, new Set([monday])).created).toEqual([]);
    expect(repo.view.get(monday)).toBeUndefined();
    expect(createDueOccurrences(repo, now).created).toEqual([monday]); // not archived: made
  });

  it('asks the host about the missing occurrences only, and not at all when every due one is live', async () => {
    const { repo, monday } = dailyGateCheck();
    const asked: string[][] = [];
    let tick = () => {};
    const stop = runRecurrenceScheduler(repo, {
      every: (_ms, run) => { tick = run; return () => {}; },
      // The cache answers asynchronously, as IndexedDB does; it holds Monday's at first.
      archivedAmong: async (ids) => { asked.push([...ids]); return asked.length === 1 ? [monday] : []; },
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(asked).toEqual([[monday]]);
    expect(repo.view.get(monday)).toBeUndefined(); // archived: not remade
    tick();
    await Promise.resolve();
    await Promise.resolve();
    expect(asked).toEqual([[monday], [monday]]);
    expect(repo.view.get(monday)?.title).toBe('Gate check'); // no longer archived: made
    tick(); // every due occurrence is live now: the cache is not read
    expect(asked).toHaveLength(2);
    stop();
  });

  it('creates a template\'s occurrences from its defaults, due after its offset from the occurrence', () => {
    let now = MONDAY_0900_BERLIN - 24 * HOUR;
    const repo = replica('carol', undefined, () => now);
    const saved = repo.saveTemplate({
      name: 'Gate', title: 'Gate check', dueOffsetMinutes: 30, queue: 'dispatch',
      recurrence: { rrule: rruleFor('weekly', { days: ['MO'] }), timeZone: 'Europe/Berlin', time: '08:00', since: new Date(now).toISOString() },
    });
    if (!saved.ok) throw new Error(saved.error.message);
    now = MONDAY_0900_BERLIN;
    const [id] = createDueOccurrences(repo).created;
    expect(repo.view.get(id as string)).toMatchObject({ title: 'Gate check', queue: 'dispatch', templateId: saved.value.id, dueAt: '2026-11-30T07:30:00.000Z', origin: 'template' });
  });

  it('refuses a malformed rule with the reason, and the fold refuses it from a dishonest replica', () => {
    const repo = replica('carol');
    const made = repo.create({ title: 't' });
    if (!made.ok) throw new Error('create');
    const bad = repo.edit(made.value.id, { recurrence: { rrule: 'FREQ=SECONDLY', timeZone: 'UTC', time: '08:00', since: new Date().toISOString() } });
    expect(bad.ok ? null : bad.error.message).toMatch(/DAILY, WEEKLY or MONTHLY/);
    const template = repo.saveTemplate({ name: 'n', title: 't', recurrence: { rrule: 'FREQ=DAILY', timeZone: 'Nowhere/Land', time: '08:00', since: new Date().toISOString() } });
    expect(template.ok ? null : template.error.message).toMatch(/time zone/);
  });
});
