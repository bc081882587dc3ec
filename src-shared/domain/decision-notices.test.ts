import { describe, expect, it } from 'vitest';
import { replica, syncPair } from '../doc/test-support';
import { decisionNotice, describeDecision } from './decision-notices';

describe('decision notices', () => {
  it('tells the submitter of a lead\'s approval, rejection or request for changes, and no one of their own', () => {
    const alice = replica('alice');
    const carol = replica('carol');
    const made = alice.create({ title: 'Refund order 118', ownerId: 'alice', requiresApproval: true });
    if (!made.ok) throw new Error(made.error.message);
    const id = made.value.id;
    expect(alice.submit(id).ok).toBe(true);
    syncPair(alice.doc, carol.doc);
    expect(carol.requestChanges(id, 'attach the receipt').ok).toBe(true);
    syncPair(alice.doc, carol.doc);
    expect(alice.submit(id).ok).toBe(true);
    syncPair(alice.doc, carol.doc);
    expect(carol.approve(id).ok).toBe(true);
    syncPair(alice.doc, carol.doc);

    const task = alice.view.get(id);
    if (!task) throw new Error('no task');
    const notices = alice.view.events(id).flatMap(({ event, rejected }) => {
      const notice = rejected === null ? decisionNotice(task, event, 'alice') : null;
      return notice ? [describeDecision(notice, (user) => user.toUpperCase())] : [];
    });
    expect(notices).toEqual(['CAROL requested changes on “Refund order 118”: attach the receipt', 'CAROL approved “Refund order 118”.']);
    // The approver is not told of her own decisions; a bystander is not told at all.
    expect(alice.view.events(id).some(({ event }) => decisionNotice(task, event, 'carol') !== null)).toBe(false);
    expect(alice.view.events(id).some(({ event }) => decisionNotice(task, event, 'bob') !== null)).toBe(false);
  });
});
