// Workspace export as JSON: every task's folded state with its FULL event log in
// fold order (rejected events included, with the reason), plus templates and
// settings, so the export is a complete, human-readable account of the workspace.
import type { TaskRepository } from '../../src-shared/doc/repository';
import type { FoldedEvent } from '../../src-shared/domain/events';
import type { TaskState } from '../../src-shared/domain/types';

export const WORKSPACE_EXPORT_FORMAT = 'handoff.workspace-export.v1';

export interface WorkspaceExport {
  format: typeof WORKSPACE_EXPORT_FORMAT;
  workspaceId: string;
  exportedAt: string;
  exportedBy: string;
  tasks: { state: TaskState; events: FoldedEvent[] }[];
  templates: unknown[];
  settings: unknown;
}

export function exportWorkspaceJson(repository: TaskRepository, workspaceId: string, now: Date): string {
  const tasks = [...repository.view.all()]
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id.localeCompare(b.id)))
    .map((state) => ({ state, events: [...repository.view.events(state.id)] }));
  const body: WorkspaceExport = {
    format: WORKSPACE_EXPORT_FORMAT,
    workspaceId,
    exportedAt: now.toISOString(),
    exportedBy: repository.actor,
    tasks,
    templates: repository.templates(),
    settings: repository.settings(),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
