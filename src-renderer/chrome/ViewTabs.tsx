import { useApp, useServices } from '../app/store-context';
import { isLeadRole } from '../../src-shared/domain/authority';
import { LEAD_VIEWS, VIEWS } from '../model/views';

export function ViewTabs() {
  const current = useApp((state) => state.view);
  const setView = useApp((state) => state.setView);
  const openDialog = useApp((state) => state.openDialog);
  const { repository } = useServices();
  const me = useApp((state) => state.me);
  // Roles come from the members log: re-read whenever the configuration or the members change.
  useApp((state) => state.config);
  const lead = isLeadRole(repository.roleOf(me));
  return (
    <nav className="view-tabs" aria-label="Views">
      {VIEWS.filter(({ view }) => lead || !LEAD_VIEWS.has(view)).map(({ view, label, key }) => (
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
