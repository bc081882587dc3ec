// Recurring tasks on the desktop with the window closed: main's own replica (a real DesktopApp,
// its SQLite file, no renderer, no Electron) creates each occurrence when it is due, on the
// scheduler's timer and when the app starts, and the tray's overdue count sees it.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { SCHEDULER_INTERVAL_MS } from '../../src-shared/doc/recurrence-scheduler';
import { occurrenceTaskId, rruleFor } from '../../src-shared/domain/recurrence';
import { DesktopApp } from '../../src-main/replica/desktop-app';
import type { Settings } from '../../src-main/settings/app-settings';
import { makeTempDir } from './temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());
afterEach(() => vi.useRealTimers());

const ALICE: Settings = { workspaceId: 'ws-recur', userId: 'alice', displayName: 'Alice', relayUrl: null, token: null, syncEnabled: true };
const HOUR = 3_600_000;
const FRIDAY_0900_PARIS = Date.parse('2026-12-04T08:00:00.000Z');

/** The desktop app as Electron would start it, minus the window: nothing ever asks for a renderer peer. */
function startApp(clock: { now: number }) {
  const overdue: number[] = [];
  const app = new DesktopApp({
    workspacesDir: temp.dir,
    settings: ALICE,
    saveSettings: () => undefined,
    showWindow: () => undefined,
    broadcast: () => undefined,
    sendReplicaMessage: () => undefined,
    notify: () => undefined,
    onOverdueCount: (count) => overdue.push(count),
    now: () => new Date(clock.now),
    loadAfterMs: 0,
  });
  const session = app.session;
  if (!session) throw new Error('expected a signed-in session');
  return { app, session, overdue };
}

const waitFor = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 400 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition(), what).toBe(true);
};

describe('recurrence in desktop main, no window', () => {
  it('creates occurrences on its timer and at start, due at the rule\'s time, seen by the tray', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = { now: FRIDAY_0900_PARIS };
    const first = startApp(clock);
    await waitFor(() => first.session.isLoaded, 'main loads its replica with no window');
    const repo = first.session.replica.repository;
    const made = repo.create({ title: 'Open the loading gate', ownerId: 'alice' });
    if (!made.ok) throw new Error(made.error.message);
    const recurrence = { rrule: rruleFor('weekdays'), timeZone: 'Europe/Paris', time: '08:00', since: new Date(clock.now).toISOString() };
    expect(repo.edit(made.value.id, { recurrence }).ok).toBe(true);
    const monday = occurrenceTaskId({ kind: 'task', id: made.value.id }, '20261207T0800');

    // Monday 09:00 Paris: the next run of the scheduler's timer creates Monday's occurrence.
    clock.now = FRIDAY_0900_PARIS + 3 * 24 * HOUR;
    vi.advanceTimersByTime(SCHEDULER_INTERVAL_MS - 1);
    expect(repo.view.get(monday)).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(repo.view.get(monday)).toMatchObject({ title: 'Open the loading gate', dueAt: '2026-12-07T07:00:00.000Z' });
    // The projection (tray, notifications) has it, overdue since 08:00.
    expect(first.session.queries.get(monday)?.dueAt).toBe('2026-12-07T07:00:00.000Z');
    first.session.checkDue();
    expect(first.overdue.at(-1)).toBe(1);
    first.app.close();

    // Tuesday 09:00, the app starts again (still no window): Tuesday's occurrence at once.
    clock.now += 24 * HOUR;
    const second = startApp(clock);
    await waitFor(() => second.session.isLoaded, 'main loads its replica again');
    const tuesday = occurrenceTaskId({ kind: 'task', id: made.value.id }, '20261208T0800');
    expect(second.session.replica.repository.view.get(tuesday)?.dueAt).toBe('2026-12-08T07:00:00.000Z');
    expect(second.session.replica.repository.view.get(monday)).toBeDefined();
    second.session.checkDue();
    expect(second.overdue.at(-1)).toBe(2);
    second.app.close();
  });
});
