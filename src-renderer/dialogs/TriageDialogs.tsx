// Triage dialogs: the command palette (Ctrl/Cmd+K), the status picker (`m`), the
// outcome picker (Shift+D) and a free-text dismissal reason ("Other…").
// The palette lists the key map itself (keyboard/keymap.ts), so it never offers
// an action the keys do not have, and runs it through the same runAction.
import { pickableStatuses } from '../../src-shared/domain/statuses';
import { useId, useState, type KeyboardEvent } from 'react';
import { useActions, useApp, useServices } from '../app/store-context';
import { runAction } from '../app/use-keyboard';
import { paletteMatches } from '../keyboard/keymap';
import { OUTCOMES, type Outcome } from '../../src-shared/domain/triage';
import { Dialog, useTaskSubject } from './Dialog';
import { moveFocusWithArrows, ReasonForm } from './SmallDialogs';

export function CommandPalette() {
  const services = useServices();
  const { closeDialog } = useActions();
  const [text, setText] = useState('');
  const [at, setAt] = useState(0);
  const listId = useId();
  const matches = paletteMatches(text);
  const current = Math.min(at, matches.length - 1);
  const run = (index: number) => {
    const binding = matches[index];
    if (!binding) return;
    closeDialog();
    // On the current view's highlighted task (or the batch), as its key would.
    runAction(binding.action, services);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (step !== undefined) {
      event.preventDefault();
      setAt(Math.max(0, Math.min(matches.length - 1, current + step)));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(current);
    }
  };
  const optionId = (index: number) => `${listId}-${index}`;
  return (
    <Dialog title="Command palette" onClose={closeDialog} className="palette">
      <input role="combobox" aria-label="Command" placeholder="Type an action or a view" aria-expanded="true" aria-controls={listId} autoFocus
        aria-activedescendant={current >= 0 ? optionId(current) : undefined} aria-autocomplete="list"
        value={text} onChange={(event) => { setText(event.target.value); setAt(0); }} onKeyDown={onKeyDown} />
      <ul role="listbox" id={listId} aria-label="Commands">
        {matches.map((binding, index) => (
          <li key={binding.action} id={optionId(index)} role="option" aria-selected={index === current}
            onMouseDown={(event) => event.preventDefault()} onClick={() => run(index)}>
            <span>{binding.name}</span> <kbd>{binding.label}</kbd>
          </li>
        ))}
      </ul>
      {matches.length === 0 && <p className="empty">No command matches “{text}”.</p>}
    </Dialog>
  );
}

const count = (taskIds: readonly string[]) => (taskIds.length === 1 ? '' : ` (${taskIds.length} tasks)`);

export function StatusPicker({ taskIds }: { taskIds: string[] }) {
  const { repository } = useServices();
  const { setStatus, closeDialog } = useActions();
  // From the store's config: it follows a status renamed on another replica.
  const statuses = useApp((state) => state.config.settings.statuses);
  const only = taskIds.length === 1 ? repository.view.get(taskIds[0] as string) : undefined;
  return (
    <Dialog title={`Set status${count(taskIds)}`} subject={only?.title} onClose={closeDialog}>
      <div className="choices" role="group" aria-label="Statuses" onKeyDown={moveFocusWithArrows}>
        {pickableStatuses(statuses, only?.status).map((status, index) => (
          <button key={status.id} type="button" autoFocus={only ? only.status === status.id : index === 0}
            aria-current={only?.status === status.id ? 'true' : undefined} onClick={() => setStatus(taskIds, status.id)}>
            {status.label}
          </button>
        ))}
      </div>
    </Dialog>
  );
}

const OUTCOME_LABELS: Record<Outcome, string> = { passed: 'Passed', failed: 'Failed', skipped: 'Skipped', completed: 'Completed' };

export function OutcomePicker({ taskIds }: { taskIds: string[] }) {
  const { completeMany, closeDialog } = useActions();
  return (
    <Dialog title={`Complete with outcome${count(taskIds)}`} subject={useTaskSubject(taskIds)} onClose={closeDialog}>
      <div className="choices" role="group" aria-label="Outcomes" onKeyDown={moveFocusWithArrows}>
        {OUTCOMES.map((outcome, index) => (
          <button key={outcome} type="button" autoFocus={index === 0} onClick={() => completeMany(taskIds, outcome)}>
            {OUTCOME_LABELS[outcome]}
          </button>
        ))}
      </div>
    </Dialog>
  );
}

export function DismissReasonDialog({ taskId }: { taskId: string }) {
  const { dismissWithReason } = useActions();
  return <ReasonForm title="Dismissal reason" subject={useTaskSubject([taskId])} submitLabel="Dismiss" onSubmit={(reason) => dismissWithReason(taskId, reason)} />;
}
