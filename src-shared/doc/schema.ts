// The workspace document's schema: the one place that names its top-level maps.
//   tasks        task id -> Y.Array of TaskEvent (plain JSON, append-only)
//   suggestions  suggestion id -> Y.Array of suggestion events
//   templates    template id -> TaskTemplate (plain JSON, last writer wins)
//   settings     key -> JSON value (see domain/settings.ts)
// Membership and roles are not here: the relay owns them.
import * as Y from 'yjs';
import type { TaskEvent } from '../domain/events';
import type { TaskTemplate } from '../domain/templates';

export type TaskLog = Y.Array<TaskEvent>;

export interface WorkspaceMaps {
  tasks: Y.Map<TaskLog>;
  suggestions: Y.Map<Y.Array<unknown>>;
  templates: Y.Map<TaskTemplate>;
  settings: Y.Map<unknown>;
}

export function workspaceMaps(doc: Y.Doc): WorkspaceMaps {
  return {
    tasks: doc.getMap<TaskLog>('tasks'),
    suggestions: doc.getMap<Y.Array<unknown>>('suggestions'),
    templates: doc.getMap<TaskTemplate>('templates'),
    settings: doc.getMap<unknown>('settings'),
  };
}

/** The log of a task, created if this replica is the task's creator. */
export function ensureTaskLog(maps: WorkspaceMaps, taskId: string): TaskLog {
  const existing = maps.tasks.get(taskId);
  if (existing instanceof Y.Array) return existing;
  // Only ever set a key that does not exist: a second Y.Array under the same key
  // would win by last-writer-wins and drop the first one's events.
  const log = new Y.Array<TaskEvent>();
  maps.tasks.set(taskId, log);
  return log;
}
