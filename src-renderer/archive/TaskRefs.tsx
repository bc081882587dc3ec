// Links from a task to the tasks it names (parent, prerequisites). Task ids are global: one that
// is not in the live document is shown as an "archived task" link that opens the archived panel,
// never as an error.
import { useActions, useServices } from '../app/store-context';

export function TaskRefs({ label, ids }: { label: string; ids: readonly string[] }) {
  const { repository } = useServices();
  const { openPanel } = useActions();
  if (ids.length === 0) return null;
  return (
    <p className="task-refs" aria-label={label}>{label}:{' '}
      {ids.map((id, i) => {
        const live = repository.view.get(id);
        const name = live ? live.title : `archived task ${id}`;
        return (
          <span key={id}>{i > 0 ? ', ' : ''}
            <button type="button" className="link-button" aria-label={`Open ${live ? `task ${live.title}` : `archived task ${id}`}`} onClick={() => openPanel(id)}>{name}</button>
          </span>
        );
      })}
    </p>
  );
}
