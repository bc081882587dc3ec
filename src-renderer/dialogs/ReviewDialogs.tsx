// The Review queue's dialogs: a suggestion with its rationale and evidence
// (Enter), edit before approve (e), reject or dismiss with a reason (x), and the
// confirm step before a batch approve or dismiss. Decisions go through the store's
// review actions (SuggestionQueue's checked commands).
import { useState, type FormEvent } from 'react';
import { SuggestionQueue } from '../../src-shared/doc/suggestion-queue';
import { suggestedAt } from '../../src-shared/domain/review-filter';
import { PRIORITIES, type Priority } from '../../src-shared/domain/types';
import { useActions, useApp, useServices } from '../app/store-context';
import { SafeLink } from '../chrome/SafeLink';
import { useLabels } from '../views/use-labels';
import type { ReviewDialog } from '../store/review-actions';
import { formatInstant, priorityLabel } from '../views/format';
import { entityLabel } from '../views/ReviewView';
import { Dialog } from './Dialog';
import { resolvePersonField, usePeople, usePersonCombobox } from './PersonCombobox';

export function ReviewDialogs({ dialog }: { dialog: ReviewDialog }) {
  switch (dialog.kind) {
    case 'suggestion': return <SuggestionDetails suggestionId={dialog.suggestionId} />;
    case 'suggestion-edit': return <EditAndApprove suggestionId={dialog.suggestionId} />;
    case 'suggestion-approve': return <ConfirmBatchApprove suggestionIds={dialog.suggestionIds} />;
    case 'suggestion-reject': return <RejectSuggestions suggestionIds={dialog.suggestionIds} />;
  }
}

function useSuggestion(id: string) {
  const { repository } = useServices();
  return new SuggestionQueue(repository).get(id);
}

function SuggestionDetails({ suggestionId }: { suggestionId: string }) {
  const suggestion = useSuggestion(suggestionId);
  const { closeDialog, approveSuggestions, openDialog, muteSuggestionSource } = useActions();
  const labels = useLabels();
  if (!suggestion) return null;
  return (
    <Dialog title={suggestion.title} onClose={closeDialog} className="suggestion-details">
      <dl>
        <dt>Why</dt><dd>{suggestion.rationale}</dd>
        <dt>Evidence</dt>
        <dd>{suggestion.evidence.length === 0 ? 'None given' : suggestion.evidence.map((href) => <SafeLink key={href} href={href}>{href}</SafeLink>)}</dd>
        <dt>Confidence</dt><dd>{Math.round(suggestion.confidence * 100)}%</dd>
        <dt>Source</dt><dd>{suggestion.source}, {formatInstant(new Date(suggestedAt(suggestion)).toISOString())}</dd>
        <dt>Type</dt><dd>{labels.list(suggestion.type)}</dd>
        {suggestion.link && <><dt>About</dt><dd>{entityLabel(suggestion.link)}</dd></>}
      </dl>
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={() => approveSuggestions([suggestionId])}>Approve <kbd>a</kbd></button>
        <button type="button" onClick={() => openDialog({ kind: 'suggestion-edit', suggestionId })}>Edit and approve <kbd>e</kbd></button>
        <button type="button" onClick={() => openDialog({ kind: 'suggestion-reject', suggestionIds: [suggestionId] })}>Reject… <kbd>x</kbd></button>
        <button type="button" onClick={() => { muteSuggestionSource(suggestionId); closeDialog(); }}>Mute {suggestion.source} <kbd>m</kbd></button>
        <button type="button" onClick={closeDialog}>Close</button>
      </div>
    </Dialog>
  );
}

/** A datetime-local value (the operator's zone) as an ISO instant. */
const fromLocalInput = (value: string) => (value === '' ? null : new Date(value).toISOString());

function EditAndApprove({ suggestionId }: { suggestionId: string }) {
  const suggestion = useSuggestion(suggestionId);
  const { closeDialog, approveSuggestions } = useActions();
  const types = useApp((state) => state.config.settings.taskTypes);
  const people = usePeople();
  const labels = useLabels();
  const [title, setTitle] = useState(suggestion?.title ?? '');
  const [due, setDue] = useState('');
  const [priority, setPriority] = useState<Priority>(suggestion?.priority ?? 'normal');
  const [type, setType] = useState(suggestion?.type ?? '');
  const [error, setError] = useState<string | null>(null);
  const owner = usePersonCombobox({ label: 'Owner', people, initial: suggestion?.ownerId ? labels.person(suggestion.ownerId) : '' });
  if (!suggestion) return null;
  const typeChoices = [...new Set([suggestion.type, ...types])];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = resolvePersonField(owner, 'Owner');
    if (!chosen.ok) return setError(chosen.error);
    // Only the fields the form shows; the suggestion keeps the rest (rationale, evidence, link).
    approveSuggestions([suggestionId], { title: title.trim(), ownerId: chosen.userId, dueAt: fromLocalInput(due), priority, type });
  };
  return (
    <Dialog title="Edit and approve" onClose={closeDialog}>
      <form onSubmit={submit}>
        <label>Title<input autoFocus required value={title} onChange={(event) => setTitle(event.target.value)} /></label>
        <div className="field">Owner{owner.element}</div>
        <label>Due<input type="datetime-local" value={due} onChange={(event) => setDue(event.target.value)} /></label>
        <label>Priority
          <select value={priority} onChange={(event) => setPriority(event.target.value as Priority)}>
            {PRIORITIES.map((value) => <option key={value} value={value}>{priorityLabel[value]}</option>)}
          </select>
        </label>
        <label>Type
          <select value={type} onChange={(event) => setType(event.target.value)}>
            {typeChoices.map((value) => <option key={value} value={value}>{labels.list(value)}</option>)}
          </select>
        </label>
        {error !== null && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="submit" className="primary" disabled={title.trim() === ''}>Approve</button>
          <button type="button" onClick={closeDialog}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

const count = (ids: readonly string[]) => `${ids.length} suggestion${ids.length === 1 ? '' : 's'}`;

function ConfirmBatchApprove({ suggestionIds }: { suggestionIds: string[] }) {
  const { closeDialog, approveSuggestions } = useActions();
  return (
    <Dialog title={`Approve ${count(suggestionIds)}?`} onClose={closeDialog}>
      <p>Each becomes a task on the board, as suggested.</p>
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={() => approveSuggestions(suggestionIds)}>Approve {suggestionIds.length}</button>
        <button type="button" onClick={closeDialog}>Cancel</button>
      </div>
    </Dialog>
  );
}

const QUICK_REASONS = ['Duplicate', 'Not needed', 'Handled elsewhere'];

function RejectSuggestions({ suggestionIds }: { suggestionIds: string[] }) {
  const { closeDialog, rejectSuggestions } = useActions();
  const only = useSuggestion(suggestionIds[0] ?? '');
  const [reason, setReason] = useState('');
  const single = suggestionIds.length === 1;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() !== '') rejectSuggestions(suggestionIds, reason.trim());
  };
  return (
    <Dialog title={single ? `Reject “${only?.title ?? ''}”` : `Dismiss ${count(suggestionIds)}?`} onClose={closeDialog}>
      <form onSubmit={submit}>
        <div className="choices" role="group" aria-label="Quick reasons">
          {QUICK_REASONS.map((quick) => <button key={quick} type="button" onClick={() => rejectSuggestions(suggestionIds, quick)}>{quick}</button>)}
        </div>
        <label>Reason<input autoFocus required value={reason} onChange={(event) => setReason(event.target.value)} /></label>
        <div className="actions">
          <button type="submit" className="primary" disabled={reason.trim() === ''}>{single ? 'Reject' : `Dismiss ${suggestionIds.length}`}</button>
          <button type="button" onClick={closeDialog}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
