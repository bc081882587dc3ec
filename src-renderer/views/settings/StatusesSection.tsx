// Statuses: label, colour and category; add (id from the label), rename, order,
// hide from pickers, retire. A status tasks still use cannot be removed: its open
// tasks move to another status and it is hidden, in one confirmed step.
import { useEffect, useRef, useState } from 'react';
import {
  addStatus, moveStatus, removeStatus, renameStatus, setStatusColor, setStatusHidden, slugify, statusUsage,
} from '../../../src-shared/domain/config-edit';
import { statusColor, WORKABLE_CATEGORIES } from '../../../src-shared/domain/statuses';
import { STATUS_CATEGORIES, type StatusCategory, type StatusDefinition } from '../../../src-shared/domain/types';
import { plural } from '../../../src-shared/util/text';
import { useApp, useServices } from '../../app/store-context';
import { Section, useApply } from './common';

/** A colour input that commits when the picker closes (`change`), not on every drag step (`input`). */
function ColorInput({ label, value, commit }: { label: string; value: string; commit(color: string): void }) {
  const ref = useRef<HTMLInputElement>(null);
  const latest = useRef(commit);
  latest.current = commit;
  useEffect(() => {
    const input = ref.current;
    if (!input) return;
    const onChange = () => latest.current(input.value);
    input.addEventListener('change', onChange);
    return () => input.removeEventListener('change', onChange);
  }, []);
  return <input ref={ref} type="color" aria-label={label} defaultValue={value} />;
}

function StatusRow({ status, index, count, usage, save, retire }: {
  status: StatusDefinition; index: number; count: number; usage: { open: number; all: number };
  save(next: (statuses: readonly StatusDefinition[]) => ReturnType<typeof renameStatus>): boolean;
  retire(targetId: string): boolean;
}) {
  const statuses = useApp((state) => state.config.settings.statuses);
  const [label, setLabel] = useState(status.label);
  const [retiring, setRetiring] = useState(false);
  const targets = statuses.filter((s) => s.id !== status.id && !s.hidden && WORKABLE_CATEGORIES.includes(s.category));
  const [target, setTarget] = useState('');
  const chosen = targets.find((s) => s.id === target) ?? targets[0];
  const rename = () => { if (label.trim() !== status.label) save((list) => renameStatus(list, status.id, label)); };
  return (
    <li aria-label={status.label}>
      {/* People read "Label"; the id stays in the accessible name, which tells the rows apart. */}
      <label className="inline-label">Label<span className="visually-hidden"> of {status.id}</span>
        <input value={label} onChange={(event) => setLabel(event.target.value)} onBlur={rename}
          onKeyDown={(event) => { if (event.key === 'Enter') { event.preventDefault(); rename(); } }} />
      </label>
      <ColorInput key={statusColor(status)} label={`Colour of ${status.label}`} value={statusColor(status)} commit={(color) => save((list) => setStatusColor(list, status.id, color))} />
      <span className="muted">{status.category}</span>
      <span className="muted">{usage.open > 0 ? `used by ${plural(usage.open, 'open task')}` : usage.all > 0 ? `used by ${plural(usage.all, 'closed task')}` : 'unused'}</span>
      <label className="inline-label">
        <input type="checkbox" checked={status.hidden === true} onChange={(event) => save((list) => setStatusHidden(list, status.id, event.target.checked))} />
        Hide {status.label} from pickers
      </label>
      <button type="button" disabled={index === 0} onClick={() => save((list) => ({ ok: true, value: moveStatus(list, status.id, -1) }))}>Move {status.label} up</button>
      <button type="button" disabled={index === count - 1} onClick={() => save((list) => ({ ok: true, value: moveStatus(list, status.id, 1) }))}>Move {status.label} down</button>
      <button type="button" disabled={usage.all > 0} title={usage.all > 0 ? 'Tasks use it: retire or hide it instead' : undefined}
        onClick={() => save((list) => removeStatus(list, status.id, []))}>Remove {status.label}</button>
      {usage.open > 0 && <button type="button" aria-expanded={retiring} onClick={() => setRetiring(!retiring)}>Retire {status.label}…</button>}
      {retiring && usage.open > 0 && (
        <div role="group" aria-label={`Retire ${status.label}`} className="settings-confirm">
          <label>Move its {plural(usage.open, 'open task')} to
            <select value={chosen?.id ?? ''} onChange={(event) => setTarget(event.target.value)}>
              {targets.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
            </select>
          </label>
          <button type="button" className="primary" disabled={!chosen}
            onClick={() => { if (chosen && retire(chosen.id)) setRetiring(false); }}>
            Move {plural(usage.open, 'task')} to {chosen?.label ?? '…'} and hide {status.label}
          </button>
          <button type="button" onClick={() => setRetiring(false)}>Cancel</button>
        </div>
      )}
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
        inHistory: repository.statusInHistory(status.id),
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
            usage={{ open: statusUsage(tasks, status.id), all: tasks.filter((t) => t.status === status.id).length }} save={save}
            retire={(targetId) => apply(repository.moveTasksAndHideStatus(status.id, targetId))} />
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
