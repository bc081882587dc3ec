// `c`: title and an optional owner, nothing else; Enter creates. Everything
// else comes from the current view's filter (see store/create-defaults.ts).
import { useState, type FormEvent } from 'react';
import { useActions } from '../app/store-context';
import { Dialog } from './Dialog';
import { resolvePersonField, usePeople, usePersonCombobox } from './PersonCombobox';

export function QuickCreate() {
  const { createTask, closeDialog } = useActions();
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const owner = usePersonCombobox({ label: 'Owner', people: usePeople() });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === '') return setError('A task needs a title.');
    // Only a member can own it: a typo is refused, not made an owner.
    const chosen = resolvePersonField(owner, 'Owner');
    if (!chosen.ok) return setError(chosen.error);
    createTask(title.trim(), chosen.userId);
  };
  return (
    <Dialog title="New task" onClose={closeDialog}>
      <form onSubmit={submit}>
        <label>Title<input autoFocus value={title} onChange={(event) => { setTitle(event.target.value); setError(null); }} /></label>
        <div className="field">Owner (optional){owner.element}</div>
        {error !== null && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="submit" className="primary">Create</button>
          <button type="button" onClick={closeDialog}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
