// The review queue's rows, computed once per change: `SuggestionQueue.pending()`
// folds every suggestion, which is fine once per change and too much once per
// keystroke. The memo keys on a version of the document's suggestions (bumped by
// a deep observer, registered once per document) and on the minute, since
// expiry is a matter of time.
import { SuggestionQueue } from '../../src-shared/doc/suggestion-queue';
import { filterSuggestions, type ReviewFilter } from '../../src-shared/domain/review-filter';
import type { SuggestionState } from '../../src-shared/domain/suggestions';
import type { RepositoryPort } from './repository-port';

interface Tracked {
  version: number;
  listeners: Set<() => void>;
  key: string;
  pending: SuggestionState[];
}

const tracked = new WeakMap<object, Tracked>();

function track(repository: RepositoryPort): Tracked {
  const suggestions = repository.maps.suggestions;
  let entry = tracked.get(suggestions);
  if (entry === undefined) {
    const created: Tracked = { version: 0, listeners: new Set(), key: '', pending: [] };
    suggestions.observeDeep(() => {
      created.version += 1;
      for (const listener of created.listeners) listener();
    });
    tracked.set(suggestions, created);
    entry = created;
  }
  return entry;
}

/** Call `listener` after every change to the document's suggestions. */
export function onSuggestionsChange(repository: RepositoryPort, listener: () => void): () => void {
  const entry = track(repository);
  entry.listeners.add(listener);
  return () => entry.listeners.delete(listener);
}

/** A number that changes whenever the suggestions do (a store or React key). */
export function suggestionsVersion(repository: RepositoryPort): number {
  return track(repository).version;
}

/** Pending, unexpired suggestions, highest confidence first; recomputed on a change or a new minute. */
export function pendingSuggestions(repository: RepositoryPort, now: number): SuggestionState[] {
  const entry = track(repository);
  const key = `${entry.version}:${Math.floor(now / 60_000)}`;
  if (entry.key !== key) {
    entry.pending = new SuggestionQueue(repository).pending();
    entry.key = key;
  }
  return entry.pending;
}

const filtered = new WeakMap<SuggestionState[], { filter: ReviewFilter; minute: number; rows: SuggestionState[] }>();

/** The rows the Review queue shows: the pending suggestions through its filter. */
export function reviewRows(repository: RepositoryPort, filter: ReviewFilter, now: number): SuggestionState[] {
  const pending = pendingSuggestions(repository, now);
  const minute = Math.floor(now / 60_000);
  const cached = filtered.get(pending);
  if (cached && cached.filter === filter && cached.minute === minute) return cached.rows;
  const rows = filterSuggestions(pending, filter, now);
  filtered.set(pending, { filter, minute, rows });
  return rows;
}
