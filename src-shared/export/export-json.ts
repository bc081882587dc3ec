// Workspace export as JSON: every task's folded state with its FULL event log in
// fold order (rejected events included, with the reason), plus templates and
// settings, so the export is a complete, human-readable account of the workspace.
// Tasks retention moved to the relay's archive (DESIGN "A bounded live document") are listed
// in `archivedTasks` the same way, each log folded with the workspace's context.
import type { TaskRepository } from '../../src-shared/doc/repository';
import type { FoldedEvent, TaskEvent } from '../../src-shared/domain/events';
import { foldedEvents, foldTask } from '../../src-shared/domain/reducer';
import type { TaskState } from '../../src-shared/domain/types';

export const WORKSPACE_EXPORT_FORMAT = 'handoff.workspace-export.v1';

export interface WorkspaceExport {
  format: typeof WORKSPACE_EXPORT_FORMAT;
  workspaceId: string;
  exportedAt: string;
  exportedBy: string;
  tasks: { state: TaskState; events: FoldedEvent[] }[];
  /** Archived tasks (closed past the retention window), oldest closed first. */
  archivedTasks: { state: TaskState; events: FoldedEvent[]; closedAt: string; archivedAt: string }[];
  templates: unknown[];
  settings: unknown;
}

/** An archived task as the relay's archive holds it: its whole log, closing and archiving times. */
export interface ArchivedTaskSource {
  id: string;
  events: readonly TaskEvent[];
  closedAt: string;
  archivedAt: string;
}

export function exportWorkspaceJson(repository: TaskRepository, workspaceId: string, now: Date, archived: Iterable<ArchivedTaskSource> = []): string {
  const archivedTasks: WorkspaceExport['archivedTasks'] = [];
  for (const task of archived) {
    const folded = foldTask(task.id, task.events, repository.context());
    if (folded.state) archivedTasks.push({ state: folded.state, events: foldedEvents(folded), closedAt: task.closedAt, archivedAt: task.archivedAt });
  }
  const tasks = [...repository.view.all()]
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id.localeCompare(b.id)))
    .map((state) => ({ state, events: [...repository.view.events(state.id)] }));
  const body: WorkspaceExport = {
    format: WORKSPACE_EXPORT_FORMAT,
    workspaceId,
    exportedAt: now.toISOString(),
    exportedBy: repository.actor,
    tasks,
    archivedTasks,
    templates: repository.templates(),
    settings: repository.settings(),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
