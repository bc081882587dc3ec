// Which tasks can fold differently after a configuration change. A task's fold
// reads only a few settings (FOLD_SETTING_KEYS), and each only through certain
// events, so a change refolds just the tasks whose logs hold such an event:
//   statuses        events that name a status whose category changed (or that
//                   appeared / went away), events that land on a category's first
//                   status when that first status changed, tracked tasks whose
//                   mapping names such a status;
//                   a new label, colour, "hidden" or order inside a category: none
//   statusMappings  tracked tasks following a mapping that changed
//   approvers       decisions by a user added to or removed from the list
//   allowSelfApproval  tasks with a decision
//   approvalTypes   (read as of each event's stamp) creations and type edits made
//                   after the first point the setting's history changed, naming a
//                   type whose requirement may differ there
// Any other key (entity kinds, queues, time zone, ...) refolds nothing.
import type { TaskEvent } from './events';
import { firstStatusOf } from './statuses';
import { STATUS_CATEGORIES, type StatusCategory, type Stamp, type TaskState, type WorkspaceSettings } from './types';

export interface FoldInputs {
  settings: WorkspaceSettings;
  approvalTypesHistory: readonly { at: Stamp; value: readonly string[] }[];
}

/** Does this task (its log in fold order, its state) need folding again? */
export type TaskAffected = (events: readonly TaskEvent[], state: TaskState | null) => boolean;

export type FoldImpact = { kind: 'none' } | { kind: 'some'; affects: TaskAffected };

const DECISIONS: ReadonlySet<string> = new Set(['task.approved', 'task.rejected', 'task.changes_requested']);
/** Events that land on the first status of a category (transitions.ts statusOfCategory). */
const LANDS_ON: Readonly<Record<string, StatusCategory>> = {
  'task.submitted': 'approval', 'task.approved': 'done', 'task.completed': 'done', 'task.rejected': 'canceled',
  'task.dismissed': 'canceled', 'task.changes_requested': 'started', 'task.reopened': 'unstarted',
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const payloadOf = (event: TaskEvent) => event.payload as Record<string, unknown>;
const trackingOf = (events: readonly TaskEvent[]) =>
  events[0]?.type === 'task.created' ? (payloadOf(events[0]).tracking as { mapping?: unknown } | null | undefined) : undefined;

function statusImpact(before: WorkspaceSettings, after: WorkspaceSettings): TaskAffected | null {
  const categoryOf = (s: WorkspaceSettings) => new Map(s.statuses.map((d) => [d.id, d.category] as const));
  const a = categoryOf(before);
  const b = categoryOf(after);
  const changedIds = new Set<string>();
  for (const id of new Set([...a.keys(), ...b.keys()])) if (a.get(id) !== b.get(id)) changedIds.add(id);
  // A category's landing status changed: another id, or the same id with another category (a list with no
  // status of a category falls back to the default one, whatever category that id has now).
  const changedFirst = new Set(STATUS_CATEGORIES.filter((c) => {
    const id = firstStatusOf(after, c).id;
    return firstStatusOf(before, c).id !== id || changedIds.has(id);
  }));
  if (changedIds.size === 0 && changedFirst.size === 0) return null;
  /** A tracked task reads the statuses its mapping names. */
  const mappingTouches = (name: string) => [before, after].some((s) => {
    const mapping = s.statusMappings[name];
    return mapping !== undefined && [...Object.values(mapping.states), mapping.archived].some((id) => changedIds.has(id));
  });
  return (events) => {
    const mapping = trackingOf(events)?.mapping;
    if (typeof mapping === 'string' && mappingTouches(mapping)) return true;
    for (const event of events) {
      const p = payloadOf(event);
      if (event.type === 'task.created') {
        if (typeof p.status === 'string' ? changedIds.has(p.status) : changedFirst.has('unstarted')) return true;
      } else if (event.type === 'task.status_changed') {
        if (changedIds.has(p.status as string)) return true;
      } else {
        const category = LANDS_ON[event.type];
        if (category && changedFirst.has(category)) return true;
      }
    }
    return false;
  };
}

function mappingImpact(before: WorkspaceSettings, after: WorkspaceSettings): TaskAffected | null {
  const names = new Set([...Object.keys(before.statusMappings), ...Object.keys(after.statusMappings)]);
  const changed = new Set([...names].filter((name) => !same(before.statusMappings[name], after.statusMappings[name])));
  if (changed.size === 0) return null;
  return (events) => {
    const mapping = trackingOf(events)?.mapping;
    return typeof mapping === 'string' && changed.has(mapping);
  };
}

function approverImpact(before: WorkspaceSettings, after: WorkspaceSettings): TaskAffected | null {
  const a = new Set(before.approvers);
  const b = new Set(after.approvers);
  const changed = new Set([...a, ...b].filter((user) => a.has(user) !== b.has(user)));
  const selfApproval = before.allowSelfApproval !== after.allowSelfApproval;
  if (changed.size === 0 && !selfApproval) return null;
  return (events) => events.some((e) => DECISIONS.has(e.type) && (selfApproval || changed.has(e.actor)));
}

function approvalTypesImpact(before: FoldInputs['approvalTypesHistory'], after: FoldInputs['approvalTypesHistory']): TaskAffected | null {
  let i = 0;
  while (i < before.length && i < after.length && before[i]?.at === after[i]?.at && same(before[i]?.value, after[i]?.value)) i += 1;
  if (i === before.length && i === after.length) return null;
  // From the first difference on, the value in effect may differ; before it, it is the same.
  const candidates = [before[i]?.at, after[i]?.at].filter((at): at is Stamp => at !== undefined);
  const from = candidates.reduce((min, at) => (at < min ? at : min));
  const types = new Set<string>();
  for (const history of [before, after]) for (const entry of history.slice(Math.max(0, i - 1))) for (const type of entry.value) types.add(type);
  return (events) => events.some((event) => {
    if (event.at < from) return false;
    const p = payloadOf(event);
    if (event.type === 'task.created') return types.has(typeof p.type === 'string' ? p.type : 'follow_up');
    if (event.type === 'task.edited') {
      const type = (p.fields as { type?: unknown } | undefined)?.type;
      return typeof type === 'string' && types.has(type);
    }
    return false;
  });
}

export function settingsFoldImpact(before: FoldInputs, after: FoldInputs): FoldImpact {
  const parts = [
    statusImpact(before.settings, after.settings),
    mappingImpact(before.settings, after.settings),
    approverImpact(before.settings, after.settings),
    approvalTypesImpact(before.approvalTypesHistory, after.approvalTypesHistory),
  ].filter((part): part is TaskAffected => part !== null);
  if (parts.length === 0) return { kind: 'none' };
  return { kind: 'some', affects: (events, state) => parts.some((affects) => affects(events, state)) };
}
