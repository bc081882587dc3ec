// Review queue (seed 002): suggestions made from other systems' signals, with
// rationale and evidence at a glance. Approve turns one into a task (same id),
// Reject needs a reason, Mute stops that source for that entity. The rules
// (expiry, idempotency, one task per suggestion) live in src-shared.
import { useEffect, useMemo, useState } from 'react';
import { SuggestionQueue } from '../../src-shared/doc/suggestion-queue';
import type { SuggestionState } from '../../src-shared/domain/suggestions';
import { useActions, useServices } from '../app/store-context';
import { SafeLink } from '../chrome/SafeLink';
import { scrollIntoViewIfHighlighted, useHighlighted } from './use-highlighted';

function usePendingSuggestions(queue: SuggestionQueue): SuggestionState[] {
  const [pending, setPending] = useState(() => queue.pending());
  useEffect(() => {
    const suggestions = queue.repository.maps.suggestions;
    const refresh = () => setPending(queue.pending());
    suggestions.observeDeep(refresh);
    // Expiry is time-based: look again every minute.
    const timer = window.setInterval(refresh, 60_000);
    refresh();
    return () => {
      suggestions.unobserveDeep(refresh);
      window.clearInterval(timer);
    };
  }, [queue]);
  return pending;
}

export function ReviewView() {
  const { repository } = useServices();
  const { report, select } = useActions();
  const queue = useMemo(() => new SuggestionQueue(repository), [repository]);
  const pending = usePendingSuggestions(queue);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const highlighted = useHighlighted('review', 'suggestion', pending.map((suggestion) => suggestion.id));

  return (
    <section className="task-section" aria-label="Review queue">
      <h2>Review queue <span className="count">{pending.length}</span></h2>
      {pending.length === 0 ? <p className="empty">No suggestions waiting.</p> : (
        <ul>
          {pending.map((suggestion) => (
            <li key={suggestion.id} aria-label={suggestion.title} aria-current={suggestion.id === highlighted ? 'true' : undefined}
              className={`suggestion${suggestion.id === highlighted ? ' selected' : ''}`} onClick={() => select(suggestion.id)}
              ref={scrollIntoViewIfHighlighted(suggestion.id === highlighted)}>
              <span className="title-button">{suggestion.title}</span>
              <span className="badge">{Math.round(suggestion.confidence * 100)}%</span>
              <span className="muted">{suggestion.rationale}</span>
              {suggestion.evidence.map((href) => <SafeLink key={href} href={href}>evidence</SafeLink>)}
              <span className="row-actions">
                <button type="button" onClick={() => report(queue.approve(suggestion.id))}>Approve</button>
                {rejecting === suggestion.id ? (
                  <form onSubmit={(event) => {
                    event.preventDefault();
                    if (report(queue.reject(suggestion.id, reason))) setRejecting(null);
                  }}>
                    <input aria-label="Reason" value={reason} onChange={(event) => setReason(event.target.value)} autoFocus />
                    <button type="submit">Reject</button>
                  </form>
                ) : (
                  <button type="button" onClick={() => { setRejecting(suggestion.id); setReason(''); }}>Reject…</button>
                )}
                <button type="button" onClick={() => queue.mute(suggestion.source, suggestion.link ?? null)}>
                  Mute {suggestion.source}{suggestion.link ? ` for ${suggestion.link.kind} ${suggestion.link.id}` : ''}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
