import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useActions, useApp } from '../app/store-context';
import { KEY_BINDINGS } from '../keyboard/keymap';
import { snoozeOptions } from '../../src-shared/domain/snooze';
import { formatInstant } from '../views/format';
import { Dialog, useTaskSubject } from './Dialog';
import { resolvePersonField, usePeople, usePersonCombobox } from './PersonCombobox';

/** Up/Down (and Home/End) move the focus through a column of buttons. */
export function moveFocusWithArrows(event: KeyboardEvent<HTMLElement>) {
  const buttons = [...event.currentTarget.querySelectorAll('button')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  buttons[Math.max(0, Math.min(buttons.length - 1, next))]?.focus();
}

export function SnoozeDialog({ taskIds, shiftEnds, timeZone = null }: { taskIds: string[]; shiftEnds: readonly string[]; timeZone?: string | null }) {
  const { snooze, closeDialog } = useActions();
  // Shift ends are in the workspace's zone (settings); the times shown are the operator's.
  const options = snoozeOptions(Date.now(), shiftEnds, timeZone);
  return (
    <Dialog title={taskIds.length === 1 ? 'Snooze until' : `Snooze ${taskIds.length} tasks until`} subject={useTaskSubject(taskIds)} onClose={closeDialog}>
      <div className="choices" role="group" aria-label="Snooze choices" onKeyDown={moveFocusWithArrows}>
        {options.map((option, index) => (
          <button key={option.id} type="button" autoFocus={index === 0} onClick={() => snooze(taskIds, new Date(option.until))}>
            {option.label} <small>{formatInstant(option.until)}</small>
          </button>
        ))}
      </div>
    </Dialog>
  );
}

export function HelpDialog() {
  const closeDialog = useApp((state) => state.closeDialog);
  // Focus the Close button without scrolling the sheet to it (it opened at the bottom).
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus({ preventScroll: true }), []);
  return (
    <Dialog title="Keyboard shortcuts" onClose={closeDialog} className="help">
      <table>
        <tbody>
          {KEY_BINDINGS.map((binding) => (
            <tr key={binding.action}><th scope="row"><kbd>{binding.label}</kbd></th><td>{binding.description}</td></tr>
          ))}
        </tbody>
      </table>
      <p>Shortcuts never fire while you type in a field. <button ref={close} type="button" onClick={closeDialog}>Close</button></p>
    </Dialog>
  );
}

export function ConfirmBatchClose({ taskIds }: { taskIds: string[] }) {
  const { closeBatch, closeDialog } = useActions();
  return (
    <Dialog title={`Close ${taskIds.length} task${taskIds.length === 1 ? '' : 's'}?`} subject={useTaskSubject(taskIds)} onClose={closeDialog}>
      <p>{taskIds.length === 1 ? 'It' : 'They'} will be marked completed. You can reopen {taskIds.length === 1 ? 'it' : 'them'} later.</p>
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={() => closeBatch(taskIds)}>Close {taskIds.length}</button>
        <button type="button" onClick={closeDialog}>Cancel</button>
      </div>
    </Dialog>
  );
}

export function ReasonDialog({ action, taskId }: { action: 'reject' | 'request-changes'; taskId: string }) {
  const { reject, requestChanges } = useActions();
  return (
    <ReasonForm title={action === 'reject' ? 'Reject' : 'Request changes'} subject={useTaskSubject([taskId])} submitLabel={action === 'reject' ? 'Reject' : 'Send back'}
      onSubmit={(reason) => (action === 'reject' ? reject(taskId, reason) : requestChanges(taskId, reason))} />
  );
}

/** A dialog that asks for a one-line reason (reject, request changes, dismiss with another reason). */
export function ReasonForm({ title, subject, submitLabel, onSubmit }: {
  title: string; subject?: string; submitLabel: string; onSubmit(reason: string): void;
}) {
  const { closeDialog } = useActions();
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() !== '') onSubmit(reason.trim());
  };
  return (
    <Dialog title={title} subject={subject} onClose={closeDialog}>
      <form onSubmit={submit}>
        <label>Reason<input autoFocus required value={reason} onChange={(event) => setReason(event.target.value)} /></label>
        <div className="actions">
          <button type="submit" className="primary" disabled={reason.trim() === ''}>{submitLabel}</button>
          <button type="button" onClick={closeDialog}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

export function HandoffDialog({ taskIds }: { taskIds: string[] }) {
  const { handOff, closeDialog } = useActions();
  const to = usePersonCombobox({ label: 'To', people: usePeople({ excludeMe: true }), autoFocus: true });
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = resolvePersonField(to, 'To');
    if (!chosen.ok) return setError(chosen.error);
    if (chosen.userId !== null) handOff(taskIds, chosen.userId, note.trim());
  };
  return (
    <Dialog title={`Hand off ${taskIds.length} task${taskIds.length === 1 ? '' : 's'}`} onClose={closeDialog}>
      <form onSubmit={submit}>
        <div className="field">To{to.element}</div>
        {error !== null && <p role="alert" className="error">{error}</p>}
        <label>Note<textarea value={note} onChange={(event) => setNote(event.target.value)} rows={3} /></label>
        <div className="actions">
          <button type="submit" className="primary" disabled={to.text.trim() === '' || taskIds.length === 0}>Hand off</button>
          <button type="button" onClick={closeDialog}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
