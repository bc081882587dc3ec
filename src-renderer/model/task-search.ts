// Choosing a task by its title (a prerequisite, a parent): open tasks first,
// titles that start with the text before those that contain it. Tasks that
// cannot be chosen (the task itself, ones already chosen, ones that would make
// a loop) are left out by the caller's `allowed`.
import { isClosedCategory } from '../../src-shared/domain/statuses';
import type { TaskState } from '../../src-shared/domain/types';

export function searchTasks(tasks: readonly TaskState[], text: string, allowed: (task: TaskState) => boolean, limit = 8): TaskState[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [];
  const ranked: { task: TaskState; rank: number }[] = [];
  for (const task of tasks) {
    const title = task.title.toLowerCase();
    const at = title.indexOf(needle);
    if (at === -1 || !allowed(task)) continue;
    ranked.push({ task, rank: (isClosedCategory(task.category) ? 2 : 0) + (at === 0 ? 0 : 1) });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.task.title.localeCompare(b.task.title));
  return ranked.slice(0, limit).map((entry) => entry.task);
}
