// The review queue over the document's `suggestions` map (seed 002).
//
// A suggestion reserves its task's log under the suggestion's own id when it is
// created. Approving appends task.created to that log, so two operators who
// approve the same suggestion offline append to ONE log: the first creation in
// merged order wins and the second is kept as rejected, instead of two tasks (or
// a last-writer-wins map key silently dropping one of them).
import * as Y from 'yjs';
import type { TaskCreatedPayload } from '../domain/events';
import { newId } from '../domain/ids';
import {
  checkSuggestionEvent, foldSuggestion, isExpired, taskFromSuggestion,
  type SuggestionEvent, type SuggestionProposal, type SuggestionState, type SuggestResult,
} from '../domain/suggestions';
import { muteKey } from '../domain/config';
import { taskFromTemplate } from '../domain/templates';
import type { Result, TaskState } from '../domain/types';
import { LOCAL_COMMAND, type TaskRepository } from './repository';
import { ensureTaskLog } from './schema';

export type NewSuggestion = Omit<SuggestionProposal, 'expiresAt'> & { expiresAt?: string };

export class SuggestionQueue {
  constructor(private readonly repo: TaskRepository) {}

  get repository(): TaskRepository {
    return this.repo;
  }

  get(id: string): SuggestionState | null {
    return foldSuggestion(id, this.events(id), this.repo.workspace.roleAt).state;
  }

  /** Pending suggestions that have not expired, highest confidence first. */
  pending(): SuggestionState[] {
    const now = this.repo.currentTime();
    const result: SuggestionState[] = [];
    this.repo.maps.suggestions.forEach((_log, id) => {
      const state = this.get(id);
      if (state && state.status === 'pending' && !isExpired(state, now)) result.push(state);
    });
    return result.sort((a, b) => b.confidence - a.confidence || (a.createdAt < b.createdAt ? -1 : 1));
  }

  muteKey(source: string, link: SuggestionProposal['link']): string {
    return muteKey(source, link);
  }

  /** "Mute signal for this trip": the source does not fire again for that entity (a checked config command). */
  mute(source: string, link: SuggestionProposal['link']): Result<unknown> {
    const entity = link ? { kind: link.kind, id: link.id } : null;
    return this.repo.appendConfig([{ type: 'mute.added', payload: { source, link: entity } }]);
  }

  unmute(key: string): Result<unknown> {
    return this.repo.appendConfig([{ type: 'mute.removed', payload: { key } }]);
  }

  isMuted(source: string, link: SuggestionProposal['link']): boolean {
    const mutes = this.repo.config().mutes;
    return mutes.has(muteKey(source, link)) || mutes.has(muteKey(source, null));
  }

  /** Turn a signal into a suggestion, once per signal key; auto-approve above the type's threshold. */
  suggest(proposal: NewSuggestion): SuggestResult {
    if (this.isMuted(proposal.source, proposal.link)) {
      return { ok: false, error: { code: 'muted', message: `Signals from ${proposal.source} are muted for this entity.` } };
    }
    const existing = this.findBySignal(proposal.signalKey);
    if (existing) return { ok: true, value: { suggestion: existing, created: false, taskId: existing.status === 'approved' ? existing.id : null } };
    const now = this.repo.currentTime();
    const expiryHours = this.repo.settings().suggestionExpiryHours;
    const payload: SuggestionProposal = { ...proposal, expiresAt: proposal.expiresAt ?? new Date(now + expiryHours * 3_600_000).toISOString() };
    const id = newId(now);
    const event = this.event('suggestion.created', payload) as SuggestionEvent;
    const refusal = checkSuggestionEvent(null, event, this.repo.workspace.currentRole(this.repo.actor));
    if (refusal) return { ok: false, error: { code: 'invalid_payload', message: refusal.message } };
    this.repo.doc.transact(() => {
      const log = new Y.Array<SuggestionEvent>();
      log.push([event]);
      this.repo.maps.suggestions.set(id, log as Y.Array<unknown>);
      ensureTaskLog(this.repo.maps, id);
    }, LOCAL_COMMAND);
    const threshold = this.repo.settings().autoApproveThresholds[payload.type];
    if (threshold !== undefined && payload.confidence >= threshold) {
      const approved = this.approve(id, {}, true);
      if (approved.ok) return { ok: true, value: { suggestion: this.get(id) as SuggestionState, created: true, taskId: id } };
    }
    return { ok: true, value: { suggestion: this.get(id) as SuggestionState, created: true, taskId: null } };
  }

  /** Approve (possibly with edits): the suggestion becomes a canonical task with the same id. */
  approve(id: string, edits: Partial<TaskCreatedPayload> = {}, auto = false): Result<TaskState> {
    const state = this.get(id);
    const event = this.event('suggestion.approved', auto ? { edits, auto } : { edits }, id) as SuggestionEvent;
    const refusal = checkSuggestionEvent(state, event, this.repo.workspace.currentRole(this.repo.actor));
    if (refusal || !state) return { ok: false, error: { code: refusal ? (refusal.code as 'already_decided') : 'unknown_suggestion', message: refusal?.message ?? 'Unknown suggestion.' } };
    if (isExpired(state, this.repo.currentTime())) {
      return { ok: false, error: { code: 'expired', message: `"${state.title}" expired; it is no longer in the review queue.` } };
    }
    // The template the signal named, as it is now (removed since: the suggestion's own fields).
    const template = state.templateId ? this.repo.config().templates.get(state.templateId) : undefined;
    const now = this.repo.currentTime();
    const defaults = template ? taskFromTemplate(template, now, () => newId(now)) : undefined;
    return this.repo.create(taskFromSuggestion(state, edits, defaults), id, () => {
      (this.repo.maps.suggestions.get(id) as Y.Array<unknown>).push([event]);
    });
  }

  reject(id: string, reason: string): Result<SuggestionState> {
    const state = this.get(id);
    const event = this.event('suggestion.rejected', { reason }, id) as SuggestionEvent;
    const refusal = checkSuggestionEvent(state, event, this.repo.workspace.currentRole(this.repo.actor));
    if (refusal) return { ok: false, error: { code: refusal.code as 'already_decided', message: refusal.message } };
    this.repo.doc.transact(() => (this.repo.maps.suggestions.get(id) as Y.Array<unknown>).push([event]), LOCAL_COMMAND);
    return { ok: true, value: this.get(id) as SuggestionState };
  }

  private findBySignal(signalKey: string): SuggestionState | null {
    let found: SuggestionState | null = null;
    this.repo.maps.suggestions.forEach((_log, id) => {
      if (found) return;
      const state = this.get(id);
      if (state?.signalKey === signalKey) found = state;
    });
    return found;
  }

  private events(id: string): SuggestionEvent[] {
    const log = this.repo.maps.suggestions.get(id);
    if (!(log instanceof Y.Array)) return [];
    return log.toArray().filter((e): e is SuggestionEvent =>
      typeof e === 'object' && e !== null && typeof (e as SuggestionEvent).at === 'string' && typeof (e as SuggestionEvent).id === 'string');
  }

  /** A new event, stamped after everything already in the suggestion's log. */
  private event(type: SuggestionEvent['type'], payload: unknown, suggestionId?: string): unknown {
    const now = this.repo.currentTime();
    const log = suggestionId ? this.repo.maps.suggestions.get(suggestionId) : undefined;
    return { id: newId(now), actor: this.repo.actor, at: this.repo.stamp(log), type, payload };
  }
}
