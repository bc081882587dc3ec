// Quick create asks for at most a title and an owner; everything else comes
// from the context the operator is looking at: a filtered view creates tasks
// that match its own filter, so the new task appears where they expect it.
import type { TaskCreatedPayload } from '../../src-shared/domain/events';
import type { Query } from '../../src-shared/domain/query';
import { PRIORITIES, type Priority, type UserId } from '../../src-shared/domain/types';
import type { ViewName } from './app-store';

export function defaultsFromQuery(query: Query | null, me: UserId, view: ViewName): Omit<TaskCreatedPayload, 'title'> {
  const defaults: Omit<TaskCreatedPayload, 'title'> = { origin: 'manual' };
  if (view === 'my-day') defaults.ownerId = me;
  for (const term of query?.terms ?? []) {
    const only = term.values.length === 1 && !term.negated ? term.values[0] : undefined;
    if (only === undefined) continue;
    if (term.key === 'owner') defaults.ownerId = only === 'me' ? me : only;
    else if (term.key === 'priority' && (PRIORITIES as readonly string[]).includes(only)) defaults.priority = only as Priority;
    else if (term.key === 'type') defaults.type = only;
    else if (term.key === 'queue') defaults.queue = only;
    else if (term.key === 'status') defaults.status = only;
    else if (term.key === 'tag') defaults.tags = [only];
    else if (term.key === 'due' && only === 'today') {
      const endOfDay = new Date();
      endOfDay.setHours(23, 59, 0, 0);
      defaults.dueAt = endOfDay.toISOString();
    }
  }
  return defaults;
}
