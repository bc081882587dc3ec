// Task types, queues and shift ends: lists of short names, edited in place (queues
// and the time zone in WorkspaceSections.tsx).
import { addName, addShiftEnd } from '../../../src-shared/domain/config-edit';
import { setListLabel } from '../../../src-shared/domain/list-labels';
import { useState } from 'react';
import { useApp, useServices } from '../../app/store-context';
import { EditableList, Section, useApply } from './common';
import { QueuesSection, TimeZoneAndRetention } from './WorkspaceSections';
import { useLabels } from '../use-labels';

export function TypesAndQueuesSection() {
  const { repository } = useServices();
  const settings = useApp((state) => state.config.settings);
  const labels = useLabels();
  return (
    <Section title="Task types and queues">
      <h3>Task types</h3>
      <EditableList name="Task types" items={settings.taskTypes} show={labels.list} inputLabel="New task type"
        add={(list, text) => addName(list, text, 'task type')} save={(taskTypes) => repository.updateSettings({ taskTypes })} />
      <QueuesSection />
      <ListLabels ids={[...new Set([...settings.taskTypes, ...settings.queues])]} />
    </Section>
  );
}

/** What people read for each type and queue (settings.listLabels); emptied, a label goes back to its default. */
function ListLabels({ ids }: { ids: readonly string[] }) {
  const { repository } = useServices();
  const labels = useLabels();
  const { apply, error } = useApply();
  return (
    <>
      <h3>Labels</h3>
      <p className="muted">What the views show for each task type and queue.</p>
      <ul aria-label="Labels" className="settings-list list-labels">
        {ids.map((id) => (
          <li key={`${id}:${labels.list(id)}`}>
            <LabelInput id={id} shown={labels.list(id)} onSave={(text) => {
              const next = setListLabel(repository.settings().listLabels, id, text);
              apply(next.ok ? repository.updateSettings({ listLabels: next.value }) : next);
            }} />
          </li>
        ))}
      </ul>
      {error}
    </>
  );
}

function LabelInput({ id, shown, onSave }: { id: string; shown: string; onSave(text: string): void }) {
  const [text, setText] = useState(shown);
  const commit = () => { if (text.trim() !== shown) onSave(text); };
  return (
    <label className="inline-label">Label for {id}
      <input value={text} onChange={(event) => setText(event.target.value)} onBlur={commit}
        onKeyDown={(event) => { if (event.key === 'Enter') commit(); }} />
    </label>
  );
}

export function ShiftEndsSection() {
  const { repository } = useServices();
  const shiftEnds = useApp((state) => state.config.settings.shiftEnds);
  return (
    <Section title="Shift ends">
      <p className="muted">Times at which a shift ends, in the workspace&apos;s time zone; “Snooze: end of shift” and the Handoff view use the next one.</p>
      <EditableList name="Shift ends" items={shiftEnds} inputLabel="New shift end (HH:MM)" placeholder="18:00"
        add={addShiftEnd} save={(list) => repository.updateSettings({ shiftEnds: list })} />
      <TimeZoneAndRetention />
    </Section>
  );
}
