// A type-ahead that adds one thing to a list (a watcher, an approver, a
// prerequisite, the parent): an ARIA combobox whose options come from a search,
// arrows move, Enter or a click picks, and the field empties for the next one.
// Text that matches nothing picks nothing and says so; nothing is ever typed as an id.
import { useId, useMemo, useState, type KeyboardEvent } from 'react';

export interface PickOption {
  id: string;
  label: string;
  /** Shown after the label, dimmed (a status, say). */
  detail?: string;
}

export function PickCombobox({ label, search, onPick, placeholder, emptyMessage }: {
  label: string;
  /** The options for the typed text, best first (already without the ones chosen). */
  search(text: string): readonly PickOption[];
  onPick(option: PickOption): void;
  placeholder?: string;
  /** What to say when the text matches nothing. */
  emptyMessage(text: string): string;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const options = useMemo(() => (open ? search(text).slice(0, 8) : []), [open, search, text]);
  const current = options[Math.min(active, options.length - 1)] ?? null;
  const pick = (option: PickOption) => {
    onPick(option);
    setText('');
    setActive(0);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') { event.preventDefault(); setOpen(true); setActive(Math.min(active + 1, options.length - 1)); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); setActive(Math.max(active - 1, 0)); }
    else if (event.key === 'Enter') {
      event.preventDefault();
      if (current !== null && text.trim() !== '') pick(current);
    } else if (event.key === 'Escape' && text !== '') { event.preventDefault(); event.stopPropagation(); setText(''); }
  };
  const listId = `${id}-options`;
  return (
    <div className="pick">
      <input role="combobox" aria-label={label} aria-expanded={options.length > 0} aria-controls={listId} aria-autocomplete="list"
        aria-activedescendant={current ? `${id}-option-${options.indexOf(current)}` : undefined}
        value={text} placeholder={placeholder} autoComplete="off"
        onFocus={() => setOpen(true)} onBlur={() => setOpen(false)}
        onChange={(event) => { setText(event.target.value); setActive(0); setOpen(true); }} onKeyDown={onKeyDown} />
      {options.length > 0 && (
        <ul role="listbox" id={listId} aria-label={`${label}: matches`} className="pick-options">
          {options.map((option, index) => (
            <li key={option.id} id={`${id}-option-${index}`} role="option" aria-selected={option === current}
              onMouseDown={(event) => { event.preventDefault(); pick(option); }}>
              {option.label}{option.detail && <span className="detail"> · {option.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      {open && options.length === 0 && text.trim() !== '' && <p role="alert" className="error">{emptyMessage(text.trim())}</p>}
    </div>
  );
}
