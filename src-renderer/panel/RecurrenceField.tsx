// Setting and clearing a repeat rule (recurrence.ts), in the task panel and in the template
// editor. The controls offer the rules Handoff schedules (every day, every weekday, weekly on
// days, monthly on a day of the month) at a time of day in a time zone; src-shared builds the
// RRULE, checks it and describes it. Another rule (written by an integration) is shown as text.
import { useEffect, useId, useState } from 'react';
import {
  checkRecurrence, describeRecurrence, repeatChoiceOf, rruleFor, WEEKDAY_CODES,
  type Recurrence, type RepeatKind, type WeekdayCode,
} from '../../src-shared/domain/recurrence';
import type { Result } from '../../src-shared/domain/types';
import { useServices } from '../app/store-context';

const DAY_NAMES: Record<WeekdayCode, string> = {
  MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday',
};
const CHOICES: { value: RepeatKind | ''; label: string }[] = [
  { value: '', label: 'Does not repeat' },
  { value: 'daily', label: 'Every day' },
  { value: 'weekdays', label: 'Every weekday' },
  { value: 'weekly', label: 'Weekly on…' },
  { value: 'monthly', label: 'Monthly on day…' },
];

export const readerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

interface Draft {
  kind: RepeatKind | '';
  days: WeekdayCode[];
  monthDay: string;
  time: string;
  timeZone: string;
}

function draftOf(value: Recurrence | null | undefined): Draft {
  const choice = value ? repeatChoiceOf(value.rrule) : null;
  return {
    kind: choice?.kind ?? '',
    days: choice && choice.days.length > 0 ? choice.days : ['MO'],
    monthDay: String(choice?.monthDay ?? 1),
    time: value?.time ?? '08:00',
    timeZone: value?.timeZone ?? readerZone(),
  };
}

/** The rule the draft means, set now (only later occurrences follow it), or why it is not one. */
function recurrenceOf(draft: Draft, now: number): Result<Recurrence> {
  if (draft.kind === '') return { ok: false, error: { code: 'invalid_payload', message: 'Choose how the task repeats.' } };
  const recurrence: Recurrence = {
    rrule: rruleFor(draft.kind, { days: draft.days, monthDay: Number(draft.monthDay) }),
    timeZone: draft.timeZone.trim(),
    time: draft.time,
    since: new Date(now).toISOString(),
  };
  const error = checkRecurrence(recurrence);
  return error ? { ok: false, error: { code: 'invalid_payload', message: error } } : { ok: true, value: recurrence };
}

/**
 * The repeat controls. `apply` receives the new rule (or null to stop repeating) and returns the
 * command's result; its error is shown beside the controls.
 */
export function RecurrenceEditor({ value, apply, pending = false, readOnly = false }: {
  value: Recurrence | null | undefined;
  apply(next: Recurrence | null): Result<unknown>;
  /** The template editor: the rule is saved with the template, say so. */
  pending?: boolean;
  /** A closed task: the rule reads as text, with nothing to change. */
  readOnly?: boolean;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(value));
  // A set rule reads as one line with Change… and Stop repeating; the controls open on Change… (or
  // as soon as a task with no rule is given a kind), so a repeating task is not a standing form.
  const [changing, setChanging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = useId();
  const key = value ? `${value.rrule}|${value.time}|${value.timeZone}` : '';
  useEffect(() => { setDraft(draftOf(value)); setChanging(false); }, [key]);
  const run = (next: Result<Recurrence | null>) => {
    const result = next.ok ? apply(next.value) : next;
    setError(result.ok ? null : result.error.message);
    if (result.ok) setChanging(false);
  };
  const cancel = () => { setDraft(draftOf(value)); setChanging(false); setError(null); };
  const custom = value && !repeatChoiceOf(value.rrule);
  const editing = !readOnly && (changing || (!value && draft.kind !== ''));
  return (
    <fieldset className="recurrence-field" aria-label="Repeat">
      <legend>Repeat</legend>
      {/* The rule in words when there is one, or when nothing can be changed; an editable task with
          no rule says so once, in the picker. */}
      {(value || readOnly) && <p className="muted" id={`${ids}-now`}>
        {value ? `${pending ? 'Will repeat' : 'Repeats'}: ${describeRecurrence(value, readerZone())}` : 'Does not repeat.'}
        {custom ? ` (${value.rrule})` : ''}
      </p>}
      {!readOnly && (!value || editing) && <label className="repeat-kind"><span className="repeat-kind-caption">Repeats</span>
        <select value={draft.kind} onChange={(event) => setDraft({ ...draft, kind: event.target.value as Draft['kind'] })}>
          {CHOICES.map((choice) => <option key={choice.value} value={choice.value}>{choice.label}</option>)}
        </select>
      </label>}
      {editing && draft.kind === 'weekly' && (
        <div role="group" aria-label="On days" className="recurrence-days">
          {WEEKDAY_CODES.map((day) => (
            <label key={day}>
              <input type="checkbox" checked={draft.days.includes(day)} onChange={(event) => setDraft({
                ...draft, days: event.target.checked ? [...draft.days, day] : draft.days.filter((d) => d !== day),
              })} />{DAY_NAMES[day]}
            </label>
          ))}
        </div>
      )}
      {editing && draft.kind === 'monthly' && (
        <label>Day of the month<input type="number" min={1} max={31} value={draft.monthDay}
          onChange={(event) => setDraft({ ...draft, monthDay: event.target.value })} /></label>
      )}
      {editing && draft.kind !== '' && <>
        <label>At<input type="time" value={draft.time} onChange={(event) => setDraft({ ...draft, time: event.target.value })} /></label>
        <label>Time zone<input value={draft.timeZone} onChange={(event) => setDraft({ ...draft, timeZone: event.target.value })} /></label>
      </>}
      {!readOnly && (editing || value) && (
        <div className="actions">
          {editing && draft.kind !== '' && <button type="button" onClick={() => run(recurrenceOf(draft, Date.now()))}>Set repeat</button>}
          {editing && draft.kind === '' && value && <button type="button" onClick={() => run({ ok: true, value: null })}>Stop repeating</button>}
          {editing && <button type="button" onClick={cancel}>Cancel</button>}
          {!editing && value && <button type="button" onClick={() => setChanging(true)}>Change…</button>}
          {!editing && value && <button type="button" onClick={() => run({ ok: true, value: null })}>Stop repeating</button>}
        </div>
      )}
      {error !== null && <p role="alert" className="error">{error}</p>}
    </fieldset>
  );
}

/** The panel's section: one command, `task.edited { recurrence }`. */
export function RecurrenceField({ taskId, readOnly = false }: { taskId: string; readOnly?: boolean }) {
  const { repository } = useServices();
  const task = repository.view.get(taskId);
  if (!task) return null;
  return (
    <div className="panel-recurrence">
      <RecurrenceEditor value={task.recurrence} readOnly={readOnly} apply={(recurrence) => repository.edit(taskId, { recurrence })} />
    </div>
  );
}
