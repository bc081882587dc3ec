// The workspace document's schema: the one place that names its top-level types.
//   tasks        task id -> Y.Array of TaskEvent (plain JSON, append-only)
//   suggestions  suggestion id -> Y.Array of suggestion events (append-only)
//   config       Y.Array of configuration events: settings, templates, mutes (domain/config.ts)
//   members      Y.Array of membership events, written by the relay alone (domain/members.ts)
//   settings, templates
//                legacy last-writer-wins maps from before the config log; read as the
//                configuration's starting point, never written (the relay refuses writes)
// The relay's update check (sync-server/update-check.ts) allows clients exactly this: new keys
// holding new arrays in `tasks` and `suggestions`, and appends to those arrays and to `config`.
import * as Y from 'yjs';
import type { ConfigEvent } from '../domain/config';
import type { TaskEvent } from '../domain/events';
import type { MemberEvent } from '../domain/members';
import type { TaskTemplate } from '../domain/templates';

export type TaskLog = Y.Array<TaskEvent>;

export const ROOT = {
  tasks: 'tasks',
  suggestions: 'suggestions',
  config: 'config',
  members: 'members',
  legacySettings: 'settings',
  legacyTemplates: 'templates',
} as const;

/** Root maps whose values are append-only event logs, one per key. */
export const LOG_MAPS: ReadonlySet<string> = new Set([ROOT.tasks, ROOT.suggestions]);

export interface WorkspaceMaps {
  tasks: Y.Map<TaskLog>;
  suggestions: Y.Map<Y.Array<unknown>>;
  config: Y.Array<ConfigEvent>;
  members: Y.Array<MemberEvent>;
  legacySettings: Y.Map<unknown>;
  legacyTemplates: Y.Map<TaskTemplate>;
}

export function workspaceMaps(doc: Y.Doc): WorkspaceMaps {
  return {
    tasks: doc.getMap<TaskLog>(ROOT.tasks),
    suggestions: doc.getMap<Y.Array<unknown>>(ROOT.suggestions),
    config: doc.getArray<ConfigEvent>(ROOT.config),
    members: doc.getArray<MemberEvent>(ROOT.members),
    legacySettings: doc.getMap<unknown>(ROOT.legacySettings),
    legacyTemplates: doc.getMap<TaskTemplate>(ROOT.legacyTemplates),
  };
}

/** The log of a task, created if this replica is the task's creator. */
export function ensureTaskLog(maps: WorkspaceMaps, taskId: string): TaskLog {
  const existing = maps.tasks.get(taskId);
  if (existing instanceof Y.Array) return existing;
  // Only ever set a key that does not exist: a second Y.Array under the same key
  // would win by last-writer-wins and drop the first one's events (the relay refuses it).
  const log = new Y.Array<TaskEvent>();
  maps.tasks.set(taskId, log);
  return log;
}
