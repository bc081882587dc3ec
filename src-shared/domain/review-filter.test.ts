import { describe, expect, it } from 'vitest';
import { filterChoices, filterSuggestions, NO_REVIEW_FILTER } from './review-filter';
import type { SuggestionState } from './suggestions';

const NOW = Date.parse('2026-12-02T12:00:00.000Z');
const stamp = (msAgo: number) => `${String(NOW - msAgo).padStart(15, '0')}-000000-feed`;
const suggestion = (id: string, fields: Partial<SuggestionState>): SuggestionState => ({
  id, title: id, rationale: '', evidence: [], confidence: 0.5, type: 'follow_up', source: 'flight-feed', signalKey: id,
  expiresAt: '2026-12-03T00:00:00.000Z', status: 'pending', decidedBy: null, reason: null, createdAt: stamp(0), createdBy: 'feed', link: null, ...fields,
});

describe('review filters', () => {
  const rows = [
    suggestion('hotel', { link: { kind: 'trip', id: 'T-88', label: 'Trip T-88' }, createdAt: stamp(10 * 60_000) }),
    suggestion('storm', { type: 'alert', source: 'weather-feed', link: { kind: 'trip', id: 'T-90', label: 'Trip T-90' }, createdAt: stamp(3 * 3_600_000) }),
    suggestion('invoice', { source: 'billing', link: { kind: 'invoice', id: 'INV-7', label: 'INV-7' }, createdAt: stamp(6 * 3_600_000) }),
  ];
  const ids = (filter: Partial<typeof NO_REVIEW_FILTER>) => filterSuggestions(rows, { ...NO_REVIEW_FILTER, ...filter }, NOW).map((row) => row.id);

  it('filters by type, source, age and entity, keeping the order', () => {
    expect(ids({})).toEqual(['hotel', 'storm', 'invoice']);
    expect(ids({ type: 'alert' })).toEqual(['storm']);
    expect(ids({ source: 'billing' })).toEqual(['invoice']);
    expect(ids({ age: 'hour' })).toEqual(['hotel']);
    expect(ids({ age: 'four-hours' })).toEqual(['hotel', 'storm']);
    expect(ids({ age: 'older' })).toEqual(['invoice']);
    expect(ids({ entity: 'trip:T-9' })).toEqual(['storm']);
    expect(ids({ entity: 't-88' })).toEqual(['hotel']);
    expect(ids({ entity: 'trip', source: 'flight-feed' })).toEqual(['hotel']);
  });

  it('offers the types and sources the queue holds', () => {
    expect(filterChoices(rows)).toEqual({ types: ['alert', 'follow_up'], sources: ['billing', 'flight-feed', 'weather-feed'] });
  });
});
