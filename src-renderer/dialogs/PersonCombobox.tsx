// One type-ahead for choosing a person (owner, handoff recipient): an ARIA
// combobox over the workspace's members by display name. Arrows move, Enter or
// a click chooses; text that matches no member chooses no one and says so.
import { useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useApp } from '../app/store-context';
import { choosablePeople, matchPeople, type Person } from '../model/people';

/** The workspace's members who can be chosen (no integrations), by display name. */
export function usePeople(options: { excludeMe?: boolean } = {}): Person[] {
  const members = useApp((state) => state.members);
  const me = useApp((state) => state.me);
  const excludeMe = options.excludeMe ?? false;
  return useMemo(() => choosablePeople(members, me, { excludeMe }), [members, me, excludeMe]);
}

export interface PersonCombobox {
  text: string;
  /** The highlighted match; null when the text matches no member. */
  match: Person | null;
  /** The input and its list of matches. */
  element: ReactNode;
}

export function usePersonCombobox({ label, people, initial = '', autoFocus = false, onPick, onEnter, onBlur, extraOption }: {
  label: string;
  people: readonly Person[];
  initial?: string;
  autoFocus?: boolean;
  /** A click on an option (or Enter, when onEnter is not given inside a form). */
  onPick?(person: Person): void;
  /** Enter in the field; without it Enter submits the surrounding form. */
  onEnter?(match: Person | null, text: string): void;
  onBlur?(): void;
  /** Shown after the matches when nothing is typed, e.g. "(unassigned)". */
  extraOption?: Person;
}): PersonCombobox & { setText(text: string): void } {
  const id = useId();
  const [text, setText] = useState(initial);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(autoFocus);
  const options = useMemo(() => {
    const matches = matchPeople(people, text);
    return extraOption && text.trim() === '' ? [...matches, extraOption] : matches;
  }, [people, text, extraOption]);
  const match = options[Math.min(active, options.length - 1)] ?? null;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') { event.preventDefault(); setOpen(true); setActive(Math.min(active + 1, options.length - 1)); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); setActive(Math.max(active - 1, 0)); }
    else if (event.key === 'Enter' && onEnter) { event.preventDefault(); onEnter(match, text); }
  };
  const listId = `${id}-people`;
  const element = (
    <>
      <input role="combobox" aria-label={label} aria-expanded={open && options.length > 0} aria-controls={listId}
        aria-activedescendant={open && match ? `${id}-option-${options.indexOf(match)}` : undefined} aria-autocomplete="list"
        autoFocus={autoFocus} value={text} autoComplete="off"
        onFocus={() => setOpen(true)} onBlur={() => { setOpen(false); onBlur?.(); }}
        onChange={(event) => { setText(event.target.value); setActive(0); setOpen(true); }} onKeyDown={onKeyDown} />
      {open && (
        <ul role="listbox" id={listId} aria-label={`${label}: people`}>
          {options.map((person, index) => (
            <li key={person.userId} id={`${id}-option-${index}`} role="option" aria-selected={person === match}
              onMouseDown={(event) => { event.preventDefault(); setText(person.displayName); setOpen(false); onPick?.(person); }}>
              {person.displayName}
            </li>
          ))}
        </ul>
      )}
      {options.length === 0 && text.trim() !== '' && <p role="alert" className="error">No member of this workspace matches “{text.trim()}”.</p>}
    </>
  );
  return { text, match, element, setText };
}

/** What a form's person field resolves to: null if left empty, the match, or an error for text that names no one. */
export function resolvePersonField(field: PersonCombobox, label: string): { ok: true; userId: string | null } | { ok: false; error: string } {
  if (field.text.trim() === '') return { ok: true, userId: null };
  if (field.match === null) return { ok: false, error: `${label}: no member of this workspace matches “${field.text.trim()}”.` };
  return { ok: true, userId: field.match.userId };
}
