import { useMemo } from 'react';
import { useApp } from '../app/store-context';
import { myDayTasks } from '../model/view-items';
import { useHighlighted } from './use-highlighted';
import { TaskList } from './TaskList';

export function MyDayView() {
  const tasks = useApp((state) => state.tasks);
  const me = useApp((state) => state.me);
  const pending = useApp((state) => state.pending);
  const sections = useMemo(() => myDayTasks({ tasks, me, now: Date.now(), hidden: new Set(pending.keys()) }), [tasks, me, pending]);
  const highlighted = useHighlighted('my-day', 'task', [...sections.overdue, ...sections.today, ...sections.noDue, ...sections.watching].map((task) => task.id));
  return (
    <div className="my-day">
      <TaskList label="Overdue" tasks={sections.overdue} highlighted={highlighted} />
      <TaskList label="Due today" tasks={sections.today} highlighted={highlighted} />
      <TaskList label="No due date" tasks={sections.noDue} highlighted={highlighted} />
      <TaskList label="Watching" tasks={sections.watching} highlighted={highlighted} />
    </div>
  );
}
