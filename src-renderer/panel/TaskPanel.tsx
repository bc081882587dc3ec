// The task panel: every field editable, approvals, comments, checklist, links
// and the activity stream. Each edit is one repository command; a refused one
// shows the domain's message. Text from other devices is rendered as text.
import { useEffect, useState } from 'react';
import { isClosedCategory } from '../../src-shared/domain/statuses';
import { useActions, useApp, useServices } from '../app/store-context';
import { SafeLink } from '../chrome/SafeLink';
import { formatStamp } from '../views/format';
import { ActivityStream } from './ActivityStream';
import { SuggestionQueue } from '../../src-shared/doc/suggestion-queue';
import { TaskFields } from './TaskFields';
import { AlsoHere } from './AlsoHere';
import { ArchivedTaskPanel } from '../archive/ArchivedTaskPanel';

export function TaskPanel({ taskId }: { taskId: string }) {
  const { repository } = useServices();
  useApp((state) => state.version); // re-render when the view changes
  const { report, openDialog, closeTop, submit, approve, complete, dismiss } = useActions();
  const task = repository.view.get(taskId);
  const [comment, setComment] = useState('');
  const [item, setItem] = useState('');
  const [link, setLink] = useState({ kind: '', id: '', label: '', url: '' });
  useEffect(() => { setComment(''); setItem(''); }, [taskId]);
  // Task ids are global: one that is not in the live document may be in the archive.
  if (!task) return <ArchivedTaskPanel taskId={taskId} />;
  const closed = isClosedCategory(task.category);
  // A task approved from a suggestion has the suggestion's id: its signal names where it came from.
  const suggestion = task.origin === 'suggestion' ? new SuggestionQueue(repository).get(task.id) : null;
  const signal = suggestion ? { source: suggestion.source, signalKey: suggestion.signalKey } : null;

  return (
    <aside className="task-panel" aria-label="Task details">
      <header>
        <h2>{task.title}</h2>
        <button type="button" aria-label="Close task details" onClick={() => closeTop()}>×</button>
      </header>
      <div className="panel-actions" role="group" aria-label="Actions">
        {!closed && task.category !== 'approval' && <button type="button" onClick={() => submit(task.id)}>Submit for approval</button>}
        {task.category === 'approval' && <>
          <button type="button" onClick={() => approve(task.id)}>Approve</button>
          <button type="button" onClick={() => openDialog({ kind: 'reason', action: 'request-changes', taskId: task.id })}>Request changes</button>
          <button type="button" onClick={() => openDialog({ kind: 'reason', action: 'reject', taskId: task.id })}>Reject</button>
        </>}
        {!closed && <button type="button" onClick={() => complete(task.id)}>Complete</button>}
        {!closed && <button type="button" onClick={() => openDialog({ kind: 'snooze', taskIds: [task.id] })}>Snooze</button>}
        {task.snoozeUntil !== null && <button type="button" onClick={() => report(repository.unsnooze(task.id))}>Unsnooze</button>}
        {!closed && <button type="button" onClick={() => dismiss(task.id)}>Dismiss</button>}
        {closed && <button type="button" onClick={() => report(repository.reopen(task.id))}>Reopen</button>}
        {!closed && <button type="button" onClick={() => openDialog({ kind: 'assign', taskIds: [task.id] })}>Assign…</button>}
      </div>
      {task.approval.decision !== null && (
        <p className="approval-state">Approval: {task.approval.decision.replace(/_/g, ' ')} by {task.approval.decidedBy}
          {task.approval.reason ? ` — ${task.approval.reason}` : ''}</p>
      )}
      {task.handoff && (
        <p className="handoff-state">Handed from {task.handoff.from} to {task.handoff.to}, {formatStamp(task.handoff.at)}
          {task.handoff.note ? `: “${task.handoff.note}”` : ''}{task.handoff.acknowledged ? ' (acknowledged)' : ''}</p>
      )}
      <AlsoHere taskId={task.id} />
      {(task.rationale || task.evidence.length > 0) && (
        <section aria-label="Why this task exists" className="rationale">
          {task.rationale && <p>Why: {task.rationale}</p>}
          {task.evidence.map((href) => <SafeLink key={href} href={href}>{`evidence ${href}`}</SafeLink>)}
          {task.confidenceScore !== null && <span className="badge">{Math.round(task.confidenceScore * 100)}%</span>}
        </section>
      )}
      <TaskFields key={task.id} task={task} />

      <section aria-label="Links">
        <h3>Links</h3>
        <ul>
          {task.links.map((entry) => (
            <li key={`${entry.kind}:${entry.id}`}>
              <SafeLink href={entry.url}>{`${entry.kind} ${entry.label || entry.id}`}</SafeLink>{' '}
              <button type="button" aria-label={`Remove link ${entry.label || entry.id}`}
                onClick={() => report(repository.dispatch(task.id, { type: 'task.link_removed', payload: { kind: entry.kind, id: entry.id } }))}>×</button>
            </li>
          ))}
        </ul>
        <form className="inline" onSubmit={(event) => {
          event.preventDefault();
          if (!link.kind || !link.id) return;
          const payload = { kind: link.kind, id: link.id, label: link.label || link.id, ...(link.url ? { url: link.url } : {}) };
          if (report(repository.dispatch(task.id, { type: 'task.link_added', payload: { link: payload } }))) setLink({ kind: '', id: '', label: '', url: '' });
        }}>
          <input aria-label="Link kind" placeholder="order" value={link.kind} onChange={(e) => setLink({ ...link, kind: e.target.value })} />
          <input aria-label="Link id" placeholder="PO-1" value={link.id} onChange={(e) => setLink({ ...link, id: e.target.value })} />
          <input aria-label="Link label" placeholder="label" value={link.label} onChange={(e) => setLink({ ...link, label: e.target.value })} />
          <input aria-label="Link URL" placeholder="https://…" value={link.url} onChange={(e) => setLink({ ...link, url: e.target.value })} />
          <button type="submit">Add link</button>
        </form>
      </section>

      <section aria-label="Checklist">
        <h3>Checklist</h3>
        <ul>
          {task.checklist.map((entry) => (
            <li key={entry.id}>
              <label><input type="checkbox" checked={entry.done}
                onChange={(event) => report(repository.dispatch(task.id, { type: 'task.checklist_toggled', payload: { itemId: entry.id, done: event.target.checked } }))} />
                {entry.text}</label>
              <button type="button" aria-label={`Remove ${entry.text}`}
                onClick={() => report(repository.dispatch(task.id, { type: 'task.checklist_removed', payload: { itemId: entry.id } }))}>×</button>
            </li>
          ))}
        </ul>
        <form className="inline" onSubmit={(event) => {
          event.preventDefault();
          if (item.trim() && report(repository.addChecklistItem(task.id, item.trim()))) setItem('');
        }}>
          <input aria-label="New checklist item" value={item} onChange={(e) => setItem(e.target.value)} />
          <button type="submit">Add item</button>
        </form>
      </section>

      <section aria-label="Comments">
        <h3>Comments</h3>
        <ul className="comments">
          {task.comments.map((entry) => (
            <li key={entry.id}><span className="who">{entry.author}</span> <time>{formatStamp(entry.at)}</time>
              <p className="comment-body">{entry.body}</p></li>
          ))}
        </ul>
        <form onSubmit={(event) => {
          event.preventDefault();
          if (comment.trim() && report(repository.comment(task.id, comment.trim()))) setComment('');
        }}>
          <textarea aria-label="Comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="submit">Comment</button>
        </form>
      </section>

      <ActivityStream events={repository.view.events(task.id)} signal={signal} />
    </aside>
  );
}
