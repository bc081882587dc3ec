// The relay's check of a client's update, run before the update touches the room's document:
// the update is decoded by yjs (after the bounds guard) and refused whole unless every change in
// it is one the document's schema allows its author (src-shared/doc/schema.ts):
//   - append-only: new keys in `tasks` / `suggestions` holding new, empty arrays; items appended
//     at the end of those arrays and of `config`; no deletion of anything, no overwrite of a key;
//   - authors: every event added names the connection's user as its actor;
//   - causal stamps: every event's stamp is later than its left neighbour's (the last event its
//     author had in that log) and not more than MAX_STAMP_AHEAD_MS ahead of the relay's clock;
//   - roles: the same rule functions the fold runs (src-shared/domain/authority.ts, config.ts),
//     with the author's role now;
//   - relay-owned data (`members`) and the legacy maps are never written by clients; neither are
//     tracked tasks' logs (`trk-…` ids, derived from a source: only tracking intake creates them);
//   - one exception to "no overwrite": a recurring task's occurrence (`rec-…`, recurrence.ts) is
//     created by every replica that finds it due, offline too. A second log under that key is
//     accepted when both logs start with the occurrence's derived creation event; yjs keeps one
//     of the two, and the room re-appends the other's events (room-rules.ts), so nothing is lost.
// Parents are not encoded for items that have an origin (yjs infers them from the origin), so an
// item's place is found through its origin: in the room's document, or earlier in the update.
import * as Y from 'yjs';
import { checkSuggestionAuthority, checkTaskAuthority } from '../src-shared/domain/authority';
import { checkConfigEvent, type ConfigEvent } from '../src-shared/domain/config';
import { TASK_EVENT_TYPES, type TaskEvent } from '../src-shared/domain/events';
import { checkPayload } from '../src-shared/domain/payloads';
import { readSettings } from '../src-shared/domain/settings';
import { checkApprovalEdits } from '../src-shared/domain/payloads';
import { isProposal, isTaskOfApproval, SUGGESTION_EVENT_TYPES, type SuggestionProposal } from '../src-shared/domain/suggestions';
import { MAX_STAMP_AHEAD_MS, parseStamp } from '../src-shared/domain/clock';
import { isOccurrenceTaskId, occurrenceEventId } from '../src-shared/domain/recurrence';
import type { DomainError, Role, TaskState, WorkspaceSettings } from '../src-shared/domain/types';
import { LOG_MAPS, ROOT } from '../src-shared/doc/schema';

export type RefusalRule = 'append_only' | 'author' | 'stamp' | 'role' | 'schema' | 'relay_owned' | 'unknown_dependency';

export interface UpdateRefusal {
  rule: RefusalRule;
  /** One sentence: what was refused and why. */
  detail: string;
}

/** What the check needs to know about the room beyond its document. */
export interface WriteContext {
  userId: string;
  /** The writer's role now (the members log's last word), or undefined when not a member. */
  role: Role | undefined;
  settings: WorkspaceSettings;
  /** The task folded from the room's log plus `pending` (this update's earlier events for it). */
  taskState(taskId: string, pending: readonly TaskEvent[]): TaskState | null;
  /** Relay wall clock, ms. */
  now: number;
  /** Which of these ids are archived (archive-store.ts)? Their logs are not re-created live: events go to the archive. */
  archivedAmong?: (map: string, ids: readonly string[]) => ReadonlySet<string>;
  /** Told, once the whole update passed, of each occurrence log it creates a second time, with that log's events. */
  replacing?(taskId: string, incoming: readonly TaskEvent[]): void;
}

/** Tracked tasks' ids (sync-server/tracking.ts): derived from the source, created by tracking intake alone. */
export const TRACKED_TASK_PREFIX = 'trk-';

type Location =
  | { kind: 'root'; name: string }
  | { kind: 'log'; map: string; key: string }
  | { kind: 'invalid'; why: string; rule?: RefusalRule };

interface NewStruct {
  item: Y.Item;
  /** Elements before this index were already in the room's document. */
  offset: number;
  location?: Location;
}

class Refused extends Error {
  constructor(readonly refusal: UpdateRefusal) {
    super(refusal.detail);
  }
}

const refuse = (rule: RefusalRule, detail: string): never => {
  throw new Refused({ rule, detail });
};

const TASK_TYPES: ReadonlySet<string> = new Set(TASK_EVENT_TYPES);
const SUGGESTION_TYPES: ReadonlySet<string> = new Set(SUGGESTION_EVENT_TYPES);
/** Task events whose role check reads the task's state (its approver list, its approval flag): fold only for those. */
const DECISIONS: ReadonlySet<string> = new Set(['task.approved', 'task.rejected', 'task.changes_requested']);
const readsState = (event: TaskEvent): boolean => DECISIONS.has(event.type) ||
  (event.type === 'task.edited' && ((event.payload as { fields?: { requiresApproval?: unknown } }).fields?.requiresApproval === false ||
    typeof (event.payload as { fields?: { type?: unknown } }).fields?.type === 'string'));
const MAX_KEY_LENGTH = 128;
const MAX_ID_LENGTH = 64;

export function checkClientUpdate(doc: Y.Doc, update: Uint8Array, context: WriteContext): UpdateRefusal | null {
  try {
    new UpdateChecker(doc, context).check(Y.decodeUpdate(update));
    return null;
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    // yjs could not decode it: malformed, not a trust question. The caller treats it as such.
    throw error;
  }
}

class UpdateChecker {
  private readonly store: Y.Doc['store'];
  private readonly newStructs = new Map<number, NewStruct[]>();
  private readonly newKeys = new Set<string>();
  /** Events this update adds to each task, in update order (for role checks that read state). */
  private readonly pendingTaskEvents = new Map<string, TaskEvent[]>();
  private pendingSettings: Map<string, unknown> | null = null;
  /** Occurrence logs this update creates although the room has them (see the header). */
  private readonly replaced = new Set<string>();
  /** Suggestion approvals (their edits) and task creations in this update, paired up at the end. */
  private readonly approvals = new Map<string, unknown>();
  private readonly creations = new Map<string, unknown>();
  private readonly newSuggestionEvents = new Map<string, unknown[]>();
  /** The archived ones among this update's new log keys, per map: asked once per update, not per key. */
  private archived: Map<string, { asked: ReadonlySet<string>; archived: ReadonlySet<string> }> | null = null;

  constructor(private readonly doc: Y.Doc, private readonly context: WriteContext) {
    this.store = doc.store;
  }

  check({ structs, ds }: ReturnType<typeof Y.decodeUpdate>): void {
    this.indexNewStructs(structs);
    for (const list of this.newStructs.values()) for (const entry of list) this.checkStruct(entry);
    this.checkDeletions(ds);
    this.checkReplacedOccurrences();
    this.checkApprovals();
  }

  /**
   * A suggestion becomes a task only by an approval, and that approval's task is
   * exactly the suggestion with the approval's edits (the queue writes both in one
   * transaction, so an honest update always carries both).
   */
  private checkApprovals(): void {
    for (const [id, edits] of this.approvals) {
      const proposal = this.proposal(id);
      if (proposal === null) continue;
      if (!this.creations.has(id)) refuse('schema', 'an approved suggestion comes with its task');
      if (!isTaskOfApproval(proposal, edits, this.creations.get(id))) {
        refuse('schema', 'the approved task is not the suggestion with the approval\'s edits');
      }
    }
    for (const id of this.creations.keys()) {
      if (!this.approvals.has(id) && this.proposal(id) !== null) refuse('role', 'a suggestion becomes a task only by approving it');
    }
  }

  /** The suggestion reserved under this id (its creation), from the room or this update. */
  private proposal(id: string): SuggestionProposal | null {
    const log = (this.doc.share.get(ROOT.suggestions) as Y.AbstractType<unknown> | undefined)?._map.get(id);
    const known = log && !log.deleted && log.content instanceof Y.ContentType ? (log.content.type as Y.Array<unknown>).toArray() : [];
    const created = [...known, ...(this.newSuggestionEvents.get(id) ?? [])]
      .find((event) => (event as { type?: unknown }).type === 'suggestion.created') as { payload: SuggestionProposal } | undefined;
    return created && isProposal(created.payload) ? created.payload : null;
  }

  /** Both logs of a twice-created occurrence must start with its derived creation event. */
  private checkReplacedOccurrences(): void {
    const tasks = this.doc.share.get(ROOT.tasks) as Y.Map<unknown> | undefined;
    for (const key of this.replaced) {
      const expected = occurrenceEventId(key);
      const existing = tasks?.get(key);
      const first = existing instanceof Y.Array ? (existing.get(0) as { id?: unknown; type?: unknown } | undefined) : undefined;
      const incoming = this.pendingTaskEvents.get(key) ?? [];
      const firstIncoming = incoming[0];
      if (first?.id !== expected || first.type !== 'task.created' || firstIncoming?.id !== expected || firstIncoming.type !== 'task.created') {
        refuse('append_only', `"tasks.${key}" already exists: logs are never replaced`);
      }
    }
    for (const key of this.replaced) this.context.replacing?.(key, this.pendingTaskEvents.get(key) ?? []);
  }

  /** Structs (or their tails) the room does not have yet, per client, refusing gaps. */
  private indexNewStructs(structs: Array<Y.Item | Y.GC | Y.Skip>): void {
    const expected = new Map<number, number>();
    for (const struct of structs) {
      const { client, clock } = struct.id;
      const known = Y.getState(this.store, client);
      const end = clock + struct.length;
      if (end <= known) continue;
      const next = expected.get(client) ?? known;
      if (struct instanceof Y.Skip || clock > next) {
        refuse('unknown_dependency', 'the update depends on changes the relay does not have');
      }
      if (struct instanceof Y.GC) refuse('append_only', 'the update removes content (logs are append-only)');
      expected.set(client, end);
      const list = this.newStructs.get(client) ?? [];
      list.push({ item: struct as Y.Item, offset: Math.max(0, known - clock) });
      this.newStructs.set(client, list);
    }
  }

  /** The new struct holding this id (binary search: a client's structs are in clock order). */
  private findNew(id: Y.ID): { entry: NewStruct; index: number } | null {
    const list = this.newStructs.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const entry = list[mid] as NewStruct;
      const start = entry.item.id.clock;
      if (id.clock < start + entry.offset) high = mid - 1;
      else if (id.clock >= start + entry.item.length) low = mid + 1;
      else return { entry, index: id.clock - start };
    }
    return null;
  }

  private findKnown(id: Y.ID): { item: Y.Item | Y.GC; index: number } | null {
    if (id.clock >= Y.getState(this.store, id.client)) return null;
    const structs = this.store.clients.get(id.client);
    if (!structs) return null;
    const struct = structs[Y.findIndexSS(structs, id.clock)] as Y.Item | Y.GC;
    return { item: struct, index: id.clock - struct.id.clock };
  }

  /** Where a new item lives: its parent, found through its origin when yjs did not encode it. */
  private locate(entry: NewStruct): Location {
    if (entry.location) return entry.location;
    // Follow origins iteratively (a long run of appends is a long chain).
    const chain: NewStruct[] = [];
    let current: NewStruct = entry;
    let location: Location | null = null;
    for (;;) {
      if (current.location) {
        location = current.location;
        break;
      }
      chain.push(current);
      const item = current.item;
      const neighbour = item.origin ?? item.rightOrigin;
      if (neighbour === null) {
        location = this.locateParent(item);
        break;
      }
      const inUpdate = this.findNew(neighbour);
      if (inUpdate) {
        if (chain.includes(inUpdate.entry)) {
          location = { kind: 'invalid', why: 'an item cannot follow itself' };
          break;
        }
        current = inUpdate.entry;
        continue;
      }
      const known = this.findKnown(neighbour);
      if (!known) refuse('unknown_dependency', 'the update depends on changes the relay does not have');
      location = known && known.item instanceof Y.Item ? this.locateType(known.item.parent as Y.AbstractType<unknown>, known.item.parentSub) : { kind: 'invalid', why: 'it follows removed content' };
      break;
    }
    for (const link of chain) link.location = location;
    return location;
  }

  private locateParent(item: Y.Item): Location {
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return { kind: 'root', name: parent };
    if (parent instanceof Y.ID) {
      const inUpdate = this.findNew(parent);
      if (inUpdate) return this.locateNewType(inUpdate.entry);
      const known = this.findKnown(parent);
      if (!known) refuse('unknown_dependency', 'the update depends on changes the relay does not have');
      if (!(known?.item instanceof Y.Item) || !(known.item.content instanceof Y.ContentType)) {
        return { kind: 'invalid', why: 'its parent is not a list' };
      }
      return this.locateType(known.item.content.type, null);
    }
    return { kind: 'invalid', why: 'it has no parent' };
  }

  /** A type already in the room's document: a root, or a log under `tasks` / `suggestions`. */
  private locateType(type: Y.AbstractType<unknown>, parentSub: string | null): Location {
    const holder = type._item;
    if (holder === null) {
      for (const [name, root] of this.doc.share) {
        if (root === type) return parentSub === null ? { kind: 'root', name } : { kind: 'invalid', why: `"${name}.${parentSub}" already exists: nothing is overwritten`, rule: 'append_only' };
      }
      return { kind: 'invalid', why: 'its parent is unknown' };
    }
    if (parentSub !== null) return { kind: 'invalid', why: 'logs hold events, not keys' };
    if (holder.deleted) return { kind: 'invalid', why: 'it writes to a replaced log' };
    const root = holder.parent as Y.AbstractType<unknown>;
    const name = root._item === null ? [...this.doc.share].find(([, t]) => t === root)?.[0] : undefined;
    if (name === undefined || !LOG_MAPS.has(name) || holder.parentSub === null || !(type instanceof Y.Array)) {
      return { kind: 'invalid', why: 'events live only in task and suggestion logs' };
    }
    return { kind: 'log', map: name, key: holder.parentSub };
  }

  /** A log created in this update: the new key's item in `tasks` / `suggestions`. */
  private locateNewType(holder: NewStruct): Location {
    const where = this.locate(holder);
    const item = holder.item;
    if (where.kind !== 'root' || !LOG_MAPS.has(where.name) || item.parentSub === null) {
      return { kind: 'invalid', why: 'events live only in task and suggestion logs' };
    }
    return { kind: 'log', map: where.name, key: item.parentSub };
  }

  private checkStruct(entry: NewStruct): void {
    const { item } = entry;
    const location = this.locate(entry);
    if (location.kind === 'invalid') refuse(location.rule ?? 'schema', location.why);
    if (item.content instanceof Y.ContentDeleted) refuse('append_only', 'the update removes content (logs are append-only)');
    if (location.kind === 'root') {
      if (LOG_MAPS.has(location.name)) return this.checkNewLog(entry, location.name);
      if (location.name === ROOT.config) return this.checkAppend(entry, { kind: 'root', name: ROOT.config });
      if (location.name === ROOT.members) refuse('relay_owned', 'members are written by the relay alone');
      if (location.name === ROOT.legacySettings || location.name === ROOT.legacyTemplates) {
        refuse('append_only', `"${location.name}" is read-only: settings are changed through the config log`);
      }
      refuse('schema', `"${location.name}" is not part of a workspace document`);
    }
    this.checkAppend(entry, location as Extract<Location, { kind: 'log' }>);
  }

  /** A new key in `tasks` / `suggestions`: a new, empty array under a key that never existed. */
  private checkNewLog(entry: NewStruct, map: string): void {
    const { item } = entry;
    const key = item.parentSub;
    if (key === null) refuse('schema', `"${map}" is a map of logs`);
    // A new log is a write even with no event in it yet: viewers and non-members make none.
    if (this.context.role === undefined || this.context.role === 'viewer') refuse('role', `${this.context.userId} may not add to "${map}"`);
    if (item.origin !== null) refuse('append_only', `"${map}.${key}" already exists: logs are never replaced`);
    if (map === ROOT.tasks && (key as string).startsWith(TRACKED_TASK_PREFIX)) {
      refuse('role', `"${key}" is a tracked task's id: only tracking intake creates those`);
    }
    const existing = (this.doc.share.get(map) as Y.AbstractType<unknown> | undefined)?._map.get(key as string);
    const twice = this.newKeys.has(`${map}/${key}`);
    if (existing !== undefined && !twice && map === ROOT.tasks && isOccurrenceTaskId(key as string)) this.replaced.add(key as string);
    else if (existing !== undefined || twice) refuse('append_only', `"${map}.${key}" already exists: logs are never replaced`);
    if (this.isArchived(map, key as string)) {
      refuse('append_only', `"${map}.${key}" is archived: its events go to the archive (POST .../archive/tasks/<id>/events), not into a new live log`);
    }
    if ((key as string).length > MAX_KEY_LENGTH) refuse('schema', 'a log key is at most 128 characters');
    if (!(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.Array)) {
      refuse('schema', `"${map}.${key}" must hold an event log`);
    }
    this.newKeys.add(`${map}/${key}`);
  }

  private isArchived(map: string, key: string): boolean {
    const among = this.context.archivedAmong;
    if (!among) return false;
    if (!this.archived) {
      // Every new key this update puts in a log map (yjs names the root when a key is new).
      const asked = new Map<string, Set<string>>([...LOG_MAPS].map((name) => [name, new Set<string>()]));
      for (const list of this.newStructs.values()) {
        for (const { item } of list) {
          if (typeof item.parent === 'string' && typeof item.parentSub === 'string') asked.get(item.parent)?.add(item.parentSub);
        }
      }
      this.archived = new Map([...asked].map(([name, keys]) => [name, { asked: keys, archived: keys.size > 0 ? among(name, [...keys]) : new Set<string>() }]));
    }
    const known = this.archived.get(map);
    if (known?.asked.has(key)) return known.archived.has(key);
    return among(map, [key]).has(key);
  }

  /** Events appended at the end of a log (a task's, a suggestion's, or the config log). */
  private checkAppend(entry: NewStruct, location: Extract<Location, { kind: 'log' }> | { kind: 'root'; name: string }): void {
    const { item } = entry;
    if (!(item.content instanceof Y.ContentAny)) refuse('schema', 'logs hold plain JSON events');
    if (item.parentSub !== null) refuse('schema', 'logs hold events, not keys');
    if (item.rightOrigin !== null) {
      const right = this.findKnown(item.rightOrigin);
      if (!(right?.item.deleted ?? false)) refuse('append_only', 'events are appended at the end of a log, never inserted');
    }
    const events = (item.content as Y.ContentAny).arr as unknown[];
    let previous = entry.offset > 0 ? events[entry.offset - 1] : this.leftNeighbour(item);
    for (let i = entry.offset; i < events.length; i += 1) {
      const event = events[i];
      this.checkEnvelope(event, previous);
      if (location.kind === 'root') this.checkConfig(event as ConfigEvent);
      else if (location.map === ROOT.tasks) this.checkTaskEvent(location.key, event as TaskEvent);
      else this.checkSuggestionEvent(location.key, event as { type: string; actor: string; payload: unknown });
      previous = event;
    }
  }

  private leftNeighbour(item: Y.Item): unknown {
    if (item.origin === null) return undefined;
    const inUpdate = this.findNew(item.origin);
    if (inUpdate) return ((inUpdate.entry.item.content as Y.ContentAny).arr ?? [])[inUpdate.index];
    const known = this.findKnown(item.origin);
    if (known && known.item instanceof Y.Item && known.item.content instanceof Y.ContentAny) return known.item.content.arr[known.index];
    return undefined;
  }

  private checkEnvelope(raw: unknown, previous: unknown): void {
    checkEnvelope(raw, previous, this.context);
  }

  private refuseRole(error: DomainError | null): void {
    refuseRole(error);
  }

  private checkTaskEvent(taskId: string, event: TaskEvent): void {
    const pending = this.pendingTaskEvents.get(taskId) ?? [];
    checkTaskEventRules(taskId, event, pending, this.context);
    if (event.type === 'task.created') this.creations.set(taskId, event.payload);
    pending.push(event);
    this.pendingTaskEvents.set(taskId, pending);
  }

  private checkSuggestionEvent(id: string, event: { type: string; actor: string; payload: unknown }): void {
    if (!SUGGESTION_TYPES.has(event.type)) refuse('schema', `"${event.type}" is not a suggestion event`);
    if (event.type === 'suggestion.created' && !isProposal(event.payload)) refuse('schema', 'the suggestion is missing a field');
    if (event.type === 'suggestion.approved') {
      const edits = (event.payload as { edits?: unknown }).edits;
      const editError = checkApprovalEdits(edits);
      if (editError) refuse('schema', editError);
      this.approvals.set(id, edits);
    }
    const events = this.newSuggestionEvents.get(id) ?? [];
    events.push(event);
    this.newSuggestionEvents.set(id, events);
    this.refuseRole(checkSuggestionAuthority(event.type, event.actor, this.context.role));
  }

  private checkConfig(event: ConfigEvent): void {
    this.refuseRole(checkConfigEvent(event, this.context.role, this.settingsSoFar()));
    // A later event of the same update is checked against this one applied (a status, then a mapping naming it).
    if (event.type === 'settings.changed') (this.pendingSettings ??= new Map()).set(event.payload.key, event.payload.value);
  }

  /** The room's settings with this update's earlier settings changes applied. */
  private settingsSoFar(): WorkspaceSettings {
    if (!this.pendingSettings) return this.context.settings;
    return readSettings(new Map([...Object.entries(this.context.settings), ...this.pendingSettings]));
  }

  /** Nothing is ever deleted: a delete set may name only what is already deleted. */
  private checkDeletions(ds: ReturnType<typeof Y.decodeUpdate>['ds']): void {
    for (const [client, ranges] of ds.clients) {
      const known = Y.getState(this.store, client);
      const structs = this.store.clients.get(client) ?? [];
      for (const { clock, len } of ranges) {
        if (len <= 0) continue;
        if (clock + len > known) refuse('append_only', 'the update removes content (logs are append-only)');
        for (let i = Y.findIndexSS(structs, clock); i < structs.length; i += 1) {
          const struct = structs[i] as Y.Item | Y.GC;
          if (struct.id.clock >= clock + len) break;
          if (struct instanceof Y.Item && !struct.deleted) refuse('append_only', 'the update removes content (logs are append-only)');
        }
      }
    }
  }
}

function refuseRole(error: DomainError | null): void {
  if (!error) return;
  refuse(error.code === 'invalid_payload' || error.code === 'unknown_event' ? 'schema' : 'role', error.message);
}

/** An event's envelope: shape, author = the writer, a stamp within bounds and after `previous`. */
function checkEnvelope(raw: unknown, previous: unknown, context: WriteContext): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) refuse('schema', 'an event is a JSON object');
  const event = raw as Record<string, unknown>;
  if (typeof event.id !== 'string' || event.id === '' || event.id.length > MAX_ID_LENGTH) refuse('schema', 'an event needs an id');
  if (typeof event.type !== 'string' || typeof event.payload !== 'object' || event.payload === null) refuse('schema', 'an event needs a type and a payload');
  if (event.actor !== context.userId) {
    refuse('author', `an event names ${JSON.stringify(event.actor)} as its author; this connection is ${context.userId}`);
  }
  const stamp = typeof event.at === 'string' ? parseStamp(event.at) : null;
  if (stamp === null) refuse('stamp', 'an event needs a hybrid-clock stamp');
  if ((stamp as { wall: number }).wall > context.now + MAX_STAMP_AHEAD_MS) refuse('stamp', 'an event is stamped too far ahead of the relay\'s clock');
  const before = (previous as { at?: unknown } | undefined)?.at;
  if (typeof before === 'string' && !((event.at as string) > before)) {
    refuse('stamp', 'an event is stamped before an event its author had already seen in that log');
  }
}

/** A task event's type, payload and the author's role (state = the log + `pending`, for decisions). */
function checkTaskEventRules(taskId: string, event: TaskEvent, pending: readonly TaskEvent[], context: WriteContext): void {
  if (!TASK_TYPES.has(event.type)) refuse('schema', `"${event.type}" is not a task event`);
  const payloadError = checkPayload(event);
  if (payloadError) refuse('schema', payloadError);
  const state = readsState(event) ? context.taskState(taskId, pending) : null;
  refuseRole(checkTaskAuthority(state, event, context.role, context.settings));
}

/**
 * The socket's checks for one task event that arrives another way (the archive's porting endpoint,
 * archive-port.ts): envelope, author, stamp bounds and order after `previous`, payload, role. One
 * rule set for both doors, so the archive is not a back door.
 */
export function checkTaskEventWrite(
  taskId: string, raw: unknown, previous: unknown, pending: readonly TaskEvent[], context: WriteContext,
): UpdateRefusal | null {
  try {
    checkEnvelope(raw, previous, context);
    checkTaskEventRules(taskId, raw as TaskEvent, pending, context);
    return null;
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
}
