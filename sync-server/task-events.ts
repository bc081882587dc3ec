// Which task events a document transaction added, for the event feed (task_events). The room
// passes them along with the update row, so both are stored in one transaction (persistence.ts).
// A task log is a Y.Array under its task id in the `tasks` map; an item is new in this transaction
// when its clock is at or past the transaction's state before it began (yjs' own test for "added"),
// so the new items are read from the struct store, client by client, from that state on.
import * as Y from 'yjs';
import { ROOT } from '../src-shared/doc/schema';
import type { AddedTaskEvent } from './persistence';

function isEvent(value: unknown): value is AddedTaskEvent['event'] {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.type === 'string' && typeof v.actor === 'string';
}

export function addedTaskEvents(doc: Y.Doc, tr: Y.Transaction): AddedTaskEvent[] {
  const tasksType: unknown = doc.getMap<unknown>(ROOT.tasks);
  const added: AddedTaskEvent[] = [];
  // Only the structs this transaction added, per client from its state before: not every changed
  // log from its start (a long log appended to once would be walked whole on every update).
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i += 1) {
      const item = structs[i];
      if (!(item instanceof Y.Item) || item.deleted || !item.countable) continue;
      const log = item.parent;
      if (!(log instanceof Y.Array) || log.parent !== tasksType || item.parentSub !== null) continue;
      const taskId = log._item?.parentSub;
      if (typeof taskId !== 'string') continue;
      const values = item.content.getContent();
      // A struct merged with older content of its client: only its tail is new.
      for (let k = Math.max(0, before - item.id.clock); k < values.length; k += 1) {
        const value = values[k];
        if (isEvent(value)) added.push({ taskId, event: value });
      }
    }
  }
  return added;
}
