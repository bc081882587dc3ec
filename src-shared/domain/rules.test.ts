// Every rule, one test each way: allowed, and refused with the reason checked.
import { describe, expect, test } from 'vitest';
import { replica, syncPair } from '../doc/test-support';
import type { TaskRepository } from '../doc/repository';
import { canDecide, isApprover } from './authority';
import type { TaskEvent } from './events';
import { checkPayload } from './payloads';
import type { Result, TaskState } from './types';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function refusal<T>(result: Result<T>): string {
  if (result.ok) throw new Error('expected a refusal');
  expect(result.error.message.length).toBeGreaterThan(5);
  return result.error.code;
}

function newTask(repo: TaskRepository, fields: Partial<Parameters<TaskRepository['create']>[0]> = {}): TaskState {
  return value(repo.create({ title: 'Chase carrier for POD', ownerId: repo.actor, ...fields }));
}

describe('creation', () => {
  test('a title is enough; everything else is defaulted', () => {
    const alice = replica('alice');
    const task = value(alice.create({ title: 'Call guest back' }));
    expect(task).toMatchObject({
      title: 'Call guest back', status: 'todo', category: 'unstarted', priority: 'normal', ownerId: null,
      origin: 'manual', reopenCount: 0, createdBy: 'alice', resolution: null,
    });
  });
  test('refused without a title', () => {
    expect(refusal(replica('alice').create({ title: '   ' }))).toBe('invalid_payload');
  });
  test('refused with a status the workspace does not have', () => {
    expect(refusal(replica('alice').create({ title: 'x', status: 'nope' }))).toBe('unknown_status');
  });
  test('refused starting closed or in approval', () => {
    expect(refusal(replica('alice').create({ title: 'x', status: 'completed' }))).toBe('transition_not_allowed');
  });
  test('every field of the model is reachable at creation', () => {
    const task = newTask(replica('alice'), {
      description: 'd', priority: 'urgent', type: 'qc', queue: 'dispatch', watchers: ['bob'], dueAt: '2026-11-22T10:00:00.000Z',
      startAt: '2026-11-22T08:00:00.000Z', tags: ['cold-chain'], links: [{ kind: 'order', id: 'PO-1', label: 'PO-1' }],
      parentId: 'parent', blockedBy: ['other'], checklist: [{ id: 'i1', text: 'photo' }], private: true, origin: 'signal',
      rationale: 'Flight delayed 4h', evidence: ['https://a', 'https://b', 'https://c'], confidenceScore: 0.8,
    });
    expect(task.evidence).toHaveLength(2);
    expect(task).toMatchObject({ priority: 'urgent', queue: 'dispatch', private: true, origin: 'signal', confidenceScore: 0.8 });
    expect(task.checklist).toEqual([{ id: 'i1', text: 'photo', done: false }]);
  });
});

describe('status transitions (stated as data in categories)', () => {
  test('todo -> in_progress -> waiting_external -> completed', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    expect(value(alice.transition(id, 'in_progress')).category).toBe('started');
    expect(value(alice.transition(id, 'waiting_external')).category).toBe('waiting');
    const done = value(alice.transition(id, 'completed'));
    expect(done).toMatchObject({ category: 'done', resolution: 'completed' });
  });
  test('setting pending_approval directly is refused: submit instead', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    expect(refusal(alice.transition(id, 'pending_approval'))).toBe('transition_not_allowed');
  });
  test('unknown status is refused', () => {
    const alice = replica('alice');
    expect(refusal(alice.transition(newTask(alice).id, 'paused'))).toBe('unknown_status');
  });
  test('a plain status change cannot leave approval', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    value(alice.submit(id));
    expect(refusal(alice.transition(id, 'in_progress'))).toBe('transition_not_allowed');
  });
  test('workspace-configured statuses map to categories', () => {
    const carol = replica('carol');
    value(carol.updateSettings({
      statuses: [
        { id: 'pending', label: 'Pending', category: 'unstarted' },
        { id: 'ready', label: 'Ready', category: 'unstarted' },
        { id: 'working', label: 'In progress', category: 'started' },
        { id: 'passed', label: 'Passed', category: 'done' },
        { id: 'skipped', label: 'Skipped', category: 'canceled' },
      ],
    }));
    const alice = replica('alice');
    syncPair(carol.doc, alice.doc);
    const { id, status } = newTask(alice);
    expect(status).toBe('pending');
    expect(value(alice.transition(id, 'ready')).category).toBe('unstarted');
    expect(value(alice.transition(id, 'passed')).category).toBe('done');
    expect(refusal(alice.transition(id, 'working'))).toBe('task_closed');
  });
});

describe('approvals', () => {
  test('a lead approves a submission', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    value(alice.submit(id));
    const carol = replica('carol');
    syncPair(alice.doc, carol.doc);
    const approved = value(carol.approve(id));
    expect(approved).toMatchObject({ status: 'completed', resolution: 'completed' });
    expect(approved.approval).toMatchObject({ submittedBy: 'alice', decidedBy: 'carol', decision: 'approved' });
  });
  test('an operator who is not an approver is refused', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    value(alice.submit(id));
    const bob = replica('bob');
    syncPair(alice.doc, bob.doc);
    expect(refusal(bob.approve(id))).toBe('not_an_approver');
  });
  test('a named approver may approve', () => {
    const carol = replica('carol');
    const { id } = value(carol.create({ title: 'Chase carrier for POD', ownerId: 'alice', approvers: ['bob'] }));
    const alice = replica('alice');
    syncPair(carol.doc, alice.doc);
    value(alice.submit(id));
    const bob = replica('bob');
    syncPair(alice.doc, bob.doc);
    expect(value(bob.approve(id)).status).toBe('completed');
  });
  test('naming approvers is a lead decision: an operator cannot make herself an approver', () => {
    const alice = replica('alice');
    expect(refusal(alice.create({ title: 'Mine to approve', approvers: ['alice'] }))).toBe('not_permitted');
    const { id } = newTask(alice);
    expect(refusal(alice.dispatch(id, { type: 'task.approver_added', payload: { userId: 'alice' } }))).toBe('not_permitted');
    const carol = replica('carol');
    syncPair(alice.doc, carol.doc);
    expect(value(carol.dispatch(id, { type: 'task.approver_added', payload: { userId: 'bob' } })).approvers).toEqual(['bob']);
  });
  test('the submitter cannot approve their own submission', () => {
    const carol = replica('carol');
    const { id } = newTask(carol);
    const submitted = value(carol.submit(id));
    expect(refusal(carol.approve(id))).toBe('self_approval');
    // The UI asks the same question before it offers the buttons (carol is a lead: the role alone would allow it).
    const settings = carol.settings();
    expect(isApprover('carol', carol.roleOf('carol'), submitted, settings)).toBe(true);
    expect(canDecide('carol', carol.roleOf('carol'), submitted, settings)).toBe(false);
    expect(canDecide('carol', carol.roleOf('carol'), submitted, { ...settings, allowSelfApproval: true })).toBe(true);
  });
  test('... unless the workspace allows it, which only an admin decides', () => {
    const carol = replica('carol');
    expect(refusal(carol.updateSettings({ allowSelfApproval: true }))).toBe('not_permitted');
    const adam = replica('adam');
    value(adam.updateSettings({ allowSelfApproval: true }));
    syncPair(adam.doc, carol.doc);
    const { id } = newTask(carol);
    value(carol.submit(id));
    expect(value(carol.approve(id)).status).toBe('completed');
  });
  test('reject needs a reason and cancels with resolution rejected', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    value(alice.submit(id));
    const carol = replica('carol');
    syncPair(alice.doc, carol.doc);
    expect(refusal(carol.reject(id, ' '))).toBe('reason_required');
    const rejected = value(carol.reject(id, 'Wrong supplier'));
    expect(rejected).toMatchObject({ category: 'canceled', resolution: 'rejected' });
    expect(rejected.approval.reason).toBe('Wrong supplier');
  });
  test('request changes needs a reason and returns the task to in_progress', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    value(alice.submit(id));
    const carol = replica('carol');
    syncPair(alice.doc, carol.doc);
    expect(refusal(carol.requestChanges(id, ''))).toBe('reason_required');
    expect(value(carol.requestChanges(id, 'Attach the CMR')).status).toBe('in_progress');
  });
  test('approving something not pending approval is refused', () => {
    const carol = replica('carol');
    expect(refusal(carol.approve(newTask(carol).id))).toBe('not_pending_approval');
  });
  test('a task requiring approval cannot be completed without it', () => {
    const alice = replica('alice');
    const { id } = newTask(alice, { requiresApproval: true });
    expect(refusal(alice.complete(id))).toBe('approval_required');
    expect(refusal(alice.transition(id, 'completed'))).toBe('approval_required');
    expect(value(alice.submit(id)).status).toBe('pending_approval');
  });
  test('submitting from a closed task is refused', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    value(alice.complete(id));
    expect(refusal(alice.submit(id))).toBe('task_closed');
  });
});

describe('closing and reopening', () => {
  test('closed tasks accept comments and reopen, nothing else', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    value(alice.complete(id));
    expect(refusal(alice.assign(id, 'bob'))).toBe('task_closed');
    expect(refusal(alice.edit(id, { title: 'New' }))).toBe('task_closed');
    expect(value(alice.comment(id, 'Carrier confirmed')).comments).toHaveLength(1);
    const reopened = value(alice.reopen(id));
    expect(reopened).toMatchObject({ category: 'unstarted', reopenCount: 1, resolution: null });
    expect(value(alice.assign(id, 'bob')).ownerId).toBe('bob');
  });
  test('reopening an open task is refused', () => {
    const alice = replica('alice');
    expect(refusal(alice.reopen(newTask(alice).id))).toBe('not_closed');
  });
  test('dismissal needs a reason and records it', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    expect(refusal(alice.dismiss(id, ''))).toBe('reason_required');
    expect(value(alice.dismiss(id, 'Duplicate alert'))).toMatchObject({
      category: 'canceled', resolution: 'dismissed', dismissalReason: 'Duplicate alert',
    });
  });
  test('completion may record passed, failed or skipped (seed 003); nothing else', () => {
    const alice = replica('alice');
    expect(value(alice.complete(newTask(alice).id, 'failed')).resolution).toBe('failed');
    expect(value(alice.complete(newTask(alice).id, 'skipped'))).toMatchObject({ category: 'done', resolution: 'skipped' });
    expect(checkPayload({ type: 'task.completed', payload: { resolution: 'abandoned' } } as unknown as TaskEvent)).toMatch(/passed, failed, skipped, completed/);
  });
});

describe('ownership, watchers, handoff', () => {
  test('one owner or none', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    expect(value(alice.assign(id, 'bob')).ownerId).toBe('bob');
    expect(value(alice.assign(id, null)).ownerId).toBeNull();
    expect(refusal(alice.assign(id, ''))).toBe('invalid_payload');
  });
  test('watchers are many and distinct', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    value(alice.dispatch(id, { type: 'task.watcher_added', payload: { userId: 'bob' } }));
    const twice = value(alice.dispatch(id, { type: 'task.watcher_added', payload: { userId: 'bob' } }));
    expect(twice.watchers).toEqual(['bob']);
    expect(value(alice.dispatch(id, { type: 'task.watcher_removed', payload: { userId: 'bob' } })).watchers).toEqual([]);
  });
  test('the owner hands off with a note; the receiver acknowledges', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    const result = value(alice.handOff([id], 'bob', 'Carrier calls back at 9'));
    expect(result.handed).toEqual([id]);
    const task = alice.view.get(id);
    expect(task?.ownerId).toBe('bob');
    expect(task?.handoff).toMatchObject({ from: 'alice', to: 'bob', note: 'Carrier calls back at 9', acknowledged: false });
    expect(refusal(alice.acknowledgeHandoff(id))).toBe('not_owner');
    const bob = replica('bob');
    syncPair(alice.doc, bob.doc);
    expect(value(bob.acknowledgeHandoff(id)).handoff?.acknowledged).toBe(true);
  });
  test('someone who does not own a task cannot hand it off', () => {
    const alice = replica('alice');
    const { id } = newTask(alice, { ownerId: 'carol' });
    const result = value(alice.handOff([id], 'bob', 'n'));
    expect(result.handed).toEqual([]);
    expect(result.refused[0]?.error.code).toBe('not_owner');
  });
  test('a lead may hand off anyone\'s task', () => {
    const carol = replica('carol');
    const { id } = newTask(carol, { ownerId: 'alice' });
    expect(value(carol.handOff([id], 'bob', 'Alice is off sick')).handed).toEqual([id]);
  });
});

describe('schedule, snooze, tags, links, checklist, subtasks, prerequisites', () => {
  test('due and start dates; invalid dates refused', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    expect(value(alice.schedule(id, { dueAt: '2026-11-22T17:00:00.000Z' })).dueAt).toBe('2026-11-22T17:00:00.000Z');
    expect(refusal(alice.schedule(id, { dueAt: 'tomorrow-ish' }))).toBe('invalid_payload');
  });
  test('snooze and unsnooze; unsnoozing an unsnoozed task is refused', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    expect(refusal(alice.unsnooze(id))).toBe('not_snoozed');
    expect(value(alice.snooze(id, '2026-11-22T10:00:00.000Z')).snoozeUntil).toBe('2026-11-22T10:00:00.000Z');
    expect(value(alice.unsnooze(id)).snoozeUntil).toBeNull();
  });
  test('closing a task clears its snooze', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    value(alice.snooze(id, '2026-11-22T10:00:00.000Z'));
    expect(value(alice.complete(id)).snoozeUntil).toBeNull();
  });
  test('tags and links', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    expect(value(alice.dispatch(id, { type: 'task.tagged', payload: { add: ['a', 'b'] } })).tags).toEqual(['a', 'b']);
    expect(value(alice.dispatch(id, { type: 'task.tagged', payload: { remove: ['a'] } })).tags).toEqual(['b']);
    const link = { kind: 'shipment', id: 'SH-9', label: 'Shipment SH-9', url: 'https://tradeos.example/sh/9' };
    expect(value(alice.dispatch(id, { type: 'task.link_added', payload: { link } })).links).toEqual([link]);
    expect(refusal(alice.dispatch(id, { type: 'task.link_added', payload: { link: { kind: '', id: 'x', label: '' } } }))).toBe('invalid_payload');
    expect(value(alice.dispatch(id, { type: 'task.link_removed', payload: { kind: 'shipment', id: 'SH-9' } })).links).toEqual([]);
  });
  test('checklist items: add, toggle, remove; unknown item refused', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    const item = value(alice.addChecklistItem(id, 'Photo of seal')).checklist[0];
    if (!item) throw new Error('no item');
    expect(value(alice.dispatch(id, { type: 'task.checklist_toggled', payload: { itemId: item.id, done: true } })).checklist[0]?.done).toBe(true);
    expect(refusal(alice.dispatch(id, { type: 'task.checklist_toggled', payload: { itemId: 'nope', done: true } }))).toBe('unknown_item');
    expect(value(alice.dispatch(id, { type: 'task.checklist_removed', payload: { itemId: item.id } })).checklist).toEqual([]);
  });
  test('subtasks and prerequisites; derived blocked', () => {
    const alice = replica('alice');
    const parent = newTask(alice);
    const prerequisite = newTask(alice);
    const child = newTask(alice, { parentId: parent.id });
    expect(child.parentId).toBe(parent.id);
    expect(refusal(alice.dispatch(child.id, { type: 'task.parent_set', payload: { parentId: child.id } }))).toBe('self_dependency');
    expect(refusal(alice.dispatch(child.id, { type: 'task.prerequisite_added', payload: { taskId: child.id } }))).toBe('self_dependency');
    const blocked = value(alice.dispatch(child.id, { type: 'task.prerequisite_added', payload: { taskId: prerequisite.id } }));
    expect(alice.view.isBlocked(blocked)).toBe(true);
    value(alice.complete(prerequisite.id));
    expect(alice.view.isBlocked(alice.view.get(child.id) as TaskState)).toBe(false);
  });
  test('editing fields; an empty title is refused', () => {
    const alice = replica('alice');
    const { id } = newTask(alice);
    expect(value(alice.edit(id, { title: 'Chase POD', priority: 'high', queue: 'dispatch' }))).toMatchObject({ title: 'Chase POD', priority: 'high' });
    expect(refusal(alice.edit(id, { title: '' }))).toBe('invalid_payload');
    expect(refusal(alice.edit(id, { priority: 'meh' as never }))).toBe('invalid_payload');
  });
});

describe('who may write', () => {
  test('a viewer\'s events are refused', () => {
    const victor = replica('victor');
    expect(refusal(victor.create({ title: 'Sneaky' }))).toBe('viewer_read_only');
  });
  test('commands on a task that does not exist are refused', () => {
    expect(refusal(replica('alice').assign('missing', 'bob'))).toBe('unknown_task');
  });
});

describe('moving to a status (board drag, status picker)', () => {
  test('into approval submits; into done completes; into cancelled with a reason dismisses', () => {
    const alice = replica('alice');
    const a = newTask(alice);
    expect(value(alice.moveToStatus(a.id, 'pending_approval')).approval.submittedBy).toBe('alice');
    const b = newTask(alice);
    expect(value(alice.moveToStatus(b.id, 'completed')).resolution).toBe('completed');
    const c = newTask(alice);
    expect(value(alice.moveToStatus(c.id, 'cancelled', 'Duplicate'))).toMatchObject({ resolution: 'dismissed', dismissalReason: 'Duplicate' });
  });
  test('the same rules refuse: out of approval by drag, completing what needs approval', () => {
    const alice = replica('alice');
    const a = newTask(alice);
    value(alice.submit(a.id));
    expect(refusal(alice.moveToStatus(a.id, 'in_progress'))).toBe('transition_not_allowed');
    const b = newTask(alice, { requiresApproval: true });
    expect(refusal(alice.moveToStatus(b.id, 'completed'))).toBe('approval_required');
    expect(refusal(alice.moveToStatus(b.id, 'nope'))).toBe('unknown_status');
  });
});
