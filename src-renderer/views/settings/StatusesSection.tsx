// Statuses: label and category, add (id from the label), rename, order, retire.
// A status open tasks still use cannot be retired; the sentence says how many.
import { useState } from 'react';
import { addStatus, moveStatus, removeStatus, renameStatus, slugify, statusUsage } from '../../../src-shared/domain/config-edit';
import { STATUS_CATEGORIES, type StatusCategory, type StatusDefinition } from '../../../src-shared/domain/types';
import { plural } from '../../../src-shared/util/text';
import { useApp, useServices } from '../../app/store-context';
import { Section, useApply } from './common';

function StatusRow({ status, index, count, usage, save }: {
  status: StatusDefinition; index: number; count: number; usage: number;
  save(next: (statuses: readonly StatusDefinition[]) => ReturnType<typeof renameStatus>): boolean;
}) {
  const [label, setLabel] = useState(status.label);
  const rename = () => { if (label.trim() !== status.label) save((list) => renameStatus(list, status.id, label)); };
  return (
    <li aria-label={status.label}>
      <label className="inline-label">Label of {status.id}
        <input value={label} onChange={(event) => setLabel(event.target.value)} onBlur={rename}
          onKeyDown={(event) => { if (event.key === 'Enter') { event.preventDefault(); rename(); } }} />
      </label>
      <span className="muted">{status.category}</span>
      <span className="muted">{usage > 0 ? `used by ${plural(usage, 'open task')}` : 'unused'}</span>
      <button type="button" disabled={index === 0} onClick={() => save((list) => ({ ok: true, value: moveStatus(list, status.id, -1) }))}>Move {status.label} up</button>
      <button type="button" disabled={index === count - 1} onClick={() => save((list) => ({ ok: true, value: moveStatus(list, status.id, 1) }))}>Move {status.label} down</button>
      <button type="button" disabled={usage > 0} title={usage > 0 ? `In use by ${plural(usage, 'open task')}` : undefined}
        onClick={() => save((list) => removeStatus(list, status.id, []))}>Remove {status.label}</button>
    </li>
  );
}

export function StatusesSection() {
  const { repository } = useServices();
  const statuses = useApp((state) => state.config.settings.statuses);
  const tasks = useApp((state) => state.tasks);
  const { apply, error } = useApply();
  const [label, setLabel] = useState('');
  const [category, setCategory] = useState<StatusCategory>('unstarted');
  const save = (next: (list: readonly StatusDefinition[]) => ReturnType<typeof renameStatus>): boolean => {
    // Built from the latest settings (another replica may have changed them since this rendered).
    const current = repository.settings().statuses;
    const value = next(current);
    if (!value.ok) return apply(value);
    // Retiring re-checks usage against every task now, not the rendered snapshot.
    const removed = current.filter((s) => !value.value.some((v) => v.id === s.id));
    for (const status of removed) {
      const check = removeStatus(current, status.id, repository.view.all(), {
        statusMappings: repository.settings().statusMappings, templates: repository.templates(),
      });
      if (!check.ok) return apply(check);
    }
    return apply(repository.updateSettings({ statuses: value.value }));
  };
  return (
    <Section title="Statuses">
      <p className="muted">The Board shows a column per status in this order; the rules speak in categories.</p>
      <ol aria-label="Statuses" className="settings-list">
        {statuses.map((status, index) => (
          <StatusRow key={`${status.id}:${status.label}`} status={status} index={index} count={statuses.length}
            usage={statusUsage(tasks, status.id)} save={save} />
        ))}
      </ol>
      <form className="settings-add" onSubmit={(event) => {
        event.preventDefault();
        if (save((list) => addStatus(list, label, category))) setLabel('');
      }}>
        <label>New status label<input value={label} onChange={(event) => setLabel(event.target.value)} /></label>
        <label>Category
          <select value={category} onChange={(event) => setCategory(event.target.value as StatusCategory)}>
            {STATUS_CATEGORIES.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
        <span className="muted">{label.trim() !== '' ? `id: ${slugify(label)}` : ''}</span>
        <button type="submit">Add status</button>
      </form>
      {error}
    </Section>
  );
}
