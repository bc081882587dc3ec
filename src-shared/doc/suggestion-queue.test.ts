import { expect, test } from 'vitest';
import { createRepository } from './repository';
import { SuggestionQueue, type NewSuggestion } from './suggestion-queue';
import { replica, syncPair } from './test-support';

const NOW = Date.parse('2026-11-21T20:00:00.000Z');

const delay: NewSuggestion = {
  title: 'Rebook transfer: flight SQ232 delayed 4h', rationale: 'Flight SQ232 delayed 4 hrs.',
  evidence: ['https://feeds.example/flights/SQ232'], confidence: 0.72, type: 'follow_up',
  link: { kind: 'trip', id: 'T-88', label: 'Trip T-88' }, source: 'flight-feed', signalKey: 'SQ232-2026-11-21-delay',
};

/** Alice's replica; signals arrive as the integration `feed` would write them (the relay does, on the same document). */
function setup(now = () => NOW) {
  const repo = replica('alice', undefined, now);
  const feed = new SuggestionQueue(createRepository(repo.doc, { actor: 'feed', now }));
  const queue = new SuggestionQueue(repo);
  return { repo, queue, feed };
}

test('a signal becomes a suggestion once; approving (with edits) makes a canonical task with rationale and evidence', () => {
  const { repo, queue, feed } = setup();
  // People do not make suggestions; integrations do.
  expect(!queue.suggest(delay).ok).toBe(true);
  const first = feed.suggest(delay);
  expect(first.ok && first.value.created).toBe(true);
  const again = feed.suggest(delay);
  expect(again.ok && again.value.created).toBe(false);
  expect(queue.pending()).toHaveLength(1);
  // The main board never shows unapproved suggestions.
  expect(repo.view.all()).toHaveLength(0);
  const id = first.ok ? first.value.suggestion.id : '';
  const task = queue.approve(id, { ownerId: 'bob', priority: 'high' });
  expect(task.ok && task.value).toMatchObject({
    id, origin: 'suggestion', ownerId: 'bob', priority: 'high', rationale: 'Flight SQ232 delayed 4 hrs.', confidenceScore: 0.72,
    evidence: ['https://feeds.example/flights/SQ232'], links: [{ kind: 'trip', id: 'T-88' }],
  });
  expect(queue.pending()).toHaveLength(0);
  expect(queue.approve(id).ok).toBe(false);
});

test('reject needs a reason; expired suggestions leave the queue and cannot be approved', () => {
  let now = NOW;
  const { queue, feed } = setup(() => now);
  const created = feed.suggest(delay);
  const id = created.ok ? created.value.suggestion.id : '';
  const noReason = queue.reject(id, '');
  expect(!noReason.ok && noReason.error.code).toBe('reason_required');
  now += 25 * 3_600_000;
  expect(queue.pending()).toHaveLength(0);
  const late = queue.approve(id);
  expect(!late.ok && late.error.code).toBe('expired');
});

test('a muted source does not fire again for that entity', () => {
  const { queue, feed } = setup();
  expect(queue.mute('flight-feed', delay.link).ok).toBe(true);
  const muted = feed.suggest({ ...delay, signalKey: 'another' });
  expect(!muted.ok && muted.error.code).toBe('muted');
  expect(feed.suggest({ ...delay, signalKey: 'other-trip', link: { kind: 'trip', id: 'T-99', label: 'T-99' } }).ok).toBe(true);
});

test('auto-approval above the per-type threshold', () => {
  const { repo, feed } = setup();
  expect(repo.updateSettings({ autoApproveThresholds: { follow_up: 0.9 } }).ok).toBe(false);
  expect(createRepository(repo.doc, { actor: 'carol' }).updateSettings({ autoApproveThresholds: { follow_up: 0.9 } }).ok).toBe(true);
  const high = feed.suggest({ ...delay, confidence: 0.95 });
  expect(high.ok && high.value.taskId).toBeTruthy();
  const low = feed.suggest({ ...delay, confidence: 0.5, signalKey: 'k2' });
  expect(low.ok && low.value.taskId).toBeNull();
});

test('two operators approving the same suggestion offline make one task, not two', () => {
  const { repo: a, queue: qa, feed } = setup();
  const b = replica('bob', undefined, () => NOW + 1000);
  const qb = new SuggestionQueue(b);
  const created = feed.suggest(delay);
  const id = created.ok ? created.value.suggestion.id : '';
  syncPair(a.doc, b.doc);
  expect(qa.approve(id, { ownerId: 'alice' }).ok).toBe(true);
  expect(qb.approve(id, { ownerId: 'bob' }).ok).toBe(true);
  syncPair(a.doc, b.doc);
  expect(a.view.all()).toHaveLength(1);
  expect(a.view.get(id)).toEqual(b.view.get(id));
  expect(a.view.events(id).filter((e) => e.rejected?.code === 'duplicate_task')).toHaveLength(1);
  expect(qa.get(id)?.status).toBe('approved');
});
