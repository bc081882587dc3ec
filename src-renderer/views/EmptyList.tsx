// The empty List (and Gantt) say why they are empty: what the filter and show-completed hide.
import { hiddenIds } from '../store/pending-dismissals';
import { useMemo } from 'react';
import { useApp, useServices } from '../app/store-context';
import { emptyMessage, hiddenCounts } from '../model/visible-tasks';
import type { AppState } from '../store/app-store';
import type { RepositoryPort } from '../model/repository-port';

/** Why the list is empty: what the filter and show-completed hide, or how to create a task. */
export function EmptyList() {
  const { repository } = useServices();
  // Selectors run on every store update (each j/k, toast, remote change): select the inputs, count once per change.
  const tasks = useApp((state) => state.tasks);
  const query = useApp((state) => state.query);
  const sort = useApp((state) => state.sort);
  const showCompleted = useApp((state) => state.showCompleted);
  const pending = useApp((state) => state.pending);
  const me = useApp((state) => state.me);
  const shown = useApp((state) => state.visible.length);
  const message = useMemo(
    () => emptyMessage(hiddenCounts(tasks, listOptions({ query, sort, showCompleted, pending, me }, repository), shown)),
    [tasks, query, sort, showCompleted, pending, me, shown, repository],
  );
  return <p className="empty">{message} Press <kbd>c</kbd> to create one.</p>;
}

const listOptions = (state: Pick<AppState, 'query' | 'sort' | 'showCompleted' | 'pending' | 'me'>, repository: RepositoryPort) => ({
  query: state.query, sort: state.sort, showCompleted: state.showCompleted, hidden: hiddenIds(state.pending),
  me: state.me, now: Date.now(), isBlocked: (task: Parameters<RepositoryPort['view']['isBlocked']>[0]) => repository.view.isBlocked(task),
});
