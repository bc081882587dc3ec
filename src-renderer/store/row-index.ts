// The List's row index (task id → row), built only when something asks for it.
// Rebuilding a 10,000-entry Map on every change made each quick create pay for
// the whole list (and its garbage); the hot paths (j/k, the selected row, a new
// row) use `rowOf`, a scan that costs microseconds, and the Map is built lazily.
import type { TaskId, TaskState } from '../../src-shared/domain/types';

/** The row of `id` in `rows`, or -1. */
export function rowOf(rows: readonly TaskState[], id: TaskId | null): number {
  if (id === null) return -1;
  for (let index = 0; index < rows.length; index += 1) if ((rows[index] as TaskState).id === id) return index;
  return -1;
}

export class LazyRowIndex extends Map<TaskId, number> {
  private built = false;

  constructor(private readonly rows: readonly TaskState[]) {
    super();
  }

  private ensure(): void {
    if (this.built) return;
    this.built = true;
    this.rows.forEach((task, index) => super.set(task.id, index));
  }

  override get(id: TaskId): number | undefined { this.ensure(); return super.get(id); }
  override has(id: TaskId): boolean { this.ensure(); return super.has(id); }
  override get size(): number { this.ensure(); return super.size; }
  override forEach(callback: (value: number, key: TaskId, map: Map<TaskId, number>) => void, thisArg?: unknown): void {
    this.ensure();
    super.forEach(callback, thisArg);
  }
  override entries(): MapIterator<[TaskId, number]> { this.ensure(); return super.entries(); }
  override keys(): MapIterator<TaskId> { this.ensure(); return super.keys(); }
  override values(): MapIterator<number> { this.ensure(); return super.values(); }
  override [Symbol.iterator](): MapIterator<[TaskId, number]> { this.ensure(); return super[Symbol.iterator](); }
}
