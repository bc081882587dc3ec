// A text field being edited while other people's saves arrive. The field keeps
// what the typist typed; a remote change to the same field is shown beside it
// and the typist chooses: keep theirs (save it over the remote value) or take
// the other. Neither text is ever dropped silently.
//
//   base:   the saved value the draft started from
//   draft:  what is in the field
//   remote: a newer saved value that arrived while the draft differed from base
export interface FieldDraft {
  base: string;
  draft: string;
  remote: string | null;
}

export type DraftAction =
  | { kind: 'saved-value'; value: string }
  | { kind: 'typed'; text: string }
  | { kind: 'keep-mine' }
  | { kind: 'take-theirs' };

export const initialDraft = (value: string): FieldDraft => ({ base: value, draft: value, remote: null });

export function draftReducer(state: FieldDraft, action: DraftAction): FieldDraft {
  switch (action.kind) {
    case 'saved-value': {
      const { value } = action;
      if (value === state.base && state.remote === null) return state;
      // Not editing, or the remote value is what I typed anyway: take it.
      if (state.draft === state.base || value === state.draft) return initialDraft(value);
      return { ...state, remote: value };
    }
    case 'typed':
      return state.remote !== null && action.text === state.remote ? initialDraft(action.text) : { ...state, draft: action.text };
    case 'keep-mine':
      return state.remote === null ? state : { base: state.remote, draft: state.draft, remote: null };
    case 'take-theirs':
      return state.remote === null ? state : initialDraft(state.remote);
  }
}

/** What to save when the field is left: nothing while a remote change waits for a choice. */
export function draftToCommit(state: FieldDraft): string | null {
  return state.remote === null && state.draft !== state.base ? state.draft : null;
}
