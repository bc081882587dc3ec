// A task that left the live document, read-only: its fields and its activity stream from the
// archived log, folded here with the same reducer as every live task (the relay's folded state is
// not taken on trust). Fetched from the host's archive, which falls back to this device's cache.
// Reopen is the one command it offers, to whoever the rules let reopen: the event is made and
// checked like a live reopen (repository.prepareArchived) and posted to the relay's archive, which
// checks it again and brings the task back into the live document with its whole log; the panel
// then shows the live task (it arrives over sync).
import { useEffect, useState } from 'react';
import { foldArchivedLog } from '../../src-shared/domain/archived-task';
import type { FoldedEvent, TaskEvent } from '../../src-shared/domain/events';
import type { TaskState } from '../../src-shared/domain/types';
import { useActions, useApp, useServices } from '../app/store-context';
import { ActivityStream } from '../panel/ActivityStream';
import { formatInstant, formatStamp, priorityLabel } from '../views/format';
import { entityKindLabel } from '../model/entity-kinds';
import { useLabels } from '../views/use-labels';
import './archive.css';

type Loaded = { kind: 'loading' } | { kind: 'missing' } | { kind: 'error'; message: string }
  | { kind: 'task'; state: TaskState; activity: FoldedEvent[]; closedAt: string; log: TaskEvent[]; canReopen: boolean };

type Reopening = { kind: 'idle' } | { kind: 'sending' } | { kind: 'reopened' } | { kind: 'refused'; message: string };

const REOPEN = { type: 'task.reopened', payload: {} } as const;

export function ArchivedTaskPanel({ taskId }: { taskId: string }) {
  const { host, repository } = useServices();
  const { closeTop } = useActions();
  const labels = useLabels();
  const statuses = useApp((state) => state.config.settings.statuses);
  const kinds = useApp((state) => state.config.settings.entityKinds);
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [reopening, setReopening] = useState<Reopening>({ kind: 'idle' });

  useEffect(() => {
    let current = true;
    setLoaded({ kind: 'loading' });
    setReopening({ kind: 'idle' });
    if (!host.archive) {
      setLoaded({ kind: 'missing' });
      return;
    }
    host.archive.task(taskId).then((found) => {
      if (!current) return;
      if (!found) return setLoaded({ kind: 'missing' });
      const { state, activity } = foldArchivedLog(taskId, found.events, repository.context());
      const log = found.events as unknown as TaskEvent[];
      // The button shows only to whoever the rules let reopen (the relay checks again).
      const canReopen = state !== null && repository.prepareArchived(taskId, log, REOPEN).ok;
      setLoaded(state ? { kind: 'task', state, activity, closedAt: found.task.closedAt, log, canReopen } : { kind: 'missing' });
    }, (error: unknown) => { if (current) setLoaded({ kind: 'error', message: error instanceof Error ? error.message : String(error) }); });
    return () => { current = false; };
  }, [host, repository, taskId]);

  const reopen = (log: TaskEvent[]) => {
    const archive = host.archive;
    const prepared = repository.prepareArchived(taskId, log, REOPEN);
    if (!archive || !prepared.ok) {
      setReopening({ kind: 'refused', message: prepared.ok ? 'the archive cannot be reached from here' : prepared.error.message });
      return;
    }
    setReopening({ kind: 'sending' });
    archive.post(taskId, [prepared.value as unknown as Record<string, unknown>]).then((answer) => {
      const refusal = answer.refused[0];
      if (refusal) setReopening({ kind: 'refused', message: refusal.reason });
      else setReopening(answer.restored ? { kind: 'reopened' } : { kind: 'refused', message: 'the relay kept the task in the archive' });
    }, (error: unknown) => setReopening({ kind: 'refused', message: error instanceof Error ? error.message : String(error) }));
  };

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
        {loaded.canReopen && reopening.kind !== 'reopened' && (
          <div className="actions">
            <button type="button" className="primary" disabled={reopening.kind === 'sending'} onClick={() => reopen(loaded.log)}>Reopen</button>
          </div>
        )}
        {reopening.kind === 'sending' && <p className="muted" role="status">Reopening…</p>}
        {reopening.kind === 'reopened' && <p role="status">Reopened: the task is back in the live list.</p>}
        {reopening.kind === 'refused' && <p role="alert">Could not reopen: {reopening.message}</p>}
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
