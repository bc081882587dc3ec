// Task templates (seed 000): reusable follow-up patterns. Creating from a
// template is one command; the template's due offset is counted from "now".
import { withDefaults } from '../util/with-defaults';
import type { TaskCreatedPayload } from './events';
import { checkRecurrence, type Recurrence } from './recurrence';
import type { Priority, UserId } from './types';

export interface TaskTemplate {
  id: string;
  name: string;
  title: string;
  description?: string;
  status?: string;
  priority?: Priority;
  type?: string;
  queue?: string | null;
  /** Minutes from creation to due; null or absent for no due time. */
  dueOffsetMinutes?: number | null;
  ownerId?: UserId | null;
  watchers?: UserId[];
  tags?: string[];
  checklist?: string[];
  /** Tasks from this template appear on this schedule (doc/recurrence-scheduler.ts). */
  recurrence?: Recurrence | null;
}

export function isTaskTemplate(value: unknown): value is TaskTemplate {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return typeof t.id === 'string' && typeof t.name === 'string' && typeof t.title === 'string' && t.title.trim() !== '' &&
    (t.recurrence === undefined || t.recurrence === null || checkRecurrence(t.recurrence) === null);
}

export function taskFromTemplate(
  template: TaskTemplate,
  now: number,
  newItemId: () => string,
  overrides: Partial<TaskCreatedPayload> = {},
): TaskCreatedPayload {
  const offset = template.dueOffsetMinutes;
  return withDefaults<TaskCreatedPayload>({
    title: template.title,
    description: template.description ?? '',
    ...(template.status !== undefined ? { status: template.status } : {}),
    priority: template.priority ?? 'normal',
    ...(template.type !== undefined ? { type: template.type } : {}),
    queue: template.queue ?? null,
    dueAt: typeof offset === 'number' ? new Date(now + offset * 60_000).toISOString() : null,
    ownerId: template.ownerId ?? null,
    watchers: template.watchers ?? [],
    tags: template.tags ?? [],
    checklist: (template.checklist ?? []).map((text) => ({ id: newItemId(), text })),
    origin: 'template',
    templateId: template.id,
  }, overrides);
}
