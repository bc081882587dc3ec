// Overview, the control room (seed 004): tasks by status and by type, the
// overdue action list (most overdue first, Enter or click opens the task), due
// this week, recently completed, weekly throughput and team workload. The
// figures are one pure pass in src-shared (buildOverview) over the tasks the
// filter selects, closed included; every bar filters the list to its tasks.
import { hiddenIds, type PendingDismissal } from '../store/pending-dismissals';
import { plural } from '../../src-shared/util/text';
import './planning.css';
import { buildOverview, DUE_THIS_WEEK_TERM, lateness, NO_DUE_TERM, OVERDUE_TERM, stampTime, type CountBar } from '../../src-shared/domain/overview';
import type { Query } from '../../src-shared/domain/query';
import type { StatusDefinition, TaskState } from '../../src-shared/domain/types';
import type { RepositoryPort } from '../model/repository-port';
import { useActions, useApp, useServices } from '../app/store-context';
import { filterTasks } from '../model/visible-tasks';
import { BarChart, ThroughputChart, type ChartBar } from './OverviewCharts';
import { priorityLabel } from './format';
import { useOwnerLabel } from './use-owner-label';
import { readiness } from '../../src-shared/domain/prerequisites';
import { ReadinessBadge, withReadiness } from './ReadinessBadge';
import { memoLast, shortDay, useShowInList } from './planning-support';

const LIST_LIMIT = 12;

const overviewOf = memoLast((
  tasks: readonly TaskState[], query: Query | null, pending: ReadonlyMap<string, PendingDismissal>, me: string, now: number,
  statuses: readonly StatusDefinition[], repository: RepositoryPort,
) => buildOverview(filterTasks(tasks, {
  query, hidden: hiddenIds(pending), me, now, isBlocked: (task) => repository.view.isBlocked(task),
}, true), { now, statuses, weeks: 10 }));

function linkText(task: TaskState): string {
  const link = task.links[0];
  return link ? link.label || `${link.kind} ${link.id}` : '';
}

function ActionList({ label, tasks, when, term, className }: {
  label: string; tasks: readonly TaskState[]; when: (task: TaskState) => string; term: string; className?: string;
}) {
  const { openPanel } = useActions();
  const { repository } = useServices();
  const show = useShowInList();
  const ownerName = useOwnerLabel();
  const readinessOf = (task: TaskState) => readiness(task, (id) => repository.view.get(id));
  return (
    <section className={`overview-card${className ? ` ${className}` : ''}`} aria-label={label}>
      <h2>{label} <span className="count">{tasks.length.toLocaleString()}</span></h2>
      {tasks.length === 0 ? <p className="empty">Nothing here.</p> : (
        <ul className="action-list">
          {tasks.slice(0, LIST_LIMIT).map((task) => {
            const ready = readinessOf(task);
            return (
              <li key={task.id}>
                <span className={className === 'alert' ? 'late' : 'when'}>{when(task)}</span>
                <button type="button" className="title-button" onClick={() => openPanel(task.id)}
                  aria-label={withReadiness([...new Set([task.title, `${when(task)}${className === 'alert' ? ' overdue' : ''}`, ownerName(task.ownerId), priorityLabel[task.priority]])].join(', '), ready)}>
                  {task.title}<ReadinessBadge readiness={ready} />
                </button>
                <span className="meta">{ownerName(task.ownerId)}{linkText(task) ? ` · ${linkText(task)}` : ''}</span>
              </li>
            );
          })}
        </ul>
      )}
      {tasks.length > LIST_LIMIT && term !== '' && (
        <button type="button" className="more-button" onClick={() => show(term)}>Show all {tasks.length.toLocaleString()} in the list</button>
      )}
    </section>
  );
}

export function OverviewView() {
  const { repository } = useServices();
  const tasks = useApp((state) => state.tasks);
  const query = useApp((state) => state.query);
  const pending = useApp((state) => state.pending);
  const me = useApp((state) => state.me);
  const show = useShowInList();
  const ownerName = useOwnerLabel();
  // Minute granularity: the figures do not churn while nothing changes.
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  // From the store's config: it follows a status renamed on another replica.
  const statuses = useApp((state) => state.config.settings.statuses);
  const overview = overviewOf(tasks, query, pending, me, now, statuses, repository);

  const statusBars: ChartBar[] = overview.byStatus.map((bar) => ({ ...bar, fillClass: `fill-${bar.category ?? 'unstarted'}` }));
  const typeBars: ChartBar[] = overview.byType.slice(0, 8).map((bar, index) => ({ ...bar, fillClass: `fill-series-${index % 6}` }));
  // People by display name (the bar's key is the owner's id; '' is unassigned).
  const workloadBars: ChartBar[] = overview.workload.slice(0, 10)
    .map((bar) => ({ ...bar, label: ownerName(bar.key === '' ? null : bar.key), late: bar.overdue, fillClass: 'fill-open' }));
  const count = (bar: CountBar) => plural(bar.count, 'task');

  return (
    <div className="overview" aria-label="Overview">
      <section className="overview-card" aria-label="Tasks by status">
        <h2>By status <span className="count">{overview.openCount.toLocaleString()} open</span></h2>
        <BarChart title="Tasks by status" bars={statusBars} unit={count} onShow={show} focusFirst />
      </section>
      <section className="overview-card" aria-label="Open tasks by type">
        <h2>Open by type</h2>
        <BarChart title="Open tasks by type" bars={typeBars} unit={count} onShow={show} />
      </section>
      <ActionList label="Overdue" className="alert" tasks={overview.overdue} term={OVERDUE_TERM} when={(task) => lateness(task, now)} />
      <ActionList label="Due this week" tasks={overview.dueThisWeek} term={DUE_THIS_WEEK_TERM}
        when={(task) => (task.dueAt ? shortDay.format(Date.parse(task.dueAt)) : '')} />
      <section className="overview-card" aria-label="Weekly throughput">
        <h2>Weekly throughput <span className="count">{overview.throughput.at(-1)?.closed ?? 0} closed this week</span></h2>
        <ThroughputChart weeks={overview.throughput} onShow={show} />
      </section>
      <section className="overview-card" aria-label="Team workload">
        <h2>Team workload</h2>
        <BarChart title="Team workload" bars={workloadBars} onShow={show}
          unit={(bar) => `${bar.count.toLocaleString()} open${bar.late ? `, ${bar.late} late` : ''}`} />
        <ul className="legend" aria-hidden="true">
          <li><span className="swatch swatch-open" />Open</li>
          <li><span className="swatch swatch-late" />Overdue</li>
        </ul>
      </section>
      <ActionList label="No due date" tasks={overview.noDue} term={NO_DUE_TERM} when={(task) => priorityLabel[task.priority]} />
      <ActionList label="Recently completed" tasks={overview.recentlyCompleted} term=""
        when={(task) => shortDay.format(stampTime(task.updatedAt))} />
    </div>
  );
}
