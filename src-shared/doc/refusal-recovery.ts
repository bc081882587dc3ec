// What an honest client does when the relay refused one of its updates (close 4409): this happens
// to honest people too — a lead demoted while offline comes back with approvals. The client must
// not resend the update for ever and must lose nothing, so both hosts:
//   1. sync a fresh document from the relay (the relay's state: what every replica will hold);
//   2. recover(): every event of theirs in the old replica that the relay does not have is either
//      re-appended to the fresh document (still allowed for their role now: re-stamped after the
//      log's newest event, same event id, so porting twice is a no-op) or kept as refused, with
//      the reason, for the user to export as JSON;
//   3. replace their local replica with the fresh document and go on.
// Step 2 runs through generation-move.ts portToGeneration (which calls recover() for the live part):
// a log the fresh document lacks may be archived, and re-creating it live would be refused again.
// The checks are the role rules the relay runs (authority.ts, config.ts), with the user's role
// now, so what is re-appended is not refused a second time.
import * as Y from 'yjs';
import { checkSuggestionAuthority, checkTaskAuthority } from '../domain/authority';
import { checkConfigEvent, type ConfigEvent } from '../domain/config';
import type { TaskEvent } from '../domain/events';
import { checkPayload } from '../domain/payloads';
import type { DomainError } from '../domain/types';
import { LOCAL_COMMAND, type TaskRepository } from './repository';
import { workspaceMaps } from './schema';

export interface RefusedChange {
  /** Where it was appended: `tasks/<id>`, `suggestions/<id>` or `config`. */
  log: string;
  event: { id: string; type: string; at: string; actor: string; payload: unknown };
  /** Why it cannot be re-appended now, for people. */
  reason: string;
}

export interface RecoveryResult {
  reappended: number;
  refused: RefusedChange[];
}

export interface RefusalExport {
  exportedAt: string;
  workspaceId: string;
  userId: string;
  /** What the relay said when it refused (the close reason). */
  relayReason: string;
  changes: RefusedChange[];
}

export interface OwnEvent {
  log: string;
  event: RefusedChange['event'];
}

const isEvent = (value: unknown): value is RefusedChange['event'] =>
  typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' &&
  typeof (value as { at?: unknown }).at === 'string' && typeof (value as { type?: unknown }).type === 'string';

/** Every event in the document, by log, as plain values. */
function eventsByLog(doc: Y.Doc): Map<string, RefusedChange['event'][]> {
  const maps = workspaceMaps(doc);
  const logs = new Map<string, RefusedChange['event'][]>();
  maps.tasks.forEach((log, id) => { if (log instanceof Y.Array) logs.set(`tasks/${id}`, log.toArray().filter(isEvent)); });
  maps.suggestions.forEach((log, id) => { if (log instanceof Y.Array) logs.set(`suggestions/${id}`, log.toArray().filter(isEvent)); });
  logs.set('config', maps.config.toArray().filter(isEvent));
  return logs;
}

/** The user's events in `local` that `fresh` (the relay's state) does not hold, oldest first. */
export function unsentEvents(local: Y.Doc, fresh: Y.Doc, userId: string): OwnEvent[] {
  const known = new Set<string>();
  for (const events of eventsByLog(fresh).values()) for (const event of events) known.add(event.id);
  const unsent: OwnEvent[] = [];
  for (const [log, events] of eventsByLog(local)) {
    for (const event of events) if (event.actor === userId && !known.has(event.id)) unsent.push({ log, event });
  }
  return unsent.sort((a, b) => (a.event.at < b.event.at ? -1 : a.event.at > b.event.at ? 1 : 0));
}

/**
 * Re-append what is still allowed to `repo` (a repository over the fresh document, acting as the
 * user), in one transaction; report the rest. The repository's view supplies the tasks' state.
 * `events` defaults to everything of the user's that `repo` lacks (a generation move passes the
 * live part only: generation-move.ts).
 */
export function recover(local: Y.Doc, repo: TaskRepository, events: readonly OwnEvent[] = unsentEvents(local, repo.doc, repo.actor)): RecoveryResult {
  const userId = repo.actor;
  const role = repo.roleOf(userId);
  const maps = repo.maps;
  const refused: RefusedChange[] = [];
  let reappended = 0;
  // Events go out in rounds, one transaction (one update to the relay) per round: a round holds at
  // most one event per log, so each check sees its log folded up to the previous round (as the relay
  // will), and a config event ends its round (the settings it changes decide later checks). This
  // assumes no task check reads ANOTHER task's state (today none does: prerequisites are an overlay,
  // not a check); a rule that did would need that task's events to end the round too.
  let round: OwnEvent[] = [];
  const inRound = new Set<string>();
  const append = () => {
    if (round.length === 0) return;
    const batch = round;
    round = [];
    inRound.clear();
    repo.doc.transact(() => {
      for (const { log, event } of batch) {
        const target = logFor(maps, log);
        // Stamped after everything the relay's log holds now: the relay refuses backdated events.
        target.push([{ ...event, at: repo.stamp(target) }]);
      }
    }, LOCAL_COMMAND);
  };
  for (const own of events) {
    const { log, event } = own;
    if (inRound.has(log) || log === 'config') append();
    let error: DomainError | null;
    if (log === 'config') error = checkConfigEvent(event as ConfigEvent, role, repo.settings());
    else if (log.startsWith('suggestions/')) error = checkSuggestionAuthority(event.type, userId, role);
    else {
      const payload = checkPayload(event as TaskEvent);
      error = payload ? { code: 'invalid_payload', message: payload } : checkTaskAuthority(repo.view.get(log.slice(6)) ?? null, event as TaskEvent, role, repo.settings());
    }
    if (error) {
      refused.push({ log, event, reason: error.message });
      continue;
    }
    round.push(own);
    inRound.add(log);
    reappended += 1;
    if (log === 'config') append();
  }
  append();
  return { reappended, refused };
}

function logFor(maps: ReturnType<typeof workspaceMaps>, log: string): Y.Array<unknown> {
  if (log === 'config') return maps.config as Y.Array<unknown>;
  const [kind, id = ''] = [log.slice(0, log.indexOf('/')), log.slice(log.indexOf('/') + 1)];
  const map = (kind === 'tasks' ? maps.tasks : maps.suggestions) as Y.Map<Y.Array<unknown>>;
  const existing = map.get(id);
  if (existing instanceof Y.Array) return existing;
  const created = new Y.Array<unknown>();
  map.set(id, created);
  return created;
}
