// Which task events a transaction added (the event feed's rows): only the new ones, from every log
// the transaction touched, also when yjs merged a new struct with its client's older content.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addedTaskEvents } from './task-events';

const event = (id: string) => ({ id, type: 'task.commented', actor: 'ann', at: id, payload: { commentId: id, body: id } });

describe('addedTaskEvents', () => {
  it('lists only what each transaction added, across logs', () => {
    const doc = new Y.Doc();
    const tasks = doc.getMap<Y.Array<unknown>>('tasks');
    const seen: string[][] = [];
    // The room reads them in the `update` event, after yjs has merged adjacent structs.
    doc.on('update', (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => seen.push(addedTaskEvents(doc, tr).map((e) => `${e.taskId}:${e.event.id}`)));
    doc.transact(() => {
      const a = new Y.Array<unknown>();
      tasks.set('a', a);
      a.push([event('1'), event('2')]);
    });
    for (let i = 3; i < 50; i += 1) doc.transact(() => tasks.get('a')?.push([event(String(i))]));
    doc.transact(() => {
      tasks.get('a')?.push([event('50')]);
      const b = new Y.Array<unknown>();
      tasks.set('b', b);
      b.push([event('b1'), { not: 'an event' }]);
    });
    doc.transact(() => doc.getMap('elsewhere').set('x', 1));
    expect(seen[0]).toEqual(['a:1', 'a:2']);
    expect(seen.slice(1, 48).every((ids, i) => ids.length === 1 && ids[0] === `a:${i + 3}`)).toBe(true);
    expect(seen[48]?.sort()).toEqual(['a:50', 'b:b1']);
    expect(seen[49]).toEqual([]);
    expect(seen).toHaveLength(50);
  });
});
