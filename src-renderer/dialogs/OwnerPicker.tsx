// `e`: an owner picker with type-ahead. Arrow keys move through the matches,
// Enter chooses the highlighted one.
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useActions, useApp } from '../app/store-context';
import { Dialog } from './Dialog';

const UNASSIGNED = '(unassigned)';

export function OwnerPicker({ taskIds }: { taskIds: string[] }) {
  const members = useApp((state) => state.members);
  const me = useApp((state) => state.me);
  const { assign, closeDialog } = useActions();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const options = useMemo(() => {
    const ids = [...new Set([me, ...members.map((member) => member.userId)])];
    const needle = text.trim().toLowerCase();
    const matches = ids.filter((id) => id.toLowerCase().includes(needle))
      .sort((a, b) => Number(!a.toLowerCase().startsWith(needle)) - Number(!b.toLowerCase().startsWith(needle)));
    return needle === '' ? [...matches, UNASSIGNED] : matches;
  }, [members, me, text]);

  const choose = (value: string | undefined) => {
    const owner = value ?? text.trim();
    if (owner === '') return;
    assign(taskIds, owner === UNASSIGNED ? null : owner);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') { event.preventDefault(); setActive(Math.min(active + 1, options.length - 1)); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); setActive(Math.max(active - 1, 0)); }
    else if (event.key === 'Enter') { event.preventDefault(); choose(options[active]); }
  };
  return (
    <Dialog title={taskIds.length === 1 ? 'Assign owner' : `Assign ${taskIds.length} tasks`} onClose={closeDialog}>
      <input autoFocus role="combobox" aria-label="Owner" aria-expanded="true" aria-controls="owner-options"
        aria-activedescendant={options[active] ? `owner-option-${active}` : undefined} aria-autocomplete="list"
        value={text} onChange={(event) => { setText(event.target.value); setActive(0); }} onKeyDown={onKeyDown} />
      <ul role="listbox" id="owner-options" aria-label="People">
        {options.map((option, index) => (
          <li key={option} id={`owner-option-${index}`} role="option" aria-selected={index === active}
            onMouseDown={(event) => { event.preventDefault(); choose(option); }}>{option}</li>
        ))}
      </ul>
    </Dialog>
  );
}
