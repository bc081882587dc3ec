import { describe, expect, it } from 'vitest';
import { draftReducer, draftToCommit, initialDraft, type DraftAction, type FieldDraft } from './field-draft';

const run = (start: FieldDraft, ...actions: DraftAction[]) => actions.reduce(draftReducer, start);

describe('a field being edited while remote saves arrive', () => {
  it('follows remote saves while not being edited', () => {
    const state = run(initialDraft('old'), { kind: 'saved-value', value: 'new' });
    expect(state).toEqual(initialDraft('new'));
    expect(draftToCommit(state)).toBeNull();
  });

  it('keeps the typed text when a remote save arrives, and does not save over it without a choice', () => {
    const state = run(initialDraft('Gate B2'), { kind: 'typed', text: 'Gate B2: cones short by 40' }, { kind: 'saved-value', value: 'Gate B2 (lead)' });
    expect(state.draft).toBe('Gate B2: cones short by 40');
    expect(state.remote).toBe('Gate B2 (lead)');
    expect(draftToCommit(state)).toBeNull();
  });

  it('keep mine saves the typed text over the remote one; take theirs drops the draft', () => {
    const conflict = run(initialDraft('a'), { kind: 'typed', text: 'mine' }, { kind: 'saved-value', value: 'theirs' });
    const kept = draftReducer(conflict, { kind: 'keep-mine' });
    expect(draftToCommit(kept)).toBe('mine');
    expect(kept.base).toBe('theirs');
    const taken = draftReducer(conflict, { kind: 'take-theirs' });
    expect(taken).toEqual(initialDraft('theirs'));
  });

  it('a remote save equal to the draft, or typing the remote text, ends the conflict', () => {
    expect(run(initialDraft('a'), { kind: 'typed', text: 'b' }, { kind: 'saved-value', value: 'b' })).toEqual(initialDraft('b'));
    expect(run(initialDraft('a'), { kind: 'typed', text: 'b' }, { kind: 'saved-value', value: 'c' }, { kind: 'typed', text: 'c' }))
      .toEqual(initialDraft('c'));
  });
});
