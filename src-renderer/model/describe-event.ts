// One readable line per event for the activity stream ("who did what"), and
// what it changed: the activity replays the applied events in fold order and
// says "priority Normal → High", not "edited priority". Rejected events are
// described but change nothing (they did not apply).
import type { FoldedEvent, TaskEvent } from '../../src-shared/domain/events';
import { applyEvent } from '../../src-shared/domain/reducer';
import { describeRecurrence, type Recurrence } from '../../src-shared/domain/recurrence';
import type { FoldContext, Priority, TaskState } from '../../src-shared/domain/types';
import { outcomeLabel, priorityLabel } from '../views/format';
import { PLAIN_LABELS, type Labels } from './labels';

/** The task as it stood before an event (the fields the line compares with). */
type Seen = Pick<TaskState, 'title' | 'priority' | 'type' | 'queue' | 'status' | 'ownerId' | 'dueAt' | 'startAt'>;

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const words = (id: string) => id.replace(/_/g, ' ');
const day = (iso: string | null) => (iso === null ? 'none' : new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }));
const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/** "set it to repeat every weekday at 07:00", in the reader's zone like the panel's own line. */
function repeatLine(recurrence: Recurrence | null): string {
  if (recurrence === null) return 'stopped repeating';
  const text = describeRecurrence(recurrence, Intl.DateTimeFormat().resolvedOptions().timeZone);
  return `set it to repeat ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

function describeEdit(fields: Record<string, unknown>, before: Seen | null, labels: Labels): string {
  const parts: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const was = before?.[field as keyof Seen];
    switch (field) {
      case 'priority': parts.push(was === undefined ? `priority ${priorityLabel[value as Priority]}` : `priority ${priorityLabel[was as Priority]} → ${priorityLabel[value as Priority]}`); break;
      case 'title': parts.push(was === undefined ? `title “${clip(str(value))}”` : `title “${clip(str(was))}” → “${clip(str(value))}”`); break;
      case 'type': parts.push(`type ${was === undefined ? '' : `${labels.list(str(was))} → `}${labels.list(str(value))}`); break;
      case 'queue': parts.push(`queue ${was === undefined ? '' : `${str(was) ? labels.list(str(was)) : 'none'} → `}${str(value) ? labels.list(str(value)) : 'none'}`); break;
      case 'description': parts.push(str(value) === '' ? 'cleared the description' : 'edited the description'); break;
      case 'private': parts.push(value ? 'made it private' : 'made it visible to the team'); break;
      case 'requiresApproval': parts.push(value ? 'approval required' : 'approval not required'); break;
      case 'recurrence': parts.push(repeatLine(value as Recurrence | null)); break;
      default: parts.push(words(field));
    }
  }
  return parts.length === 0 ? 'edited it' : parts.join(', ');
}

/** One event, given the task's fields as they stood before it (null: not known). */
export function describeEvent(event: TaskEvent, before: Seen | null = null, labels: Labels = PLAIN_LABELS): string {
  const p = event.payload as Record<string, unknown>;
  switch (event.type) {
    case 'task.created': return `created “${str(p.title)}”`;
    case 'task.edited': return describeEdit((p.fields as Record<string, unknown> | undefined) ?? {}, before, labels);
    case 'task.assigned': {
      const to = (p.ownerId ?? null) as string | null;
      if (to === null) return before?.ownerId ? `unassigned ${labels.person(before.ownerId)}` : 'unassigned it';
      return before?.ownerId ? `owner ${labels.person(before.ownerId)} → ${labels.person(to)}` : `assigned it to ${labels.person(to)}`;
    }
    case 'task.status_changed': return before ? `status ${labels.status(before.status)} → ${labels.status(str(p.status))}` : `moved it to ${labels.status(str(p.status))}`;
    case 'task.submitted': return 'submitted it for approval';
    case 'task.approved': return 'approved it';
    case 'task.rejected': return `rejected it: ${str(p.reason)}`;
    case 'task.changes_requested': return `requested changes: ${str(p.reason)}`;
    case 'task.completed': {
      const outcome = outcomeLabel({ resolution: (p.resolution ?? null) as TaskState['resolution'] });
      return outcome ? `completed it: ${outcome}` : 'completed it';
    }
    case 'task.dismissed': return `dismissed it: ${str(p.reason)}`;
    case 'task.reopened': return 'reopened it';
    case 'task.snoozed': return `snoozed it until ${day(str(p.until))}`;
    case 'task.unsnoozed': return 'woke it up';
    case 'task.commented': return 'commented';
    case 'task.handed_off': return `handed it to ${labels.person(str(p.toUserId))}${p.note ? `: “${str(p.note)}”` : ''}`;
    case 'task.handoff_acknowledged': return 'acknowledged the handoff';
    case 'task.scheduled': {
      const parts: string[] = [];
      if ('dueAt' in p) parts.push(`due ${before ? `${day(before.dueAt)} → ` : ''}${day((p.dueAt ?? null) as string | null)}`);
      if ('startAt' in p) parts.push(`start ${before ? `${day(before.startAt)} → ` : ''}${day((p.startAt ?? null) as string | null)}`);
      return parts.length > 0 ? parts.join(', ') : 'changed the dates';
    }
    case 'task.tagged': {
      const add = (p.add as string[] | undefined) ?? [];
      const remove = (p.remove as string[] | undefined) ?? [];
      return [add.length > 0 ? `tagged ${add.join(', ')}` : '', remove.length > 0 ? `untagged ${remove.join(', ')}` : ''].filter(Boolean).join(', ') || 'changed the tags';
    }
    case 'task.link_added': {
      const link = p.link as { kind?: string; id?: string; label?: string } | undefined;
      return `linked ${str(link?.kind)} ${str(link?.label) || str(link?.id)}`;
    }
    case 'task.link_removed': return `unlinked ${str(p.kind)} ${str(p.id)}`;
    case 'task.checklist_added': return `added checklist item “${str(p.text)}”`;
    case 'task.checklist_toggled': return p.done ? 'ticked a checklist item' : 'unticked a checklist item';
    case 'task.checklist_removed': return 'removed a checklist item';
    case 'task.watcher_added': return `added watcher ${labels.person(str(p.userId))}`;
    case 'task.watcher_removed': return `removed watcher ${labels.person(str(p.userId))}`;
    case 'task.approver_added': return `added approver ${labels.person(str(p.userId))}`;
    case 'task.approver_removed': return `removed approver ${labels.person(str(p.userId))}`;
    case 'task.prerequisite_added': return 'added a prerequisite';
    case 'task.prerequisite_removed': return 'removed a prerequisite';
    case 'task.parent_set': return p.parentId ? 'made it a subtask' : 'made it a top-level task';
    default: return words(event.type.replace('task.', ''));
  }
}

export interface ActivityLine {
  event: TaskEvent;
  text: string;
  rejected: FoldedEvent['rejected'];
}

/**
 * The activity of one task, oldest first. The states before each event come
 * from the reducer itself (applyEvent over the applied events, in fold order:
 * the same fold the view made), so no rule is re-derived here.
 */
export function describeActivity(taskId: string, events: readonly FoldedEvent[], options: {
  labels: Labels; context: FoldContext; titleOf?: (taskId: string) => string;
}): ActivityLine[] {
  const { labels, context, titleOf = (id: string) => id } = options;
  let state: TaskState | null = null;
  const lines: ActivityLine[] = [];
  for (const { event, rejected } of events) {
    let text = describeEvent(event, state, labels);
    const p = event.payload as Record<string, unknown>;
    if (event.type === 'task.prerequisite_added') text = `waits for “${titleOf(str(p.taskId))}”`;
    else if (event.type === 'task.prerequisite_removed') text = `no longer waits for “${titleOf(str(p.taskId))}”`;
    else if (event.type === 'task.parent_set' && p.parentId) text = `made it a subtask of “${titleOf(str(p.parentId))}”`;
    else if (event.type === 'task.submitted' || event.type === 'task.approved' || event.type === 'task.reopened') {
      // These move the status as a consequence; the line says where it landed.
      const after = rejected === null ? applyEvent(taskId, state, event, context) : null;
      if (after?.ok && state && after.value.status !== state.status) text += ` (${labels.status(state.status)} → ${labels.status(after.value.status)})`;
    }
    lines.push({ event, text, rejected });
    if (rejected === null) {
      const next = applyEvent(taskId, state, event, context);
      if (next.ok) state = next.value;
    }
  }
  return lines;
}
