// Payload checks for events read from the shared log. Events arrive from other
// devices (and, in principle, from a hostile client), so the fold checks shape
// before it trusts a field. Hand-written guards, not a schema library: this runs
// once per event on every fold of every task and must stay cheap.
import type { TaskEvent } from './events';
import { checkRecurrence } from './recurrence';
import { COMPLETION_OUTCOMES, PRIORITIES } from './types';

const isString = (value: unknown): value is string => typeof value === 'string';
const isOptionalString = (value: unknown) => value === undefined || isString(value);
const isNullableString = (value: unknown) => value === undefined || value === null || isString(value);
const isStringArray = (value: unknown) => Array.isArray(value) && value.every(isString);
const isOptionalStringArray = (value: unknown) => value === undefined || isStringArray(value);
const isOptionalBoolean = (value: unknown) => value === undefined || typeof value === 'boolean';
const isInstant = (value: unknown) => isString(value) && !Number.isNaN(Date.parse(value));
const isNullableInstant = (value: unknown) => value === undefined || value === null || isInstant(value);
const isNonEmpty = (value: unknown) => isString(value) && value.trim().length > 0;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNullableRecurrence = (value: unknown) => value === undefined || value === null || checkRecurrence(value) === null;

export const MAX_TITLE_LENGTH = 500;
export const MAX_TEXT_LENGTH = 20_000;

function isLink(value: unknown): boolean {
  return isObject(value) && isNonEmpty(value.kind) && isNonEmpty(value.id) && isString(value.label) && isOptionalString(value.url);
}

function isPriority(value: unknown): boolean {
  return value === undefined || (PRIORITIES as readonly unknown[]).includes(value);
}

function checkTitle(value: unknown, required: boolean): string | null {
  if (value === undefined && !required) return null;
  if (!isNonEmpty(value)) return 'A task needs a title.';
  if ((value as string).length > MAX_TITLE_LENGTH) return `A title is at most ${MAX_TITLE_LENGTH} characters.`;
  return null;
}

/** Null when a known event's payload is sound, else what is wrong with it. */
export function checkPayload(event: TaskEvent): string | null {
  const p: unknown = event.payload;
  if (!isObject(p)) return 'The event has no payload.';
  switch (event.type) {
    case 'task.created': {
      const titleError = checkTitle(p.title, true);
      if (titleError) return titleError;
      const valid =
        isOptionalString(p.description) && isNullableString(p.ownerId) && isOptionalString(p.status) &&
        isPriority(p.priority) && isOptionalString(p.type) && isNullableString(p.queue) &&
        isOptionalStringArray(p.watchers) && isOptionalStringArray(p.approvers) && isOptionalBoolean(p.requiresApproval) &&
        isNullableInstant(p.dueAt) && isNullableInstant(p.startAt) && isOptionalStringArray(p.tags) &&
        (p.links === undefined || (Array.isArray(p.links) && p.links.every(isLink))) &&
        isNullableString(p.parentId) && isOptionalStringArray(p.blockedBy) &&
        (p.checklist === undefined || (Array.isArray(p.checklist) && p.checklist.every((i) => isObject(i) && isNonEmpty(i.id) && isString(i.text)))) &&
        isOptionalBoolean(p.private) && isOptionalString(p.origin) && isNullableString(p.rationale) &&
        isOptionalStringArray(p.evidence) &&
        (p.confidenceScore === undefined || p.confidenceScore === null || (typeof p.confidenceScore === 'number' && p.confidenceScore >= 0 && p.confidenceScore <= 1)) &&
        isNullableString(p.templateId) &&
        (p.tracking === undefined || p.tracking === null ||
          (isObject(p.tracking) && isNonEmpty(p.tracking.mapping) && isNonEmpty(p.tracking.source) && isNonEmpty(p.tracking.sourceId) && isNonEmpty(p.tracking.state))) &&
        (p.occurrence === undefined || p.occurrence === null || (isObject(p.occurrence) && isNonEmpty(p.occurrence.rule) && isNonEmpty(p.occurrence.local)));
      if (valid && !isNullableRecurrence(p.recurrence)) return checkRecurrence(p.recurrence);
      return valid ? null : 'The new task has a field of the wrong kind.';
    }
    case 'task.edited': {
      const f = p.fields;
      if (!isObject(f)) return 'An edit needs fields.';
      const titleError = checkTitle(f.title, false);
      if (titleError) return titleError;
      const valid =
        isOptionalString(f.description) && isPriority(f.priority) && isOptionalString(f.type) && isNullableString(f.queue) &&
        isOptionalBoolean(f.private) && isNullableString(f.rationale) && isOptionalStringArray(f.evidence) &&
        isOptionalBoolean(f.requiresApproval);
      if (valid && !isNullableRecurrence(f.recurrence)) return checkRecurrence(f.recurrence);
      return valid ? null : 'The edit has a field of the wrong kind.';
    }
    case 'task.assigned':
      return p.ownerId === null || isNonEmpty(p.ownerId) ? null : 'An owner is a user id or nobody.';
    case 'task.watcher_added':
    case 'task.watcher_removed':
    case 'task.approver_added':
    case 'task.approver_removed':
      return isNonEmpty(p.userId) ? null : 'A user id is required.';
    case 'task.scheduled':
      return isNullableInstant(p.dueAt) && isNullableInstant(p.startAt) ? null : 'Dates must be ISO-8601 instants.';
    case 'task.tagged':
      return isOptionalStringArray(p.add) && isOptionalStringArray(p.remove) ? null : 'Tags are strings.';
    case 'task.link_added':
      return isLink(p.link) ? null : 'A link needs a kind, an id and a label.';
    case 'task.link_removed':
      return isString(p.kind) && isString(p.id) ? null : 'A link is named by kind and id.';
    case 'task.checklist_added':
      return isNonEmpty(p.itemId) && isNonEmpty(p.text) ? null : 'A checklist item needs text.';
    case 'task.checklist_toggled':
      return isNonEmpty(p.itemId) && typeof p.done === 'boolean' ? null : 'Toggle names an item and done.';
    case 'task.checklist_removed':
      return isNonEmpty(p.itemId) ? null : 'Name the checklist item.';
    case 'task.parent_set':
      return p.parentId === null || isNonEmpty(p.parentId) ? null : 'A parent is a task id or nothing.';
    case 'task.prerequisite_added':
    case 'task.prerequisite_removed':
      return isNonEmpty(p.taskId) ? null : 'A prerequisite is a task id.';
    case 'task.commented':
      if (!isNonEmpty(p.commentId) || !isNonEmpty(p.body)) return 'A comment needs text.';
      return (p.body as string).length <= MAX_TEXT_LENGTH ? null : `A comment is at most ${MAX_TEXT_LENGTH} characters.`;
    case 'task.status_changed':
      return isNonEmpty(p.status) ? null : 'Name the status.';
    case 'task.submitted':
    case 'task.approved':
      return isOptionalString(p.note) ? null : 'A note is text.';
    case 'task.rejected':
    case 'task.changes_requested':
    case 'task.dismissed':
      return isString(p.reason) ? null : 'A reason is text.';
    case 'task.completed':
      return p.resolution === undefined || (COMPLETION_OUTCOMES as readonly unknown[]).includes(p.resolution)
        ? null : `A completion's outcome is one of ${COMPLETION_OUTCOMES.join(', ')}.`;
    case 'task.reopened':
      return isOptionalString(p.reason) ? null : 'A reason is text.';
    case 'task.snoozed':
      return isInstant(p.until) ? null : 'Snooze needs an ISO-8601 instant.';
    case 'task.handed_off':
      return isNonEmpty(p.handoffId) && isNonEmpty(p.toUserId) && isString(p.note) ? null : 'A handoff names who receives it.';
    case 'task.handoff_acknowledged':
      return isNonEmpty(p.handoffId) ? null : 'Name the handoff.';
    case 'task.source_state_changed':
      return isNonEmpty(p.state) ? null : 'Name the source state.';
    default:
      return null;
  }
}

/** What a reviewer may change on a suggestion before approving it (seed 002: edit, then approve). */
export const APPROVAL_EDIT_FIELDS: readonly string[] = ['title', 'ownerId', 'dueAt', 'priority', 'type'];

/**
 * Null when a suggestion approval's `edits` are sound: only the editable fields, each
 * of the right kind. Anything else (approvers, origin, confidence, tracking…) is not an
 * edit a reviewer makes; the queue, the fold and the relay run this same check.
 */
export function checkApprovalEdits(edits: unknown): string | null {
  if (edits === undefined) return null;
  if (!isObject(edits)) return 'An approval\'s edits are an object.';
  const other = Object.keys(edits).find((key) => !APPROVAL_EDIT_FIELDS.includes(key));
  if (other !== undefined) return `“${other}” is not a field a reviewer edits before approving.`;
  const titleError = checkTitle(edits.title, false);
  if (titleError) return titleError;
  const valid = isNullableString(edits.ownerId) && isNullableInstant(edits.dueAt) && isPriority(edits.priority)
    && (edits.type === undefined || isNonEmpty(edits.type));
  return valid ? null : 'An approval\'s edits have a field of the wrong kind.';
}
