import { describe, expect, test } from 'vitest';
import { replica, TEAM } from '../../src-shared/doc/test-support';
import { rruleFor } from '../../src-shared/domain/recurrence';
import { DEFAULT_STATUSES } from '../../src-shared/domain/statuses';
import { describeActivity } from './describe-event';
import { makeLabels } from './labels';

describe('the activity says what changed', () => {
  test('before → after for priority, owner, status and title, with display names and the workspace\'s status labels', () => {
    const alice = replica('alice');
    const labels = makeLabels(TEAM.map((member) => ({ ...member, displayName: member.userId === 'bob' ? 'Bob Okafor' : `${member.userId[0]?.toUpperCase()}${member.userId.slice(1)}` })), DEFAULT_STATUSES);
    const created = alice.create({ title: 'Seal check 88', ownerId: 'alice' });
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.id;
    const other = alice.create({ title: 'Clear customs' });
    if (!other.ok) throw new Error(other.error.message);
    for (const result of [
      alice.edit(id, { priority: 'high' }),
      alice.edit(id, { title: 'Seal check 88A' }),
      alice.assign(id, 'bob'),
      alice.moveToStatus(id, 'in_progress'),
      alice.dispatch(id, { type: 'task.prerequisite_added', payload: { taskId: other.value.id } }),
      alice.edit(id, { recurrence: { rrule: rruleFor('weekdays'), timeZone: 'UTC', time: '07:00', since: new Date().toISOString() } }),
      alice.edit(id, { recurrence: null }),
      alice.submit(id),
    ]) expect(result.ok).toBe(true);
    const lines = describeActivity(id, alice.view.events(id), {
      labels, context: alice.context(), titleOf: (taskId) => alice.view.get(taskId)?.title ?? taskId,
    }).map((line) => line.text);
    expect(lines).toEqual([
      'created “Seal check 88”',
      'priority Normal → High',
      'title “Seal check 88” → “Seal check 88A”',
      'owner Alice → Bob Okafor',
      'status To do → In progress',
      'waits for “Clear customs”',
      expect.stringMatching(/^set it to repeat every weekday at 07:00/),
      'stopped repeating',
      'submitted it for approval (In progress → Pending approval)',
    ]);
  });
});
