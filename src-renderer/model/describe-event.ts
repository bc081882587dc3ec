// One readable line per event for the activity stream ("who did what").
import type { TaskState } from '../../src-shared/domain/types';
import { outcomeLabel } from '../views/format';
import type { TaskEvent } from '../../src-shared/domain/events';

export function describeEvent(event: TaskEvent): string {
  const p = event.payload as Record<string, unknown>;
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  switch (event.type) {
    case 'task.created': return `created “${str(p.title)}”`;
    case 'task.edited': return `edited ${Object.keys((p.fields as object | undefined) ?? {}).join(', ')}`;
    case 'task.assigned': return p.ownerId ? `assigned it to ${str(p.ownerId)}` : 'unassigned it';
    case 'task.status_changed': return `moved it to ${str(p.status).replace(/_/g, ' ')}`;
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
    case 'task.snoozed': return `snoozed it until ${new Date(str(p.until)).toLocaleString()}`;
    case 'task.unsnoozed': return 'woke it up';
    case 'task.commented': return 'commented';
    case 'task.handed_off': return `handed it to ${str(p.toUserId)}${p.note ? `: “${str(p.note)}”` : ''}`;
    case 'task.handoff_acknowledged': return 'acknowledged the handoff';
    case 'task.scheduled': return 'changed the dates';
    case 'task.tagged': return 'changed the tags';
    case 'task.link_added': return 'added a link';
    case 'task.link_removed': return 'removed a link';
    case 'task.checklist_added': return `added checklist item “${str(p.text)}”`;
    case 'task.checklist_toggled': return p.done ? 'ticked a checklist item' : 'unticked a checklist item';
    case 'task.checklist_removed': return 'removed a checklist item';
    case 'task.watcher_added': return `added watcher ${str(p.userId)}`;
    case 'task.watcher_removed': return `removed watcher ${str(p.userId)}`;
    default: return event.type.replace('task.', '').replace(/_/g, ' ');
  }
}
