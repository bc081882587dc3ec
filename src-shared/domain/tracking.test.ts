// Seed 001: tracked tasks follow their source's state through a status mapping;
// archiving the source parks them, re-enabling brings them back to the status
// their current source state maps to.
import { expect, test } from 'vitest';
import { replica, syncPair } from '../doc/test-support';

function trackedSetup() {
  const integration = replica('carol');
  const make = (sourceId: string) => {
    const created = integration.create({
      title: `Answer ${sourceId}`,
      tracking: { mapping: 'advance', source: 'module-catering', sourceId, state: 'not_started' },
    });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  };
  return { integration, q1: make('q1'), q2: make('q2') };
}

test('a tracked task starts in the mapped status and follows its source', () => {
  const { integration, q1 } = trackedSetup();
  expect(q1).toMatchObject({ status: 'todo', origin: 'tracking' });
  const [answered] = integration.updateSourceState('module-catering', 'q1', 'needs_review').ok
    ? integration.trackedTasks('module-catering', 'q1') : [];
  expect(answered).toMatchObject({ status: 'pending_approval', tracking: { state: 'needs_review' } });
  integration.updateSourceState('module-catering', 'q1', 'done');
  expect(integration.view.get(q1.id)).toMatchObject({ status: 'completed', category: 'done' });
});

test('archive moves tracked tasks to the archived status; restore brings them back by source state', () => {
  const { integration, q1, q2 } = trackedSetup();
  integration.updateSourceState('module-catering', 'q2', 'needs_review');
  expect(integration.archiveSource('module-catering').ok).toBe(true);
  expect(integration.view.get(q1.id)?.status).toBe('cancelled');
  expect(integration.view.get(q2.id)?.status).toBe('cancelled');
  // Answers keep arriving while archived: recorded, status stays archived.
  integration.updateSourceState('module-catering', 'q1', 'needs_review');
  expect(integration.view.get(q1.id)?.status).toBe('cancelled');
  expect(integration.restoreSource('module-catering').ok).toBe(true);
  expect(integration.view.get(q1.id)?.status).toBe('pending_approval');
  expect(integration.view.get(q2.id)?.status).toBe('pending_approval');
  expect(integration.view.get(q1.id)?.reopenCount).toBe(0);
});

test('a state the mapping does not know is refused with a clear reason', () => {
  const { integration } = trackedSetup();
  const result = integration.updateSourceState('module-catering', 'q1', 'exploded');
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error.code).toBe('no_status_mapping');
    expect(result.error.message).toMatch(/exploded/);
  }
});

test('an untracked task refuses source events; operators cannot move a source at all', () => {
  const carol = replica('carol');
  const created = carol.create({ title: 'Manual' });
  if (!created.ok) throw new Error('create');
  const result = carol.dispatch(created.value.id, { type: 'task.source_state_changed', payload: { state: 'done' } });
  expect(!result.ok && result.error.code).toBe('not_tracked');
  const alice = replica('alice');
  const mine = alice.create({ title: 'Manual' });
  if (!mine.ok) throw new Error('create');
  const forged = alice.dispatch(mine.value.id, { type: 'task.source_state_changed', payload: { state: 'done' } });
  expect(!forged.ok && forged.error.code).toBe('not_permitted');
});

test('a workspace-defined mapping is used by every replica', () => {
  const { integration } = trackedSetup();
  integration.updateSettings({
    statusMappings: { feed: { states: { open: 'in_progress', closed: 'completed' }, archived: 'cancelled' } },
  });
  const created = integration.create({ title: 'Flight SQ232', tracking: { mapping: 'feed', source: 'flights', sourceId: 'SQ232', state: 'open' } });
  expect(created.ok && created.value.status).toBe('in_progress');
  const other = replica('alice');
  syncPair(integration.doc, other.doc);
  expect(other.view.get(created.ok ? created.value.id : '')?.status).toBe('in_progress');
});

test('deleting a source hides its tasks from every list; only an admin undoes it', () => {
  const { integration, q1, q2 } = trackedSetup();
  expect(integration.deleteSource('module-catering').ok).toBe(true);
  expect(integration.view.all().map((t) => t.id)).not.toContain(q1.id);
  expect(integration.view.get(q2.id)).toMatchObject({ status: 'cancelled', tracking: { deleted: true, archived: true } });
  // The log stays append-only: both events are still there.
  expect(integration.view.events(q1.id).map((e) => e.event.type)).toEqual(['task.created', 'task.source_deleted']);
  const notAdmin = integration.undeleteSource('module-catering');
  expect(!notAdmin.ok && notAdmin.error.code).toBe('not_permitted');
  const admin = replica('adam');
  syncPair(integration.doc, admin.doc);
  expect(admin.undeleteSource('module-catering').ok).toBe(true);
  expect(admin.view.all().map((t) => t.id)).toContain(q1.id);
  expect(admin.restoreSource('module-catering').ok).toBe(true);
  expect(admin.view.get(q1.id)?.status).toBe('todo');
});
