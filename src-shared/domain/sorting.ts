// Orderings for lists of tasks. Ties fall back to creation order so a list never
// reshuffles between renders.
import type { Priority, TaskState } from './types';

export type TaskSort = 'due' | 'priority' | 'created' | 'updated';

const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

const byCreation = (a: TaskState, b: TaskState) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1);

/** Tasks without a due time go last. */
function byDue(a: TaskState, b: TaskState): number {
  if (a.dueAt === b.dueAt) return 0;
  if (a.dueAt === null) return 1;
  if (b.dueAt === null) return -1;
  return Date.parse(a.dueAt) - Date.parse(b.dueAt);
}

export function compareTasks(sort: TaskSort): (a: TaskState, b: TaskState) => number {
  switch (sort) {
    case 'due':
      return (a, b) => byDue(a, b) || PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || byCreation(a, b);
    case 'priority':
      return (a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || byDue(a, b) || byCreation(a, b);
    case 'created':
      return (a, b) => -byCreation(a, b);
    case 'updated':
      return (a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : byCreation(a, b));
  }
}
