// What a room knows about its workspace's rules: the members log it writes, the config log, and
// a task folded on demand. The relay's update check (update-check.ts) asks it for the writer's
// role now and, for the few events whose role rule reads a task (decisions), for that task's
// state. Nothing is folded up front: a 10,000-task room costs no fold until someone approves.
import * as Y from 'yjs';
import { createHybridClock } from '../src-shared/domain/clock';
import type { TaskEvent } from '../src-shared/domain/events';
import { newId } from '../src-shared/domain/ids';
import { memberChanges, RELAY_ACTOR } from '../src-shared/domain/members';
import { foldTask } from '../src-shared/domain/reducer';
import type { TaskState } from '../src-shared/domain/types';
import { newestStamp } from '../src-shared/doc/repository';
import { workspaceMaps, type WorkspaceMaps } from '../src-shared/doc/schema';
import { WorkspaceContext } from '../src-shared/doc/workspace-context';
import type { RelayMember } from '../src-shared/protocol/relay-api';
import type { Principal } from './auth';
import { checkClientUpdate, type UpdateRefusal } from './update-check';

interface ReplacedLog {
  taskId: string;
  /** The room's log before the update. */
  before: TaskEvent[];
  /** The update's log for the same key. */
  incoming: readonly TaskEvent[];
}

/** The transaction origin of the relay's own writes to a room's document. */
export const RELAY_ORIGIN = Symbol('handoff.relay');

export class RoomRules {
  private readonly maps: WorkspaceMaps;
  readonly context: WorkspaceContext;
  private readonly clock = createHybridClock(RELAY_ACTOR, Date.now);
  /** Occurrence logs the last accepted update creates a second time, for mergeReplacedLogs. */
  private replacing: ReplacedLog[] = [];

  constructor(private readonly doc: Y.Doc) {
    this.maps = workspaceMaps(doc);
    this.context = new WorkspaceContext(this.maps);
  }

  /** Writes the members events that bring the document's members log to `wanted` (the tokens). */
  syncMembers(wanted: readonly RelayMember[]): number {
    this.clock.observe(newestStamp(this.maps.members as Y.Array<unknown>));
    const events = memberChanges(this.context.roster, wanted, () => this.clock.now(), () => newId(Date.now()));
    if (events.length > 0) this.doc.transact(() => this.maps.members.push(events), RELAY_ORIGIN);
    return events.length;
  }

  /** Why this client update must not be stored, or null when every change in it is allowed. */
  check(update: Uint8Array, principal: Principal, now = Date.now(), archivedAmong?: (map: string, ids: readonly string[]) => ReadonlySet<string>): UpdateRefusal | null {
    const replacing: ReplacedLog[] = [];
    const refusal = checkClientUpdate(this.doc, update, {
      archivedAmong,
      userId: principal.userId,
      role: this.context.roster.currentRole(principal.userId),
      settings: this.context.config.settings,
      taskState: (taskId, pending) => this.taskState(taskId, pending),
      now,
      replacing: (taskId, incoming) => replacing.push({ taskId, before: this.logEvents(taskId), incoming }),
    });
    this.replacing = refusal ? [] : replacing;
    return refusal;
  }

  /**
   * After an accepted update that created an occurrence's log a second time (update-check.ts):
   * yjs kept one of the two logs; the events only the other held are appended to the one kept,
   * oldest first, so no one's work on the occurrence is lost. Returns how many were appended.
   */
  mergeReplacedLogs(): number {
    const replaced = this.replacing;
    this.replacing = [];
    let appended = 0;
    for (const { taskId, before, incoming } of replaced) {
      const kept = this.maps.tasks.get(taskId);
      if (!(kept instanceof Y.Array)) continue;
      const held = new Set(this.logEvents(taskId).map((event) => event.id));
      const missing: TaskEvent[] = [];
      for (const event of [...before, ...incoming]) {
        if (held.has(event.id)) continue;
        held.add(event.id);
        missing.push(event);
      }
      if (missing.length === 0) continue;
      missing.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      this.doc.transact(() => kept.push(missing), RELAY_ORIGIN);
      appended += missing.length;
    }
    return appended;
  }

  private logEvents(taskId: string): TaskEvent[] {
    const log = this.maps.tasks.get(taskId);
    return log instanceof Y.Array ? (log.toArray() as unknown[]).filter((e): e is TaskEvent => typeof e === 'object' && e !== null) : [];
  }

  private taskState(taskId: string, pending: readonly TaskEvent[]): TaskState | null {
    return foldTask(taskId, [...this.logEvents(taskId), ...pending], this.context.foldContext()).state;
  }

  destroy(): void {
    this.context.destroy();
  }
}
