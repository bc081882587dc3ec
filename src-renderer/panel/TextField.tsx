// A text input that keeps local edits until blur/Enter, then commits if changed.
// A save from someone else while it is being edited never replaces the typed
// text: it is shown beside the field with a choice (see field-draft.ts).
import { useEffect, useReducer } from 'react';
import { draftReducer, draftToCommit, initialDraft } from './field-draft';

export function TextField({ label, value, onCommit, multiline = false, wrap = false, className, hideLabel = false, placeholder }: {
  label: string; value: string; onCommit(next: string): void; multiline?: boolean;
  /** One line of text that wraps as it grows (the title): Enter still commits. */
  wrap?: boolean;
  className?: string;
  /** The label stays the field's accessible name but is not shown (the title reads as a heading). */
  hideLabel?: boolean;
  placeholder?: string;
}) {
  const [state, dispatch] = useReducer(draftReducer, value, initialDraft);
  useEffect(() => dispatch({ kind: 'saved-value', value }), [value]);
  const commit = (from = state) => {
    const next = draftToCommit(from);
    if (next !== null) onCommit(next);
  };
  const keepMine = () => {
    const kept = draftReducer(state, { kind: 'keep-mine' });
    dispatch({ kind: 'keep-mine' });
    commit(kept);
  };
  const onChange = (e: { target: { value: string } }) => dispatch({ kind: 'typed', text: e.target.value });
  return (
    <>
      <label className={className}><span className={hideLabel ? 'visually-hidden' : 'field-label'}>{label}</span>
        {multiline || wrap
          ? <textarea rows={multiline ? 3 : 1} value={state.draft} placeholder={placeholder} onChange={onChange} onBlur={() => commit()}
              onKeyDown={wrap ? (e) => { if (e.key === 'Enter') { e.preventDefault(); commit(); } } : undefined} />
          : <input value={state.draft} placeholder={placeholder} onChange={onChange} onBlur={() => commit()}
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); commit(); } }} />}
      </label>
      {state.remote !== null && (
        <div role="group" aria-label={`${label} changed by someone else`} className="remote-change">
          <p>{label} was changed by someone else while you typed: <q>{state.remote}</q></p>
          <button type="button" onClick={keepMine}>Keep mine</button>
          <button type="button" onClick={() => dispatch({ kind: 'take-theirs' })}>Take theirs</button>
        </div>
      )}
    </>
  );
}
