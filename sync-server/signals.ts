// Signal intake: integrations POST signals; each becomes a suggestion in the workspace's review
// queue (or a task, above the type's auto-approval threshold), through the same domain code every
// client runs (src-shared/doc/suggestion-queue.ts). The relay writes it into the room's document
// as an ordinary Yjs update: appended durably, then broadcast to everyone in the room.
//
// The queue keeps a folded view of the room's tasks (auto-approval creates a task, and the domain
// refuses duplicates), so one is kept per room and integration user while the room is loaded,
// and dropped with the room.
import { createRepository } from '../src-shared/doc/repository';
import { SuggestionQueue } from '../src-shared/doc/suggestion-queue';
import type { Result } from '../src-shared/domain/types';
import type { SignalRequest, SignalResponse } from '../src-shared/protocol/relay-api';
import type { Room } from './room';

export class SignalIntake {
  private readonly queues = new WeakMap<Room, Map<string, SuggestionQueue>>();

  /** Record one signal under the integration's own name (roles come from the room's members log). */
  receive(room: Room, actor: string, signal: SignalRequest): Result<SignalResponse> {
    // The integration may have been given its token since the room loaded: it must be in the
    // members log before it writes, like anyone who joins.
    room.syncMembers();
    const queue = this.queueFor(room, actor);
    const result = queue.suggest({
      title: signal.title,
      rationale: signal.rationale,
      evidence: signal.evidence,
      confidence: signal.confidence,
      type: signal.type,
      source: signal.source,
      signalKey: signal.signalKey,
      ...(signal.priority ? { priority: signal.priority } : {}),
      ...(signal.ownerId !== undefined ? { ownerId: signal.ownerId } : {}),
      ...(signal.link !== undefined ? { link: signal.link } : {}),
      ...(signal.expiresAt ? { expiresAt: signal.expiresAt } : {}),
    });
    if (!result.ok) return result;
    return { ok: true, value: { suggestionId: result.value.suggestion.id, created: result.value.created, taskId: result.value.taskId } };
  }

  private queueFor(room: Room, actor: string): SuggestionQueue {
    let byActor = this.queues.get(room);
    if (!byActor) {
      byActor = new Map();
      this.queues.set(room, byActor);
    }
    let queue = byActor.get(actor);
    if (!queue) {
      queue = new SuggestionQueue(createRepository(room.doc, { actor }));
      byActor.set(actor, queue);
    }
    return queue;
  }
}
