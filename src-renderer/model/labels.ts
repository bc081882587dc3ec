// What people read instead of ids: a member's display name for a user id, the
// workspace's label for a status id, a task type or a queue. One lookup, built
// from the store's members and settings, so every view says "Ana Souza", "To do"
// and "QC" the same way.
import { DEFAULT_LIST_LABELS, listLabel } from '../../src-shared/domain/list-labels';
import type { StatusDefinition, UserId } from '../../src-shared/domain/types';
import { memberName, type MemberLike } from './people';

export interface Labels {
  /** A member's display name; the id when the person is not (or no longer) a member; "Unassigned" for null. */
  person(userId: UserId | null): string;
  /** The workspace's label; the id with spaces for a status the workspace no longer has. */
  status(statusId: string): string;
  /** A task type's or queue's label ("QC", "Follow-up"): settings.listLabels, else the id humanised. */
  list(id: string): string;
}

export function makeLabels(
  members: readonly MemberLike[], statuses: readonly StatusDefinition[], listLabels: Readonly<Record<string, string>> = DEFAULT_LIST_LABELS,
): Labels {
  const names = new Map(members.map((member) => [member.userId, memberName(member)]));
  const statusLabels = new Map(statuses.map((status) => [status.id, status.label]));
  return {
    person: (userId) => (userId === null ? 'Unassigned' : names.get(userId) ?? userId),
    status: (statusId) => statusLabels.get(statusId) ?? statusId.replace(/_/g, ' '),
    list: (id) => listLabel(id, listLabels),
  };
}

/** Ids when nothing better is known (tests, the preview before members load). */
export const PLAIN_LABELS: Labels = makeLabels([], []);
