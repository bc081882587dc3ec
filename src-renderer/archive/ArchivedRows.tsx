// Archived tasks under the List's live rows, each marked "Archived"; opening one shows the
// read-only archived panel (ArchivedTaskPanel). Offline, the rows come from this device's cache.
// A row whose task is live again (reopened, here or elsewhere) is left out: it is a live row now.
import { archivedTaskState } from '../../src-shared/domain/archived-task';
import { useActions, useApp, useServices } from '../app/store-context';
import { formatInstant } from '../views/format';
import { useLabels } from '../views/use-labels';
import { useArchivedRows } from './use-archived-rows';
import './archive.css';

export function ArchivedRows() {
  const { q, rows: fetched, total, loading, offline, error, more } = useArchivedRows();
  const { repository } = useServices();
  useApp((state) => state.version); // re-render when a reopened task arrives live
  const rows = fetched.filter((row) => !repository.view.get(row.id));
  const { openPanel } = useActions();
  const labels = useLabels();
  const statuses = useApp((state) => state.config.settings.statuses);
  if (q === null) return null;
  const label = (status: string) => statuses.find((s) => s.id === status)?.label ?? status;
  return (
    <section className="archived-rows" aria-label="Archived tasks">
      <h2>Archived <span className="muted">({offline ? `${rows.length} cached on this device` : total - (fetched.length - rows.length)})</span>{loading && <span className="muted"> · searching…</span>}</h2>
      {error && <p role="alert">The archive could not be searched: {error}</p>}
      <ul>
        {rows.map((row) => {
          const task = archivedTaskState(row.id, row.task);
          return (
            <li key={row.id}>
              <button type="button" className="archived-row" onClick={() => openPanel(row.id)}>
                <span className="badge badge-archived">Archived</span>
                <span className="archived-title">{task.title}</span>
                <span className="muted">{label(task.status)} · {labels.person(task.ownerId)} · closed {formatInstant(row.closedAt)}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {rows.length === 0 && !loading && <p className="muted">No archived tasks match.</p>}
      {more && <button type="button" onClick={more} disabled={loading}>Load more archived tasks</button>}
    </section>
  );
}
