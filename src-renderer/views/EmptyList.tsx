// The empty List (and Gantt) say why they are empty: what the filter and show-completed hide.
import { useApp, useServices } from '../app/store-context';
import { emptyMessage, hiddenCounts } from '../model/visible-tasks';
import type { AppState } from '../store/app-store';
import type { RepositoryPort } from '../model/repository-port';

/** Why the list is empty: what the filter and show-completed hide, or how to create a task. */
export function EmptyList() {
  const { repository } = useServices();
  const message = useApp((state) => emptyMessage(hiddenCounts(state.tasks, listOptions(state, repository), state.visible.length)));
  return <p className="empty">{message} Press <kbd>c</kbd> to create one.</p>;
}

const listOptions = (state: AppState, repository: RepositoryPort) => ({
  query: state.query, sort: state.sort, showCompleted: state.showCompleted, hidden: new Set(state.pending.keys()),
  me: state.me, now: Date.now(), isBlocked: (task: Parameters<RepositoryPort['view']['isBlocked']>[0]) => repository.view.isBlocked(task),
});
