// Tracking intake (seed 001): an integration registers a source (an advance module) with its
// blocks and line items; the relay keeps one task per block and one subtask per line item in the
// room's document, written through the same domain code every client runs, under the
// integration's own name. Task ids derive from the source's own ids, so registering twice (or
// twice at once) makes one task. The registration and its flags (tracking, template, deleted) are
// kept in tracked_sources; the task states live in the document.
//
// Like SignalIntake, it writes through the room's repository for the integration (Room.repositoryFor).
// A tracked task closed past the retention window leaves the live document like any other
// (retention.ts); the source can still move it, so before any write for a source its tasks that
// are archived are brought back into the live document with their whole logs (`restore`,
// archive-port.ts restoreArchived), and the write then lands on the live log.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { LOCAL_COMMAND, type TaskRepository } from '../src-shared/doc/repository';
import type { Result, TaskState } from '../src-shared/domain/types';
import type {
  RegisterSourceRequest, SourceFlagsRequest, SourceResponse, SourceStateRequest, TrackedTask,
} from '../src-shared/protocol/tracking-api';
import type { RelayDatabase } from './db/open';
import { trackedSources } from './db/schema';
import type { Room } from './room';

type Block = RegisterSourceRequest['blocks'][number];
type LineItem = Block['lineItems'][number];

/** One state change as the state route received it. */
export interface StateChange {
  actor: string;
  sourceId: string;
  req: SourceStateRequest;
}

interface SourceRow {
  sourceId: string;
  mapping: string;
  title: string;
  tracking: boolean;
  template: boolean;
  deleted: boolean;
  blocks: Block[];
}

export interface TrackingError {
  ok: false;
  error: { code: string; message: string };
  status: number;
}
export type TrackingResult = { ok: true; value: SourceResponse; created: boolean } | TrackingError;

const refuse = (status: number, code: string, message: string): TrackingError => ({ ok: false, status, error: { code, message } });

/** Ids already derived: a state change needs its task's id twice, and a SHA-256 is not free. */
const derivedIds = new Map<string, string>();
const MAX_DERIVED_IDS = 100_000;

/** The task id of a block (or of one of its line items): stable, at most 36 characters. */
export function trackedTaskId(sourceId: string, blockId: string, itemId?: string): string {
  const key = [sourceId, blockId, itemId ?? ''].join('\u0000');
  let id = derivedIds.get(key);
  if (id === undefined) {
    id = `trk-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
    if (derivedIds.size >= MAX_DERIVED_IDS) derivedIds.clear();
    derivedIds.set(key, id);
  }
  return id;
}

const trackedKey = (blockId: string, itemId?: string | null) => (itemId ? `${blockId}/${itemId}` : blockId);

/** New blocks and line items are added; known ones keep their place (a registration never removes). */
function mergeBlocks(known: Block[], incoming: Block[]): Block[] {
  const byId = new Map(known.map((b) => [b.id, { ...b, lineItems: [...b.lineItems] }]));
  for (const block of incoming) {
    const existing = byId.get(block.id);
    if (!existing) {
      byId.set(block.id, { ...block, lineItems: [...block.lineItems] });
      continue;
    }
    existing.title = block.title;
    existing.state = block.state ?? existing.state;
    for (const item of block.lineItems) {
      const at = existing.lineItems.findIndex((i) => i.id === item.id);
      if (at === -1) existing.lineItems.push(item);
      else existing.lineItems[at] = { ...item, state: item.state ?? existing.lineItems[at]?.state };
    }
  }
  return [...byId.values()];
}

/**
 * The source's tasks, from the ids its blocks and line items derive (no scan of the workspace's
 * tasks: that was most of a state change's time on a large workspace). Only `onlyKey`'s, if given.
 */
function tasksOf(repo: TaskRepository, row: Readonly<SourceRow>, onlyKey?: string): TaskState[] {
  const tasks: TaskState[] = [];
  const add = (key: string, blockId: string, itemId?: string) => {
    if (onlyKey !== undefined && key !== onlyKey) return;
    const task = repo.view.get(trackedTaskId(row.sourceId, blockId, itemId));
    // A task is the source's only while it still follows it (its log says so, not just its id).
    if (task?.tracking?.source === row.sourceId && task.tracking.sourceId === key) tasks.push(task);
  };
  if (onlyKey !== undefined) {
    const [blockId = '', itemId] = onlyKey.split('/');
    add(onlyKey, blockId, itemId);
    return tasks;
  }
  for (const block of row.blocks) {
    add(block.id, block.id);
    for (const item of block.lineItems) add(trackedKey(block.id, item.id), block.id, item.id);
  }
  return tasks;
}

/** Per stored row (rows are never mutated: a change saves a copy), its blocks and line items by id. */
const blockIndexes = new WeakMap<Readonly<SourceRow>, Map<string, { block: Block; items: Map<string, LineItem> }>>();

/** A block of the source and, when asked for, one of its line items: by index, not by a scan. */
function findBlock(row: Readonly<SourceRow>, blockId: string, itemId?: string): { block?: Block; item?: LineItem } {
  let index = blockIndexes.get(row);
  if (!index) {
    index = new Map(row.blocks.map((block) => [block.id, { block, items: new Map(block.lineItems.map((item) => [item.id, item])) }]));
    blockIndexes.set(row, index);
  }
  const found = index.get(blockId);
  if (!found) return {};
  const item = itemId === undefined ? undefined : found.items.get(itemId);
  return item ? { block: found.block, item } : { block: found.block };
}

export class TrackingIntake {
  /** Rows read or written by this relay (it is their only writer): a state change reads no SQL. */
  private readonly rows = new Map<string, SourceRow | null>();
  private readonly selectRow;

  constructor(
    private readonly db: RelayDatabase,
    /** Brings these tasks back from the archive into the room's live document, where archived. */
    private readonly restore: (room: Room, taskIds: readonly string[]) => void = () => {},
  ) {
    this.selectRow = db.select().from(trackedSources)
      .where(and(eq(trackedSources.room, sql.placeholder('room')), eq(trackedSources.sourceId, sql.placeholder('sourceId')))).prepare();
  }

  register(room: Room, actor: string, req: RegisterSourceRequest): TrackingResult {
    const repo = this.begin(room, actor);
    const unmapped = this.checkMapping(repo, req.mapping);
    if (unmapped) return unmapped;
    const known = this.load(room.name, req.sourceId);
    if (known?.deleted) return refuse(409, 'source_deleted', `source "${req.sourceId}" was deleted; an admin can restore it`);
    if (known) this.bringBack(room, known);
    const inherited = req.fromTemplate ? this.load(room.name, req.fromTemplate) : null;
    if (req.fromTemplate && !inherited?.template) {
      return refuse(422, 'unknown_template', `"${req.fromTemplate}" is not a registered template source`);
    }
    const row: SourceRow = {
      sourceId: req.sourceId,
      mapping: req.mapping,
      title: req.title,
      tracking: req.tracking ?? known?.tracking ?? inherited?.tracking ?? true,
      template: req.template,
      deleted: false,
      blocks: mergeBlocks(known?.blocks ?? [], req.blocks),
    };
    // States the registration names explicitly are the source's truth; others keep the document's.
    const explicit = new Map<string, string>();
    for (const block of req.blocks) {
      if (block.state) explicit.set(block.id, block.state);
      for (const item of block.lineItems) if (item.state) explicit.set(trackedKey(block.id, item.id), item.state);
    }
    const written = this.apply(repo, row, explicit);
    if (!written.ok) return written;
    this.save(room.name, row);
    return { ok: true, value: this.describe(repo, row, written.value), created: !known };
  }

  /**
   * State changes that arrived together (tracking-batch.ts), each checked on its own as before but
   * written in as few Yjs transactions as possible: one update to encode, store and broadcast for
   * the lot instead of one each. The view folds when a transaction ends, so a change to a task the
   * open transaction already changed starts the next transaction (its check must see the first
   * change). Answers are described once their transaction has ended.
   */
  changeStates(room: Room, changes: readonly StateChange[]): TrackingResult[] {
    // The integration may have been given its token since the room loaded (see SignalIntake);
    // members written inside the batch's transaction would reach the fold only after it.
    room.syncMembers();
    // Archived tasks of these sources come back live first, outside the batch's transaction (their
    // restore is durable together with their removal from the archive).
    for (const sourceId of new Set(changes.map((change) => change.sourceId))) {
      const row = this.live(room.name, sourceId);
      if (row.ok) this.bringBack(room, row.value);
    }
    const results: TrackingResult[] = [];
    let next = 0;
    while (next < changes.length) {
      const touched = new Set<string>();
      const answers: (() => TrackingResult)[] = [];
      room.doc.transact(() => {
        for (; next < changes.length; next += 1) {
          const change = changes[next] as StateChange;
          const taskId = trackedTaskId(change.sourceId, change.req.blockId, change.req.itemId);
          if (touched.has(taskId)) break;
          touched.add(taskId);
          answers.push(this.writeState(room, change));
        }
      }, LOCAL_COMMAND);
      for (const answer of answers) results.push(answer());
    }
    return results;
  }

  /** Checks and writes one state change; returns how to describe it once the transaction ended. */
  private writeState(room: Room, { actor, sourceId, req }: StateChange): () => TrackingResult {
    const repo = this.repoFor(room, actor);
    const row = this.live(room.name, sourceId);
    if (!row.ok) return () => row;
    let source = row.value;
    const unmapped = this.checkMapping(repo, source.mapping);
    if (unmapped) return () => unmapped;
    const { block, item } = findBlock(source, req.blockId, req.itemId);
    if (!block || (req.itemId !== undefined && !item)) {
      const missing = refuse(404, 'unknown_block', `source "${sourceId}" has no ${req.itemId ? `line item ${req.blockId}/${req.itemId}` : `block ${req.blockId}`}`);
      return () => missing;
    }
    const key = trackedKey(req.blockId, req.itemId);
    const task = repo.view.get(trackedTaskId(sourceId, req.blockId, req.itemId));
    let written = 0;
    if (task) {
      // The document holds the state: only a change writes an event.
      if (task.tracking?.state !== req.state) {
        const moved = repo.updateSourceState(sourceId, key, req.state, [task]);
        if (!moved.ok) {
          const refused = refuse(422, moved.error.code, moved.error.message);
          return () => refused;
        }
        written = moved.value.length;
      }
    } else {
      // Not tracked (yet): the state waits in the registration for when tasks are made.
      source = structuredClone(source);
      const copy = findBlock(source, req.blockId, req.itemId);
      if (copy.item) copy.item.state = req.state;
      else if (copy.block) copy.block.state = req.state;
      this.save(room.name, source);
    }
    const described = source;
    return () => ({ ok: true, value: this.describe(repo, described, written, key), created: false });
  }

  /** PATCH flags; `/archive` is tracking:false and `/restore` is tracking:true. */
  setFlags(room: Room, actor: string, sourceId: string, flags: SourceFlagsRequest): TrackingResult {
    const repo = this.begin(room, actor);
    const row = this.live(room.name, sourceId);
    if (!row.ok) return row;
    this.bringBack(room, row.value);
    const source = { ...row.value, tracking: flags.tracking ?? row.value.tracking, template: flags.template ?? row.value.template };
    if (flags.tracking !== undefined) {
      const unmapped = this.checkMapping(repo, source.mapping);
      if (unmapped) return unmapped;
    }
    const written = this.apply(repo, source, new Map());
    if (!written.ok) return written;
    this.save(room.name, source);
    return { ok: true, value: this.describe(repo, source, written.value), created: false };
  }

  /** Delete (integration, lead, admin) or undo a deletion (`restore: true`, admin only). */
  remove(room: Room, actor: string, sourceId: string, undo: boolean): TrackingResult {
    const repo = this.begin(room, actor);
    const known = this.load(room.name, sourceId);
    if (!known) return refuse(404, 'unknown_source', `no tracked source "${sourceId}"`);
    // The source row decides too, not only its tasks' events: a source with no deleted task would
    // otherwise be "undeleted" by any integration, with no event for the role rule to refuse.
    if (undo && repo.roleOf(actor) !== 'admin') return refuse(403, 'not_permitted', 'Only admins undo the deletion of a source.');
    if (undo && !known.deleted) return refuse(409, 'not_deleted', `"${sourceId}" is not deleted.`);
    this.bringBack(room, known);
    const tasks = tasksOf(repo, known);
    const result = undo ? repo.undeleteSource(sourceId, tasks) : repo.deleteSource(sourceId, tasks);
    if (!result.ok) return refuse(result.error.code === 'not_permitted' ? 403 : 422, result.error.code, result.error.message);
    // Undeleted tasks stay archived and untracked until tracking is enabled again.
    const source = { ...known, deleted: !undo, tracking: false };
    this.save(room.name, source);
    return { ok: true, value: this.describe(repo, source, result.value.length), created: false };
  }

  /**
   * What a signal names (signals.ts): a live registered source, optionally a block or line item of
   * it, with its title and the task that stands for it (null for the source as a whole).
   */
  lookup(room: string, tracked: { sourceId: string; blockId?: string | undefined; itemId?: string | undefined }): Result<{ title: string; taskId: string | null }> {
    const row = this.load(room, tracked.sourceId);
    const missing = (what: string) => ({ ok: false as const, error: { code: 'unknown_source' as const, message: `no tracked ${what}; register it first` } });
    if (!row || row.deleted) return missing(`source "${tracked.sourceId}"`);
    if (tracked.blockId === undefined) return { ok: true, value: { title: row.title, taskId: null } };
    const { block, item } = findBlock(row, tracked.blockId, tracked.itemId);
    if (!block) return missing(`block "${tracked.sourceId}/${tracked.blockId}"`);
    if (tracked.itemId !== undefined && !item) return missing(`line item "${tracked.sourceId}/${tracked.blockId}/${tracked.itemId}"`);
    const title = `${row.title}: ${item ? item.title : block.title}`;
    return { ok: true, value: { title, taskId: row.template ? null : trackedTaskId(row.sourceId, block.id, item?.id) } };
  }

  get(room: Room, actor: string, sourceId: string): TrackingResult {
    const known = this.load(room.name, sourceId);
    if (!known) return refuse(404, 'unknown_source', `no tracked source "${sourceId}"`);
    return { ok: true, value: this.describe(this.repoFor(room, actor), known, 0), created: false };
  }

  /** Brings the document in line with the registration: missing tasks made, archive or restore. */
  private apply(repo: TaskRepository, row: SourceRow, explicit: ReadonlyMap<string, string>): { ok: true; value: number } | TrackingError {
    if (row.template) return { ok: true, value: 0 };
    let written = 0;
    const fail = (r: Result<unknown>) => (r.ok ? null : refuse(422, r.error.code, r.error.message));
    if (row.tracking) {
      for (const block of row.blocks) {
        const parentId = trackedTaskId(row.sourceId, block.id);
        const made = this.ensure(repo, row, { taskId: parentId, title: block.title, key: block.id, state: block.state, kind: block.kind }, explicit);
        if (typeof made !== 'number') return made;
        written += made;
        for (const item of block.lineItems) {
          const key = trackedKey(block.id, item.id);
          const child = this.ensure(repo, row, { taskId: trackedTaskId(row.sourceId, block.id, item.id), title: item.title, key, state: item.state, kind: 'line_item', parentId }, explicit);
          if (typeof child !== 'number') return child;
          written += child;
        }
      }
      const restored = repo.restoreSource(row.sourceId, tasksOf(repo, row));
      const error = fail(restored);
      if (error) return error;
      written += restored.ok ? restored.value.length : 0;
    } else {
      const archived = repo.archiveSource(row.sourceId, tasksOf(repo, row));
      const error = fail(archived);
      if (error) return error;
      written += archived.ok ? archived.value.length : 0;
    }
    return { ok: true, value: written };
  }

  private ensure(
    repo: TaskRepository, row: SourceRow,
    task: { taskId: string; title: string; key: string; state: string | undefined; kind: string; parentId?: string },
    explicit: ReadonlyMap<string, string>,
  ): number | TrackingError {
    const { taskId, title, key, parentId, kind } = task;
    const existing = repo.view.get(taskId);
    if (existing) {
      const wanted = explicit.get(key);
      if (wanted === undefined || existing.tracking?.state === wanted) return 0;
      const moved = repo.updateSourceState(row.sourceId, key, wanted, [existing]);
      return moved.ok ? moved.value.length : refuse(422, moved.error.code, moved.error.message);
    }
    const state = task.state ?? 'not_started';
    const created = repo.create({
      title,
      ...(parentId ? { parentId } : {}),
      tags: [`tracking:${kind}`],
      tracking: { mapping: row.mapping, source: row.sourceId, sourceId: key, state },
    }, taskId);
    return created.ok ? 1 : refuse(422, created.error.code, created.error.message);
  }

  /** The source and its tasks (only `onlyKey`'s task, for a state change: answers stay small). */
  private describe(repo: TaskRepository, row: SourceRow, written: number, onlyKey?: string): SourceResponse {
    const tasks: TrackedTask[] = tasksOf(repo, row, onlyKey).map((t: TaskState) => {
      const [blockId, itemId] = (t.tracking?.sourceId ?? '').split('/');
      return {
        taskId: t.id, blockId: blockId ?? '', itemId: itemId ?? null, status: t.status,
        state: t.tracking?.state ?? '', deleted: t.tracking?.deleted ?? false,
      };
    });
    return { sourceId: row.sourceId, mapping: row.mapping, tracking: row.tracking, template: row.template, deleted: row.deleted, written, tasks };
  }

  private checkMapping(repo: TaskRepository, mapping: string): TrackingError | null {
    if (repo.settings().statusMappings[mapping]) return null;
    return refuse(409, 'mapping_not_configured',
      `tracking will not work until the status mapping "${mapping}" is configured (a lead or admin sets settings.statusMappings.${mapping})`);
  }

  /** The source's archived tasks, back into the live document before anything is written for it. */
  private bringBack(room: Room, row: Readonly<SourceRow>): void {
    const ids: string[] = [];
    for (const block of row.blocks) {
      ids.push(trackedTaskId(row.sourceId, block.id));
      for (const item of block.lineItems) ids.push(trackedTaskId(row.sourceId, block.id, item.id));
    }
    this.restore(room, ids);
  }

  private begin(room: Room, actor: string): TaskRepository {
    // The integration may have been given its token since the room loaded (see SignalIntake).
    room.syncMembers();
    return this.repoFor(room, actor);
  }

  private live(room: string, sourceId: string): { ok: true; value: SourceRow } | TrackingError {
    const row = this.load(room, sourceId);
    if (!row) return refuse(404, 'unknown_source', `no tracked source "${sourceId}"; register it first`);
    if (row.deleted) return refuse(409, 'source_deleted', `source "${sourceId}" was deleted; an admin can restore it`);
    return { ok: true, value: row };
  }

  /** The stored row, shared with the cache: never mutate it (copy first, then `save`). */
  private load(room: string, sourceId: string): Readonly<SourceRow> | null {
    const key = JSON.stringify([room, sourceId]);
    const cached = this.rows.get(key);
    if (cached !== undefined) return cached;
    const row = this.selectRow.get({ room, sourceId });
    const loaded = row ? {
      sourceId, mapping: row.mapping, tracking: row.tracking, template: row.template, deleted: row.deleted,
      ...(JSON.parse(row.json) as { title: string; blocks: Block[] }),
    } : null;
    this.rows.set(key, loaded);
    return loaded;
  }

  private save(room: string, row: SourceRow): void {
    const values = {
      mapping: row.mapping, tracking: row.tracking, template: row.template, deleted: row.deleted,
      json: JSON.stringify({ title: row.title, blocks: row.blocks }), updatedAt: Date.now(),
    };
    this.db.insert(trackedSources).values({ room, sourceId: row.sourceId, ...values })
      .onConflictDoUpdate({ target: [trackedSources.room, trackedSources.sourceId], set: values }).run();
    this.rows.set(JSON.stringify([room, row.sourceId]), row);
  }

  private repoFor(room: Room, actor: string): TaskRepository {
    return room.repositoryFor(actor);
  }

}
