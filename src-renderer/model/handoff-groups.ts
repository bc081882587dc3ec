// "Handed to you": one entry per handoff (who, when, the note once, its tasks),
// newest first, from the tasks handed to me that I have not acknowledged.
import { isPendingHandoffFor } from '../../src-shared/domain/sorting';
import type { Stamp, TaskState, UserId } from '../../src-shared/domain/types';

export interface HandoffGroup {
  handoffId: string;
  from: UserId;
  at: Stamp;
  note: string;
  tasks: TaskState[];
}

export function handoffGroups(tasks: readonly TaskState[], me: UserId): HandoffGroup[] {
  const groups = new Map<string, HandoffGroup>();
  for (const task of tasks) {
    const handoff = task.handoff;
    if (handoff === null || !isPendingHandoffFor(task, me)) continue;
    const group = groups.get(handoff.id);
    if (group) group.tasks.push(task);
    else groups.set(handoff.id, { handoffId: handoff.id, from: handoff.from, at: handoff.at, note: handoff.note, tasks: [task] });
  }
  return [...groups.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
