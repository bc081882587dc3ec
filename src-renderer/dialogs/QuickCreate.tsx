// `c`: title and an optional owner, nothing else; Enter creates. Everything
// else comes from the current view's filter (see store/create-defaults.ts).
import { useState, type FormEvent } from 'react';
import { useActions, useApp } from '../app/store-context';
import { Dialog } from './Dialog';

export function QuickCreate() {
  const members = useApp((state) => state.members);
  const { createTask, closeDialog } = useActions();
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === '') return setError('A task needs a title.');
    createTask(title.trim(), owner.trim() === '' ? null : owner.trim());
  };
  return (
    <Dialog title="New task" onClose={closeDialog}>
      <form onSubmit={submit}>
        <label>Title<input autoFocus value={title} onChange={(event) => { setTitle(event.target.value); setError(null); }} /></label>
        <label>Owner<input list="quick-create-owners" placeholder="optional" value={owner} onChange={(event) => setOwner(event.target.value)} /></label>
        <datalist id="quick-create-owners">{members.map((member) => <option key={member.userId} value={member.userId} />)}</datalist>
        {error !== null && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="submit" className="primary">Create</button>
          <button type="button" onClick={closeDialog}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
