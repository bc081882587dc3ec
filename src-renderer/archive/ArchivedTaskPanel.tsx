// A task that left the live document, read-only: its fields and its activity stream from the
// archived log, folded here with the same reducer as every live task (the relay's folded state is
// not taken on trust). Fetched from the host's archive, which falls back to this device's cache.
import { useEffect, useState } from 'react';
import { foldArchivedLog } from '../../src-shared/domain/archived-task';
import type { FoldedEvent } from '../../src-shared/domain/events';
import type { TaskState } from '../../src-shared/domain/types';
import { useActions, useApp, useServices } from '../app/store-context';
import { ActivityStream } from '../panel/ActivityStream';
import { formatInstant, formatStamp, priorityLabel } from '../views/format';
import { entityKindLabel } from '../model/entity-kinds';
import { useLabels } from '../views/use-labels';
import './archive.css';

type Loaded = { kind: 'loading' } | { kind: 'missing' } | { kind: 'error'; message: string }
  | { kind: 'task'; state: TaskState; activity: FoldedEvent[]; closedAt: string };

export function ArchivedTaskPanel({ taskId }: { taskId: string }) {
  const { host, repository } = useServices();
  const { closeTop } = useActions();
  const labels = useLabels();
  const statuses = useApp((state) => state.config.settings.statuses);
  const kinds = useApp((state) => state.config.settings.entityKinds);
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });

  useEffect(() => {
    let current = true;
    setLoaded({ kind: 'loading' });
    if (!host.archive) {
      setLoaded({ kind: 'missing' });
      return;
    }
    host.archive.task(taskId).then((found) => {
      if (!current) return;
      if (!found) return setLoaded({ kind: 'missing' });
      const { state, activity } = foldArchivedLog(taskId, found.events, repository.context());
      setLoaded(state ? { kind: 'task', state, activity, closedAt: found.task.closedAt } : { kind: 'missing' });
    }, (error: unknown) => { if (current) setLoaded({ kind: 'error', message: error instanceof Error ? error.message : String(error) }); });
    return () => { current = false; };
  }, [host, repository, taskId]);

  const title = loaded.kind === 'task' ? loaded.state.title : 'Archived task';
  return (
    <aside className="task-panel archived-panel" aria-label="Task details">
      <header className="panel-header">
        <h2>{title} <span className="badge badge-archived">Archived</span></h2>
        <button type="button" className="panel-close" aria-label="Close task details" onClick={() => closeTop()}>×</button>
      </header>
      {loaded.kind === 'loading' && <p className="muted" role="status">Loading from the archive…</p>}
      {loaded.kind === 'missing' && <p role="status">Task {taskId} is not in the live workspace, and the archive {host.archive ? 'does not hold it (or was not reachable and it is not cached here)' : 'cannot be reached from here'}.</p>}
      {loaded.kind === 'error' && <p role="alert">The archive could not be read: {loaded.message}</p>}
      {loaded.kind === 'task' && <>
        <p className="read-only-note">Read-only: this task closed and moved to the archive{loaded.closedAt ? ` (closed ${formatInstant(loaded.closedAt)})` : ''}.</p>
        <dl aria-label="Fields">
          <dt>Status</dt><dd>{statuses.find((s) => s.id === loaded.state.status)?.label ?? loaded.state.status}</dd>
          <dt>Owner</dt><dd>{labels.person(loaded.state.ownerId)}</dd>
          <dt>Priority</dt><dd>{priorityLabel[loaded.state.priority]}</dd>
          {loaded.state.dueAt && <><dt>Due</dt><dd>{formatInstant(loaded.state.dueAt)}</dd></>}
          {loaded.state.tags.length > 0 && <><dt>Tags</dt><dd>{loaded.state.tags.join(', ')}</dd></>}
          {loaded.state.links.length > 0 && <><dt>Links</dt><dd>{loaded.state.links.map((l) => `${entityKindLabel(kinds, l.kind)} ${l.label || l.id}`).join(', ')}</dd></>}
          <dt>Created</dt><dd>{formatStamp(loaded.state.createdAt)} by {labels.person(loaded.state.createdBy)}</dd>
        </dl>
        {loaded.state.description && <p className="description">{loaded.state.description}</p>}
        {loaded.state.comments.length > 0 && (
          <section aria-label="Comments"><h3>Comments</h3>
            <ul>{loaded.state.comments.map((c) => <li key={c.id}><b>{labels.person(c.author)}</b>: {c.body}</li>)}</ul>
          </section>
        )}
        <ActivityStream taskId={taskId} events={loaded.activity} labels={labels} />
      </>}
    </aside>
  );
}
