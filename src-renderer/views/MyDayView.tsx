import { useApp } from '../app/store-context';
import { myDayItems, myDayTasks } from '../model/view-items';
import { hiddenIds } from '../store/pending-dismissals';
import { useHighlightScope } from './use-highlighted';
import { TaskList } from './TaskList';

export function MyDayView() {
  const tasks = useApp((state) => state.tasks);
  const me = useApp((state) => state.me);
  const hidden = hiddenIds(useApp((state) => state.pending));
  // The same memo the keys walk (model/view-items.ts): recomputed per snapshot and minute, not per key.
  const sections = myDayTasks({ tasks, me, now: Date.now(), hidden });
  const scope = useHighlightScope('my-day', myDayItems(sections).ids);
  return (
    <div className="my-day">
      <TaskList label="Overdue" tasks={sections.overdue} scope={scope} empty="Nothing of yours is overdue." />
      <TaskList label="Due today" tasks={sections.today} scope={scope} empty="Nothing of yours is due today." />
      <TaskList label="No due date" tasks={sections.noDue} scope={scope} empty="Every open task of yours has a due date." />
      <TaskList label="Watching" tasks={sections.watching} scope={scope} empty="You watch no open task." />
    </div>
  );
}
