// Prerequisites and subtasks as derived overlays. A task is *blocked* while any
// prerequisite it names is open (a cancelled prerequisite frees it like a
// completed one); a task whose prerequisites are all closed is *ready*. These
// read other tasks' states, so they are never fold rules (a task's fold sees
// only its own log): the UI says what a task waits for, and nothing refuses.
import { isClosedCategory } from './statuses';
import type { StatusCategory, TaskId, TaskState } from './types';

export type TaskLookup = (id: TaskId) => TaskState | undefined;

/** The prerequisites still open, in the order the task names them (unknown ids are not known to be open). */
export function openPrerequisites(task: Pick<TaskState, 'blockedBy'>, lookup: TaskLookup): TaskState[] {
  const open: TaskState[] = [];
  for (const id of task.blockedBy) {
    const prerequisite = lookup(id);
    if (prerequisite !== undefined && !isClosedCategory(prerequisite.category)) open.push(prerequisite);
  }
  return open;
}

export function isBlocked(task: Pick<TaskState, 'blockedBy'>, lookup: TaskLookup): boolean {
  return task.blockedBy.some((id) => {
    const prerequisite = lookup(id);
    return prerequisite !== undefined && !isClosedCategory(prerequisite.category);
  });
}

/** blocked / ready for an open task that has prerequisites; null when there is nothing to say. */
export function readiness(task: TaskState, lookup: TaskLookup): 'blocked' | 'ready' | null {
  if (task.blockedBy.length === 0 || isClosedCategory(task.category)) return null;
  return isBlocked(task, lookup) ? 'blocked' : 'ready';
}

const quoted = (tasks: readonly TaskState[]) => tasks.map((task) => `“${task.title}”`).join(', ');

/**
 * What to tell someone who starts a blocked task (moves it to a started status):
 * which prerequisites it still waits for. null when it is not blocked or the move is not a start.
 */
export function startWarning(task: TaskState, to: StatusCategory, lookup: TaskLookup): string | null {
  if (to !== 'started' || task.category === 'started') return null;
  const open = openPrerequisites(task, lookup);
  if (open.length === 0) return null;
  return `“${task.title}” is blocked: it waits for ${quoted(open)}.`;
}

/** The task's subtasks (tasks naming it as parent), open ones first, then by title. */
export function subtasksOf(parentId: TaskId, tasks: readonly TaskState[]): TaskState[] {
  return tasks.filter((task) => task.parentId === parentId).sort((a, b) =>
    Number(isClosedCategory(a.category)) - Number(isClosedCategory(b.category)) || a.title.localeCompare(b.title));
}

/**
 * Could `candidate` become a prerequisite (or the parent) of `task` without a loop?
 * Walks the candidate's own prerequisites (or parents): a task cannot wait for itself.
 */
export function wouldLoop(taskId: TaskId, candidateId: TaskId, lookup: TaskLookup, next: (task: TaskState) => readonly TaskId[]): boolean {
  const seen = new Set<TaskId>();
  const stack = [candidateId];
  while (stack.length > 0) {
    const id = stack.pop() as TaskId;
    if (id === taskId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    const found = lookup(id);
    if (found) stack.push(...next(found));
  }
  return false;
}
