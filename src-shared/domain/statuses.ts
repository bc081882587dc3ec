// Statuses are the workspace's own; the rules speak only in categories.
// TRANSITIONS is the one statement of which plain status changes are allowed.
// Approval is entered only by submitting and left only by a decision (approve,
// reject, request changes); closed categories are left only by reopening.
import { DEFAULT_ENTITY_KINDS } from './entity-kinds';
import { DEFAULT_LIST_LABELS } from './list-labels';
import type { StatusCategory, StatusDefinition, WorkspaceSettings } from './types';

export const TRANSITIONS: Readonly<Record<StatusCategory, readonly StatusCategory[]>> = {
  unstarted: ['unstarted', 'started', 'waiting', 'done', 'canceled'],
  started: ['unstarted', 'started', 'waiting', 'done', 'canceled'],
  waiting: ['unstarted', 'started', 'waiting', 'done', 'canceled'],
  approval: [],
  done: [],
  canceled: [],
};

export const OPEN_CATEGORIES: readonly StatusCategory[] = ['unstarted', 'started', 'waiting', 'approval'];
export const CLOSED_CATEGORIES: readonly StatusCategory[] = ['done', 'canceled'];
/** Categories from which work can be submitted, completed or dismissed. */
export const WORKABLE_CATEGORIES: readonly StatusCategory[] = ['unstarted', 'started', 'waiting'];

export const isClosedCategory = (category: StatusCategory): boolean => CLOSED_CATEGORIES.includes(category);

export const DEFAULT_STATUSES: readonly StatusDefinition[] = [
  { id: 'todo', label: 'To do', category: 'unstarted' },
  { id: 'in_progress', label: 'In progress', category: 'started' },
  { id: 'waiting_external', label: 'Waiting', category: 'waiting' },
  { id: 'pending_approval', label: 'Pending approval', category: 'approval' },
  { id: 'completed', label: 'Completed', category: 'done' },
  { id: 'cancelled', label: 'Cancelled', category: 'canceled' },
];

/** Closed tasks older than this many days leave the live document (issue 14). */
export const DEFAULT_RETENTION_DAYS = 14;

export const DEFAULT_SETTINGS: WorkspaceSettings = {
  statuses: [...DEFAULT_STATUSES],
  taskTypes: ['follow_up', 'qc', 'approval', 'delivery', 'handoff'],
  queues: ['dispatch', 'customer_support', 'quality_assurance', 'follow_ups', 'finance'],
  allowSelfApproval: false,
  approvers: [],
  statusMappings: {
    // Seed 001: advance-module tracking.
    advance: {
      states: { not_started: 'todo', needs_review: 'pending_approval', done: 'completed' },
      archived: 'cancelled',
    },
  },
  autoApproveThresholds: {},
  suggestionExpiryHours: 24,
  shiftEnds: ['06:00', '14:00', '22:00'],
  retentionDays: DEFAULT_RETENTION_DAYS,
  entityKinds: [...DEFAULT_ENTITY_KINDS],
  timeZone: null,
  queueOwners: {},
  approvalTypes: [],
  listLabels: { ...DEFAULT_LIST_LABELS },
};

export function findStatus(settings: WorkspaceSettings, id: string): StatusDefinition | undefined {
  return settings.statuses.find((status) => status.id === id);
}

/** The workspace's first status of a category: where events like "approve" land. */
export function firstStatusOf(settings: WorkspaceSettings, category: StatusCategory): StatusDefinition {
  const found = settings.statuses.find((status) => status.category === category);
  if (found) return found;
  // Settings without a status of this category fall back to the default one, so
  // a badly edited status list cannot make the fold throw.
  return DEFAULT_STATUSES.find((status) => status.category === category) as StatusDefinition;
}

export function canTransition(from: StatusCategory, to: StatusCategory): boolean {
  return TRANSITIONS[from].includes(to);
}

/** A status's colour when the workspace gave it none: its category's. */
export const CATEGORY_COLORS: Readonly<Record<StatusCategory, string>> = {
  unstarted: '#6b7280', started: '#2563eb', waiting: '#d97706', approval: '#7c3aed', done: '#16a34a', canceled: '#9ca3af',
};

export function statusColor(status: Pick<StatusDefinition, 'category' | 'color'>): string {
  return status.color ?? CATEGORY_COLORS[status.category];
}

/** What pickers offer: every status not hidden, plus `current` (a task already in a hidden one keeps seeing it). */
export function pickableStatuses(statuses: readonly StatusDefinition[], current?: string): StatusDefinition[] {
  return statuses.filter((status) => !status.hidden || status.id === current);
}
