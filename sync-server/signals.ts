// Signal intake: integrations POST signals; each becomes a suggestion in the workspace's review
// queue (or a task, above the type's auto-approval threshold), through the same domain code every
// client runs (src-shared/doc/suggestion-queue.ts). The relay writes it into the room's document
// as an ordinary Yjs update: appended durably, then broadcast to everyone in the room.
//
// The queue works on a folded view of the room's tasks (auto-approval creates a task, and the
// domain refuses duplicates): the room's repository for the integration's user (Room.repositoryFor),
// which tracking intake shares, kept while the room is loaded and dropped with it.
import { SuggestionQueue } from '../src-shared/doc/suggestion-queue';
import type { EntityLink, Result } from '../src-shared/domain/types';
import type { SignalRequest, SignalResponse } from '../src-shared/protocol/relay-api';
import type { Room } from './room';

/** What a signal's `tracked` names, as tracking intake knows it (tracking.ts). */
export type TrackedLookup = (room: string, tracked: NonNullable<SignalRequest['tracked']>) =>
  Result<{ title: string; taskId: string | null }>;

export class SignalIntake {
  constructor(private readonly trackedSource?: TrackedLookup) {}

  /** Record one signal under the integration's own name (roles come from the room's members log). */
  receive(room: Room, actor: string, signal: SignalRequest): Result<SignalResponse> {
    // The integration may have been given its token since the room loaded: it must be in the
    // members log before it writes, like anyone who joins.
    room.syncMembers();
    const queue = this.queueFor(room, actor);
    const template = signal.templateId === undefined ? undefined : queue.repository.config().templates.get(signal.templateId);
    if (signal.templateId !== undefined && !template) {
      return { ok: false, error: { code: 'unknown_template', message: `this workspace has no template "${signal.templateId}"` } };
    }
    let about: { link: EntityLink; parentId: string | null } | null = null;
    if (signal.tracked) {
      if (!this.trackedSource) return { ok: false, error: { code: 'unknown_source', message: 'this relay does not track sources' } };
      const found = this.trackedSource(room.name, signal.tracked);
      if (!found.ok) return found;
      const { sourceId, blockId, itemId } = signal.tracked;
      about = {
        link: { kind: 'tracked_source', id: [sourceId, blockId, itemId].filter(Boolean).join('/'), label: found.value.title },
        parentId: found.value.taskId,
      };
    }
    // What the signal leaves out, the template fills; the approval adds the template's other defaults.
    const priority = signal.priority ?? template?.priority;
    const ownerId = signal.ownerId !== undefined ? signal.ownerId : template?.ownerId;
    const link = signal.link !== undefined ? signal.link : about?.link;
    const result = queue.suggest({
      title: signal.title ?? template?.title ?? '',
      rationale: signal.rationale,
      evidence: signal.evidence,
      confidence: signal.confidence,
      type: signal.type ?? template?.type ?? 'follow_up',
      source: signal.source,
      signalKey: signal.signalKey,
      ...(priority ? { priority } : {}),
      ...(ownerId !== undefined ? { ownerId } : {}),
      ...(link !== undefined ? { link } : {}),
      ...(signal.expiresAt ? { expiresAt: signal.expiresAt } : {}),
      ...(template ? { templateId: template.id } : {}),
      ...(about?.parentId ? { parentId: about.parentId } : {}),
    });
    if (!result.ok) return result;
    return { ok: true, value: { suggestionId: result.value.suggestion.id, created: result.value.created, taskId: result.value.taskId } };
  }

  private queueFor(room: Room, actor: string): SuggestionQueue {
    // The room's repository for this writer, shared with tracking intake (one fold, not one each).
    return new SuggestionQueue(room.repositoryFor(actor));
  }
}
