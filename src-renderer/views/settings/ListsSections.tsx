// Task types, queues and shift ends: lists of short names, edited in place (queues
// and the time zone in WorkspaceSections.tsx).
import { addName, addShiftEnd } from '../../../src-shared/domain/config-edit';
import { useApp, useServices } from '../../app/store-context';
import { EditableList, Section } from './common';
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
    </Section>
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
