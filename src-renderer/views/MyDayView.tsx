import { useMemo } from 'react';
import { useApp } from '../app/store-context';
import { myDay } from '../model/visible-tasks';
import { TaskList } from './TaskList';

export function MyDayView() {
  const tasks = useApp((state) => state.tasks);
  const me = useApp((state) => state.me);
  const pending = useApp((state) => state.pending);
  const sections = useMemo(() => myDay(tasks, me, Date.now(), new Set(pending.keys())), [tasks, me, pending]);
  return (
    <div className="my-day">
      <TaskList label="Overdue" tasks={sections.overdue} />
      <TaskList label="Due today" tasks={sections.today} />
      <TaskList label="No due date" tasks={sections.noDue} />
    </div>
  );
}
