import { useApp } from '../app/store-context';
import { VIEWS } from '../model/views';

export function ViewTabs() {
  const current = useApp((state) => state.view);
  const setView = useApp((state) => state.setView);
  const openDialog = useApp((state) => state.openDialog);
  return (
    <nav className="view-tabs" aria-label="Views">
      {VIEWS.map(({ view, label, key }) => (
        <button key={view} type="button" aria-current={current === view ? 'page' : undefined}
          aria-keyshortcuts={key} onClick={() => setView(view)}>{label}</button>
      ))}
      <button type="button" className="primary" aria-keyshortcuts="c" onClick={() => openDialog({ kind: 'create' })}>New task</button>
      <button type="button" aria-keyshortcuts="?" onClick={() => openDialog({ kind: 'help' })}>Keys</button>
      <button type="button" onClick={() => openDialog({ kind: 'export' })}>Export…</button>
      <button type="button" onClick={() => openDialog({ kind: 'import' })}>Import CSV…</button>
    </nav>
  );
}
