// The recurrence scheduler: both hosts run it on load and on a timer (and it needs no network; the
// desktop runs it in main too, so occurrences appear with the window closed),
// so an occurrence appears when it is due on every replica, online or not. Each occurrence is a
// task of its own, created under the ids recurrence.ts derives from the rule and the local
// date-time, with the same creation stamp everywhere: two replicas that create it offline hold
// the same task, and the relay merges their two logs into one (sync-server/room-rules.ts).
// Completing or dismissing one occurrence touches no other; editing a rule moves its `since`, so
// only occurrences after the edit follow the new rule (those already created stay as they are).
// An occurrence closed and archived (DESIGN "A bounded live document") is not in the live document
// any more: the host says which of the missing occurrences it knows are archived (its archive
// cache), so it is not made again (the relay would refuse a new live log under an archived id). Only
// the missing ones are asked about, and only when there are any: a tick costs no cache read at all
// when every due occurrence is live.
import type { TaskCreatedPayload } from '../domain/events';
import { activeRecurrence, dueOccurrences, ruleKey, type Occurrence, type Recurrence, type RuleRef } from '../domain/recurrence';
import { taskFromTemplate } from '../domain/templates';
import type { DomainError, TaskId, TaskState } from '../domain/types';
import type { TaskRepository } from './repository';

export interface RecurrenceRule {
  ref: RuleRef;
  recurrence: Recurrence;
  /** The new task for one occurrence: the same on every replica that holds the same rule. */
  payload(occurrence: Occurrence): TaskCreatedPayload;
}

export interface SchedulerRun {
  created: TaskId[];
  refused: { taskId: TaskId; error: DomainError }[];
}

/** Derived checklist item ids, so both replicas' creation events are alike. */
const itemIds = (occurrence: Occurrence) => {
  let n = 0;
  return () => `${occurrence.taskId}.i${(n += 1)}`;
};

function fromTask(task: TaskState, occurrence: Occurrence): TaskCreatedPayload {
  const nextItem = itemIds(occurrence);
  return {
    title: task.title,
    description: task.description,
    priority: task.priority,
    type: task.type,
    queue: task.queue,
    ownerId: task.ownerId,
    watchers: task.watchers,
    tags: task.tags,
    links: task.links,
    checklist: task.checklist.map((item) => ({ id: nextItem(), text: item.text })),
    private: task.private,
    // Due at the rule's time that day (not the task's own due time, which belongs to that task).
    dueAt: occurrence.dueAt,
    origin: task.origin === 'template' ? 'template' : 'manual',
    templateId: task.templateId,
    occurrence: { rule: ruleKey(occurrence.rule), local: occurrence.local },
  };
}

/** Every rule the workspace holds: templates' and open or closed (not cancelled) tasks'. */
export function recurrenceRules(repo: TaskRepository): RecurrenceRule[] {
  const rules: RecurrenceRule[] = [];
  for (const template of repo.templates()) {
    const recurrence = template.recurrence;
    if (!recurrence) continue;
    rules.push({
      ref: { kind: 'template', id: template.id },
      recurrence,
      payload: (occurrence) => taskFromTemplate(template, Date.parse(occurrence.at), itemIds(occurrence), {
        occurrence: { rule: ruleKey(occurrence.rule), local: occurrence.local },
      }),
    });
  }
  for (const task of repo.view.all()) {
    const recurrence = activeRecurrence(task);
    if (!recurrence) continue;
    rules.push({ ref: { kind: 'task', id: task.id }, recurrence, payload: (occurrence) => fromTask(task, occurrence) });
  }
  return rules;
}

/** Ids of the occurrences due by `now` that this replica does not hold (live): the candidates to create. */
export function missingOccurrences(repo: TaskRepository, now = repo.currentTime()): TaskId[] {
  const missing: TaskId[] = [];
  for (const rule of recurrenceRules(repo)) {
    for (const occurrence of dueOccurrences(rule.ref, rule.recurrence, now)) {
      if (!repo.view.get(occurrence.taskId)) missing.push(occurrence.taskId);
    }
  }
  return missing;
}

/** Create every occurrence due by `now` that this replica does not hold yet and that is not archived. */
export function createDueOccurrences(repo: TaskRepository, now = repo.currentTime(), archived: ReadonlySet<TaskId> = new Set()): SchedulerRun {
  const run: SchedulerRun = { created: [], refused: [] };
  for (const rule of recurrenceRules(repo)) {
    for (const occurrence of dueOccurrences(rule.ref, rule.recurrence, now)) {
      if (repo.view.get(occurrence.taskId) || archived.has(occurrence.taskId)) continue;
      const result = repo.createDerived(occurrence.taskId, rule.payload(occurrence), occurrence.eventId, occurrence.stamp);
      if (result.ok) run.created.push(occurrence.taskId);
      else run.refused.push({ taskId: occurrence.taskId, error: result.error });
    }
  }
  return run;
}

/** How often hosts run the scheduler: an occurrence appears within this long of its time. */
export const SCHEDULER_INTERVAL_MS = 30_000;

/** What a host gives the scheduler (src-shared has no timers of its own). */
export interface SchedulerHost {
  /** Calls `run` every `ms` until the returned stop is called. */
  every(ms: number, run: () => void): () => void;
  /** Wall clock in ms (default: the repository's). */
  now?: () => number;
  /** Which of these task ids this host knows are archived (its archive cache): those occurrences are not remade. */
  archivedAmong?: (taskIds: readonly TaskId[]) => Iterable<TaskId> | Promise<Iterable<TaskId>>;
}

/**
 * Runs the scheduler on a replica now, whenever the configuration changes (a template's rule
 * arrives) and every SCHEDULER_INTERVAL_MS, online or not; returns the stop. The renderer runs it
 * while a window is open (use-recurrence-scheduler.ts), desktop main on its own replica whether or
 * not a window is (desktop-session.ts): both may create the same occurrence, which is one task.
 */
export function runRecurrenceScheduler(repo: TaskRepository, host: SchedulerHost): () => void {
  let stopped = false;
  const runWith = (archived: Iterable<TaskId>) => {
    if (!stopped) createDueOccurrences(repo, host.now?.() ?? repo.currentTime(), new Set(archived));
  };
  const tick = () => {
    const missing = missingOccurrences(repo, host.now?.() ?? repo.currentTime());
    if (missing.length === 0) return;
    const archived = host.archivedAmong?.(missing) ?? [];
    // A cache that cannot be read holds no ids: the relay still refuses a remade archived id.
    if (archived instanceof Promise) void archived.catch(() => []).then(runWith);
    else runWith(archived);
  };
  tick();
  const stopTimer = host.every(SCHEDULER_INTERVAL_MS, tick);
  const unsubscribe = repo.onContextChange(tick);
  return () => {
    stopped = true;
    unsubscribe();
    stopTimer();
  };
}
