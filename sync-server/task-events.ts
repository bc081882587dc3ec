// Which task events a document transaction added, for the event feed (task_events). The room
// passes them along with the update row, so both are stored in one transaction (persistence.ts).
// A task log is a Y.Array under its task id in the `tasks` map; an item is new in this transaction
// when its clock is at or past the transaction's state before it began (yjs' own test for "added").
import * as Y from 'yjs';
import { ROOT } from '../src-shared/doc/schema';
import type { AddedTaskEvent } from './persistence';

function isEvent(value: unknown): value is AddedTaskEvent['event'] {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.type === 'string' && typeof v.actor === 'string';
}

export function addedTaskEvents(doc: Y.Doc, tr: Y.Transaction): AddedTaskEvent[] {
  const tasks = doc.getMap<unknown>(ROOT.tasks);
  const tasksType: unknown = tasks;
  const logs = new Set<Y.Array<unknown>>();
  for (const [type, keys] of tr.changed) {
    if (type === tasksType) {
      for (const key of keys) {
        const log = key === null ? undefined : tasks.get(key);
        if (log instanceof Y.Array) logs.add(log);
      }
    } else if (type instanceof Y.Array && type.parent === tasksType) {
      logs.add(type);
    }
  }
  const added: AddedTaskEvent[] = [];
  for (const log of logs) {
    const taskId = log._item?.parentSub;
    if (typeof taskId !== 'string') continue;
    for (let item = log._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue;
      // yjs merges an append into its author's previous item of the log before the `update` event,
      // so an item that began before this transaction may end with what it added.
      const before = tr.beforeState.get(item.id.client) ?? 0;
      if (item.id.clock + item.length <= before) continue;
      for (const value of item.content.getContent().slice(Math.max(0, before - item.id.clock))) if (isEvent(value)) added.push({ taskId, event: value });
    }
  }
  return added;
}
