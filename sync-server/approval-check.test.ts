// The relay's check of suggestion approvals (update-check.ts): an approval edited
// before approving passes; a forged one — edits no reviewer makes, a task that is
// not the suggestion with its edits, a task in a suggestion's log without an
// approval, an approval without its task — is refused.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createRepository } from '../src-shared/doc/repository';
import { SuggestionQueue } from '../src-shared/doc/suggestion-queue';
import { TEAM, withMembers } from '../src-shared/doc/test-support';
import { newId } from '../src-shared/domain/ids';
import { taskFromSuggestion } from '../src-shared/domain/suggestions';
import { RoomRules } from './room-rules';

function setup() {
  const relayDoc = withMembers(new Y.Doc(), TEAM);
  const feed = new SuggestionQueue(createRepository(relayDoc, { actor: 'feed' }));
  const made = feed.suggest({
    title: 'Rebook transfer: SQ232 delayed 4h', rationale: 'Flight SQ232 delayed 4 hrs.', evidence: ['https://feeds.example/SQ232'],
    confidence: 0.72, type: 'follow_up', source: 'flight-feed', signalKey: 'SQ232', link: { kind: 'trip', id: 'T-88', label: 'Trip T-88' },
  });
  if (!made.ok) throw new Error(made.error.message);
  const rules = new RoomRules(relayDoc);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(relayDoc));
  const repo = createRepository(doc, { actor: 'alice' });
  const queue = new SuggestionQueue(repo);
  const principal = { tokenId: 't', workspace: 'w', userId: 'alice', role: 'operator' } as const;
  const check = () => rules.check(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(relayDoc)), principal);
  const id = made.value.suggestion.id;
  /** An approval event as a client would stamp it, with whatever edits it claims. */
  const approval = (edits: unknown) => {
    const log = repo.maps.suggestions.get(id) as Y.Array<unknown>;
    return { id: newId(Date.now()), actor: 'alice', at: repo.stamp(log), type: 'suggestion.approved', payload: { edits } };
  };
  const suggestionLog = () => repo.maps.suggestions.get(id) as Y.Array<unknown>;
  return { repo, queue, check, id, approval, suggestionLog, suggestion: made.value.suggestion };
}

describe('suggestion approvals at the relay', () => {
  it('passes an approval edited before approving (title, owner, due, priority, type)', () => {
    const { queue, check, id } = setup();
    const approved = queue.approve(id, { title: 'Rebook transfer for T-88', ownerId: 'bob', dueAt: '2026-12-02T08:00:00.000Z', priority: 'high', type: 'delivery' });
    expect(approved.ok && approved.value).toMatchObject({ title: 'Rebook transfer for T-88', ownerId: 'bob', priority: 'high', type: 'delivery' });
    expect(check()).toBeNull();
  });

  it('refuses edits no reviewer makes, locally and at the relay', () => {
    const { queue, repo, check, id, approval, suggestion, suggestionLog } = setup();
    const local = queue.approve(id, { approvers: ['alice'] } as never);
    expect(!local.ok && local.error.message).toMatch(/approvers/);
    // A client that skips the queue's check:
    const edits = { confidenceScore: 1 };
    const event = approval(edits);
    repo.create(taskFromSuggestion(suggestion, edits), id, () => suggestionLog().push([event]));
    expect(check()).toMatchObject({ rule: 'schema', detail: expect.stringMatching(/confidenceScore/) });
  });

  it('refuses an approval whose task is not the suggestion with its edits', () => {
    const { repo, check, id, approval, suggestion, suggestionLog } = setup();
    const event = approval({ title: 'Rebook transfer for T-88' });
    repo.create({ ...taskFromSuggestion(suggestion, { title: 'Rebook transfer for T-88' }), rationale: 'Trust me.' }, id, () => suggestionLog().push([event]));
    expect(check()).toMatchObject({ rule: 'schema', detail: expect.stringMatching(/not the suggestion/) });
  });

  it('refuses a task in a suggestion\'s log without an approval, and an approval without its task', () => {
    const skipped = setup();
    skipped.repo.create(taskFromSuggestion(skipped.suggestion), skipped.id);
    expect(skipped.check()?.rule).toBe('role');

    const taskless = setup();
    const event = taskless.approval({});
    taskless.repo.doc.transact(() => taskless.suggestionLog().push([event]));
    expect(taskless.check()).toMatchObject({ rule: 'schema', detail: expect.stringMatching(/comes with its task/) });
  });
});
