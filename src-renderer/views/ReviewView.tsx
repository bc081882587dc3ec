// Review queue (seed 002 §7.2): suggestions made from other systems' signals,
// with rationale and evidence at a glance, filterable by type, source, age and
// entity. Keys (app/review-keys.ts): j/k move, Enter opens one, a approves, e
// edits then approves, x rejects with a reason, m mutes the source for that
// entity, Space selects; with a selection, a and x ask to confirm the batch.
// The rules (expiry, idempotency, one task per suggestion, who may decide) live
// in src-shared; the rows are the memo the keys walk (model/review-items.ts).
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { checkSuggestionAuthority } from '../../src-shared/domain/authority';
import { filterChoices, isFiltered, REVIEW_AGES, suggestedAt, type ReviewAge } from '../../src-shared/domain/review-filter';
import type { SuggestionState } from '../../src-shared/domain/suggestions';
import { useActions, useApp, useServices } from '../app/store-context';
import { SafeLink } from '../chrome/SafeLink';
import { onSuggestionsChange, pendingSuggestions, reviewRows, suggestionsVersion } from '../model/review-items';
import { suggestionItems } from '../model/view-items';
import type { AppState } from '../store/app-store';
import { formatInstant } from './format';
import { useNameOf } from './TaskList';
import { useLabels } from './use-labels';
import { useHighlightScope, useIsHighlighted, type HighlightScope } from './use-highlighted';
import { WindowedRows } from './WindowedRows';

/** Re-render on every change to the suggestions and every minute (expiry). */
function useSuggestionsClock(): number {
  const { repository } = useServices();
  const version = useSyncExternalStore((listener) => onSuggestionsChange(repository, listener), () => suggestionsVersion(repository));
  const [minute, setMinute] = useState(() => Math.floor(Date.now() / 60_000));
  useEffect(() => {
    const timer = window.setInterval(() => setMinute(Math.floor(Date.now() / 60_000)), 10_000);
    return () => window.clearInterval(timer);
  }, []);
  return version * 1e9 + minute;
}

export const entityLabel = (link: SuggestionState['link']) => (link ? link.label || `${link.kind} ${link.id}` : '');

export function ReviewView() {
  const { repository } = useServices();
  useSuggestionsClock();
  const filter = useApp((state) => state.reviewFilter);
  const batch = useApp((state) => state.reviewBatch);
  const me = useApp((state) => state.me);
  useApp((state) => state.members);
  const { setReviewFilter, openDialog } = useActions();
  const labels = useLabels();
  const now = Date.now();
  const pending = pendingSuggestions(repository, now);
  const rows = reviewRows(repository, filter, now);
  const scope = useHighlightScope('review', suggestionItems(rows).ids);
  const choices = filterChoices(pending);
  const canDecide = checkSuggestionAuthority('suggestion.approved', me, repository.roleOf(me)) === null;
  const batchIds = [...batch];
  const count = rows.length;
  const renderRow = useCallback((suggestion: SuggestionState, index: number) => (
    <SuggestionRow key={suggestion.id} suggestion={suggestion} index={index} count={count} scope={scope} inBatch={batch.has(suggestion.id)} canDecide={canDecide} />
  ), [count, scope, batch, canDecide]);

  return (
    <section className="task-section review" aria-label="Review queue">
      <h2>Review queue <span className="count">{rows.length === pending.length ? pending.length : `${rows.length} of ${pending.length}`}</span></h2>
      <div className="review-filters" role="group" aria-label="Review filters">
        <label>Type
          <select value={filter.type ?? ''} onChange={(event) => setReviewFilter({ ...filter, type: event.target.value || null })}>
            <option value="">All types</option>
            {choices.types.map((type) => <option key={type} value={type}>{labels.list(type)}</option>)}
          </select>
        </label>
        <label>Source
          <select value={filter.source ?? ''} onChange={(event) => setReviewFilter({ ...filter, source: event.target.value || null })}>
            <option value="">All sources</option>
            {choices.sources.map((source) => <option key={source} value={source}>{source}</option>)}
          </select>
        </label>
        <label>Age
          <select value={filter.age} onChange={(event) => setReviewFilter({ ...filter, age: event.target.value as ReviewAge })}>
            {REVIEW_AGES.map(({ age, label }) => <option key={age} value={age}>{label}</option>)}
          </select>
        </label>
        <label>Entity
          <input type="search" value={filter.entity} placeholder="trip:T-88" onChange={(event) => setReviewFilter({ ...filter, entity: event.target.value })}
            onKeyDown={(event) => { if (event.key === 'Enter' || event.key === 'Escape') (event.target as HTMLInputElement).blur(); }} />
        </label>
      </div>
      {batch.size > 0 && canDecide && (
        <div className="review-batch" role="group" aria-label="Selected suggestions">
          <span>{batch.size} selected</span>
          <button type="button" onClick={() => openDialog({ kind: 'suggestion-approve', suggestionIds: batchIds })}>Approve {batch.size}…</button>
          <button type="button" onClick={() => openDialog({ kind: 'suggestion-reject', suggestionIds: batchIds })}>Dismiss {batch.size}…</button>
        </div>
      )}
      {rows.length === 0 ? (
        <p className="empty">{pending.length === 0 ? 'No suggestions waiting.' : `${pending.length} suggestions hidden by the filters.`}</p>
      ) : (
        <WindowedRows className="aligned-rows" rows={rows} scope={scope} estimate={52} renderRow={renderRow} />
      )}
      {isFiltered(filter) && rows.length > 0 && rows.length < pending.length && (
        <p className="muted">{pending.length - rows.length} more hidden by the filters.</p>
      )}
    </section>
  );
}

/**
 * One row. A keystroke wakes only the row that lost the highlight and the one that
 * gained it, and only this shell redraws: the row's contents (buttons, evidence
 * links, the formatted time) are a memo that does not depend on the highlight.
 */
const SuggestionRow = memo(function SuggestionRow({ suggestion, index, count, scope, inBatch, canDecide }: {
  suggestion: SuggestionState;
  index: number;
  count: number;
  scope: HighlightScope;
  inBatch: boolean;
  canDecide: boolean;
}) {
  const actions: AppState = useActions();
  const highlighted = useIsHighlighted(scope, suggestion.id);
  const element = useRef<HTMLLIElement>(null);
  // Scroll when the row gains the highlight (or is drawn with it), not on every redraw.
  useLayoutEffect(() => { if (highlighted) element.current?.scrollIntoView({ block: 'nearest' }); }, [highlighted]);
  const id = suggestion.id;
  return (
    <li ref={element} aria-label={suggestion.title} aria-current={highlighted ? 'true' : undefined} aria-posinset={index + 1} aria-setsize={count}
      className={`aligned-row suggestion${highlighted ? ' selected' : ''}${inBatch ? ' in-batch' : ''}`}
      onClick={() => actions.select(id)}>
      <SuggestionCells suggestion={suggestion} inBatch={inBatch} canDecide={canDecide} />
    </li>
  );
});

const SuggestionCells = memo(function SuggestionCells({ suggestion, inBatch, canDecide }: {
  suggestion: SuggestionState;
  inBatch: boolean;
  canDecide: boolean;
}) {
  const actions: AppState = useActions();
  const nameOf = useNameOf();
  const labels = useLabels();
  const id = suggestion.id;
  const entity = entityLabel(suggestion.link);
  return (
    <>
      <input type="checkbox" aria-label={`Select ${suggestion.title} for batch`} checked={inBatch} tabIndex={-1}
        onChange={() => actions.toggleReviewBatch(id)} onClick={(event) => event.stopPropagation()} />
      <button type="button" className="title-button" onClick={() => actions.openDialog({ kind: 'suggestion', suggestionId: id })}>{suggestion.title}</button>
      <span className="badge">{Math.round(suggestion.confidence * 100)}%</span>
      <span>{labels.list(suggestion.type)}</span>
      <span>{entity}</span>
      <span className="muted who-when">from {nameOf(suggestion.createdBy)}, {formatInstant(new Date(suggestedAt(suggestion)).toISOString())}</span>
      <span className="muted rationale">{suggestion.rationale}</span>
      <span className="evidence">{suggestion.evidence.map((href) => <SafeLink key={href} href={href}>evidence</SafeLink>)}</span>
      {canDecide && (
        <span className="row-actions">
          <button type="button" onClick={() => actions.approveSuggestions([id])}>Approve</button>
          <button type="button" onClick={() => actions.openDialog({ kind: 'suggestion-edit', suggestionId: id })}>Edit…</button>
          <button type="button" onClick={() => actions.openDialog({ kind: 'suggestion-reject', suggestionIds: [id] })}>Reject…</button>
          <button type="button" onClick={() => actions.muteSuggestionSource(id)}>
            Mute {suggestion.source}{suggestion.link ? ` for ${suggestion.link.kind} ${suggestion.link.id}` : ''}
          </button>
        </span>
      )}
    </>
  );
});
