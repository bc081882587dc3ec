// Legitimate content for the relay tests. The relay checks every client update (DESIGN "Trust",
// sync-server/update-check.ts): only new task / suggestion logs and appended, signed, stamped
// events pass. So the tests write what an honest client writes, through the project's own
// repository, as the user their token was created for, and read back folded tasks.
import * as Y from 'yjs';
import { createRepository, type TaskRepository } from '../../src-shared/doc/repository';
import { workspaceMaps } from '../../src-shared/doc/schema';
import { createHybridClock } from '../../src-shared/domain/clock';
import type { TaskEvent } from '../../src-shared/domain/events';
import { newId } from '../../src-shared/domain/ids';
import type { TaskState } from '../../src-shared/domain/types';

const repositories = new WeakMap<Y.Doc, Map<string, TaskRepository>>();

/** One repository per (document, actor), reused: each one observes its document. */
export function repoFor(doc: Y.Doc, actor: string): TaskRepository {
  let byActor = repositories.get(doc);
  if (!byActor) {
    byActor = new Map();
    repositories.set(doc, byActor);
  }
  let repo = byActor.get(actor);
  if (!repo) {
    repo = createRepository(doc, { actor });
    byActor.set(actor, repo);
  }
  return repo;
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }, what: string): T {
  if (!result.ok) throw new Error(`${what} refused locally: ${result.error.message}`);
  return result.value;
}

/** Creates a task as `actor` (who must be a member of the synced document); returns its id. */
export function writeTask(doc: Y.Doc, actor: string, title: string): string {
  return unwrap(repoFor(doc, actor).create({ title }), `create "${title}"`).id;
}

/** Appends a comment to a task as `actor`. */
export function writeComment(doc: Y.Doc, actor: string, taskId: string, body: string): void {
  unwrap(repoFor(doc, actor).comment(taskId, body), `comment "${body}"`);
}

/** Renames a task as `actor`. */
export function writeTitle(doc: Y.Doc, actor: string, taskId: string, title: string): void {
  unwrap(repoFor(doc, actor).edit(taskId, { title }), `edit to "${title}"`);
}

/** The folded tasks of a document, read without writing anything (any reader folds the same). */
export function foldedTasks(doc: Y.Doc): readonly TaskState[] {
  return repoFor(doc, 'test-reader').view.all();
}

/** The titles of the document's folded tasks, sorted. */
export function taskTitles(doc: Y.Doc): string[] {
  return foldedTasks(doc).map((task) => task.title).sort();
}

/** Whether the document holds a folded task with this title. */
export function hasTitle(doc: Y.Doc, title: string): boolean {
  return foldedTasks(doc).some((task) => task.title === title);
}

/** The folded task with this id, if the document has it. */
export function taskOf(doc: Y.Doc, taskId: string): TaskState | undefined {
  return repoFor(doc, 'test-reader').view.get(taskId);
}

/** The bodies of the comments appended to a task's log, in log order (read from the raw log). */
export function commentBodies(doc: Y.Doc, taskId: string): string[] {
  const log = workspaceMaps(doc).tasks.get(taskId) as Y.Array<TaskEvent> | undefined;
  if (!log) return [];
  return log
    .toArray()
    .filter((event) => event.type === 'task.commented')
    .map((event) => (event.payload as { body: string }).body);
}

/**
 * A well-formed task creation signed by `actor`, written straight into the document, bypassing the
 * repository's local checks (what a modified client sends when its user may not write, e.g. a
 * viewer): the relay refuses it by role, not by shape. Returns the task id.
 */
export function forgeTask(doc: Y.Doc, actor: string, title: string): string {
  const taskId = newId(Date.now());
  const log = new Y.Array<TaskEvent>();
  const event = { id: newId(Date.now()), at: createHybridClock(actor, Date.now).now(), actor, type: 'task.created', payload: { title } } as TaskEvent;
  doc.transact(() => {
    workspaceMaps(doc).tasks.set(taskId, log);
    log.push([event]);
  });
  return taskId;
}
