// The task panel, read like a document: title and description first, then
// subtasks, checklist, comments and the activity; the properties sit as compact
// chips in a side column. A closed task reads as read-only (it accepts only
// comments and reopening). Each edit is one repository command; a refused one
// shows the domain's message. Text from other devices is rendered as text.
// Sections are components so others (recurrence, archived tasks) slot in.
import { isClosedCategory } from '../../src-shared/domain/statuses';
import { SuggestionQueue } from '../../src-shared/doc/suggestion-queue';
import { useActions, useApp, useServices } from '../app/store-context';
import { SafeLink } from '../chrome/SafeLink';
import { formatStamp, outcomeLabel } from '../views/format';
import { useLabels } from '../views/use-labels';
import { ActivityStream } from './ActivityStream';
import { AlsoHere } from './AlsoHere';
import { Checklist } from './Checklist';
import { Comments } from './Comments';
import { Subtasks } from './Subtasks';
import { TaskActions } from './TaskActions';
import { TaskProperties } from './TaskProperties';
import { TextField } from './TextField';
import './panel.css';
import { RecurrenceField } from './RecurrenceField';
import { ArchivedTaskPanel } from '../archive/ArchivedTaskPanel';

export function TaskPanel({ taskId }: { taskId: string }) {
  const { repository } = useServices();
  useApp((state) => state.version); // re-render when the view changes
  const { report, closeTop } = useActions();
  const labels = useLabels();
  const task = repository.view.get(taskId);
  // Task ids are global: one that is not in the live document may be in the archive.
  if (!task) return <ArchivedTaskPanel taskId={taskId} />;
  const closed = isClosedCategory(task.category);
  // A task approved from a suggestion has the suggestion's id: its signal names where it came from.
  const suggestion = task.origin === 'suggestion' ? new SuggestionQueue(repository).get(task.id) : null;
  const signal = suggestion ? { source: suggestion.source, signalKey: suggestion.signalKey } : null;
  const outcome = outcomeLabel(task);

  return (
    <aside className={`task-panel${closed ? ' read-only' : ''}`} aria-label="Task details">
      <header className="panel-header">
        <h2 className="visually-hidden">{task.title}</h2>
        <TaskActions task={task} />
        <button type="button" className="panel-close" aria-label="Close task details" onClick={() => closeTop()}>×</button>
      </header>
      {closed && (
        <p className="closed-note" role="note">
          {labels.status(task.status)}{outcome ? ` (${outcome})` : ''}{task.dismissalReason ? `: ${task.dismissalReason}` : ''} — read-only. Reopen it to change it; comments stay open.
        </p>
      )}
      <div className="panel-body">
        <div className="panel-doc">
          <fieldset disabled={closed} className="doc-fields">
            <legend className="visually-hidden">Title and description</legend>
            <TextField key={`title-${task.id}`} className="title-field" hideLabel wrap label="Title" value={task.title}
              onCommit={(title) => report(repository.edit(task.id, { title }))} />
            {/* A closed task with no description has nothing to read there. */}
            {!(closed && task.description === '') && <TextField key={`description-${task.id}`} className="description-field" hideLabel multiline label="Description" value={task.description}
              placeholder="Add a description…" onCommit={(description) => report(repository.edit(task.id, { description }))} />}
          </fieldset>
          {task.approval.decision !== null && (
            <p className="approval-state">Approval: {task.approval.decision.replace(/_/g, ' ')} by {labels.person(task.approval.decidedBy)}
              {task.approval.reason ? ` — ${task.approval.reason}` : ''}</p>
          )}
          {task.handoff && (
            <p className="handoff-state">Handed from {labels.person(task.handoff.from)} to {labels.person(task.handoff.to)}, {formatStamp(task.handoff.at)}
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
          <Subtasks task={task} labels={labels} readOnly={closed} />
          <Checklist task={task} readOnly={closed} />
          <Comments task={task} labels={labels} />
          <ActivityStream taskId={task.id} events={repository.view.events(task.id)} labels={labels} signal={signal} />
        </div>
        <TaskProperties key={task.id} task={task} labels={labels} readOnly={closed}>
          {/* Further property sections slot in here. */}
          <RecurrenceField taskId={task.id} readOnly={closed} />
        </TaskProperties>
      </div>
    </aside>
  );
}
