// The review queue's filters (seed 002 §7.2: "filterable by trip, member, type,
// age"): by task type, by the signal's source, by age, and by the entity a
// suggestion is about (kind, id or label, e.g. "trip:T-88" or "T-88"). Pure, so
// the queue's rows and the keys that walk them agree.
import { parseStamp } from './clock';
import type { SuggestionState } from './suggestions';

export type ReviewAge = 'any' | 'hour' | 'four-hours' | 'older';

export interface ReviewFilter {
  type: string | null;
  source: string | null;
  age: ReviewAge;
  /** Free text matched against the entity ("trip:T-88", "T-88", its label); '' for any. */
  entity: string;
}

export const NO_REVIEW_FILTER: ReviewFilter = { type: null, source: null, age: 'any', entity: '' };

const HOUR = 3_600_000;

export const REVIEW_AGES: readonly { age: ReviewAge; label: string }[] = [
  { age: 'any', label: 'Any age' },
  { age: 'hour', label: 'Last hour' },
  { age: 'four-hours', label: 'Last 4 hours' },
  { age: 'older', label: 'Older than 4 hours' },
];

/** When the suggestion was made (its creation stamp's wall clock), ms since epoch. */
export function suggestedAt(suggestion: Pick<SuggestionState, 'createdAt'>): number {
  return parseStamp(suggestion.createdAt)?.wall ?? 0;
}

function matchesAge(age: ReviewAge, at: number, now: number): boolean {
  switch (age) {
    case 'any': return true;
    case 'hour': return now - at <= HOUR;
    case 'four-hours': return now - at <= 4 * HOUR;
    case 'older': return now - at > 4 * HOUR;
  }
}

function matchesEntity(text: string, link: SuggestionState['link']): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '') return true;
  if (!link) return false;
  return [`${link.kind}:${link.id}`, `${link.kind} ${link.id}`, link.label ?? ''].some((value) => value.toLowerCase().includes(needle));
}

export function isFiltered(filter: ReviewFilter): boolean {
  return filter.type !== null || filter.source !== null || filter.age !== 'any' || filter.entity.trim() !== '';
}

/** The suggestions the filter shows, in the order given. */
export function filterSuggestions(suggestions: readonly SuggestionState[], filter: ReviewFilter, now: number): SuggestionState[] {
  if (!isFiltered(filter)) return [...suggestions];
  return suggestions.filter((suggestion) => (filter.type === null || suggestion.type === filter.type)
    && (filter.source === null || suggestion.source === filter.source)
    && matchesAge(filter.age, suggestedAt(suggestion), now)
    && matchesEntity(filter.entity, suggestion.link));
}

/** The choices a filter offers: the distinct types and sources among the pending suggestions. */
export function filterChoices(suggestions: readonly SuggestionState[]): { types: string[]; sources: string[] } {
  const types = new Set<string>();
  const sources = new Set<string>();
  for (const suggestion of suggestions) {
    types.add(suggestion.type);
    sources.add(suggestion.source);
  }
  return { types: [...types].sort(), sources: [...sources].sort() };
}
