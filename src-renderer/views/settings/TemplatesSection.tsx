// Templates (seed 000): list, create, edit, remove. Quick create offers them
// with `/name` in the title field.
import { useState } from 'react';
import { EMPTY_TEMPLATE_FORM, templateFromForm, templateToForm, type TemplateForm } from '../../../src-shared/domain/config-edit';
import { useApp, useServices } from '../../app/store-context';
import { choosablePeople } from '../../model/people';
import { Section, useApply } from './common';
import { readerZone, RecurrenceEditor } from '../../panel/RecurrenceField';
import { describeRecurrence } from '../../../src-shared/domain/recurrence';

export function TemplatesSection() {
  const { repository } = useServices();
  const config = useApp((state) => state.config);
  const members = useApp((state) => state.members);
  const me = useApp((state) => state.me);
  const { apply, error } = useApply();
  const [form, setForm] = useState<TemplateForm>(EMPTY_TEMPLATE_FORM);
  const templates = [...config.templates.values()].sort((a, b) => a.name.localeCompare(b.name));
  const people = choosablePeople(members, me);
  const field = (key: Exclude<keyof TemplateForm, 'recurrence'>) => ({
    value: form[key] ?? '',
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value }),
  });
  const save = () => {
    const template = templateFromForm(form, config.settings.statuses);
    if (apply(template.ok ? repository.saveTemplate(template.value) : template)) setForm(EMPTY_TEMPLATE_FORM);
  };
  const editing = form.id !== undefined;
  return (
    <Section title="Templates">
      {templates.length === 0 ? <p className="muted">No templates yet.</p> : (
        <ul aria-label="Templates" className="settings-list">
          {templates.map((template) => (
            <li key={template.id} aria-label={template.name}>
              <strong>{template.name}</strong>
              <span className="muted">{template.title}
                {typeof template.dueOffsetMinutes === 'number' ? ` · due +${template.dueOffsetMinutes / 60} h` : ''}
                {template.tags?.length ? ` · ${template.tags.join(', ')}` : ''}
                {template.recurrence ? ` · ${describeRecurrence(template.recurrence, readerZone())}` : ''}</span>
              <button type="button" onClick={() => setForm(templateToForm(template))}>Edit {template.name}</button>
              <button type="button" onClick={() => apply(repository.removeTemplate(template.id))}>Remove {template.name}</button>
            </li>
          ))}
        </ul>
      )}
      <form aria-label={editing ? 'Edit template' : 'New template'} className="settings-form" onSubmit={(event) => { event.preventDefault(); save(); }}>
        <h3>{editing ? `Edit “${form.name}”` : 'New template'}</h3>
        <label>Template name<input {...field('name')} /></label>
        <label>Task title<input {...field('title')} /></label>
        <label>Description<textarea rows={2} {...field('description')} /></label>
        <label>Default status
          <select {...field('status')}>
            <option value="">(workspace default)</option>
            {config.settings.statuses.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
          </select>
        </label>
        <label>Due offset (hours)<input inputMode="decimal" placeholder="none" {...field('dueHours')} /></label>
        <label>Default owner
          <select {...field('ownerId')}>
            <option value="">(no one)</option>
            {people.map((p) => <option key={p.userId} value={p.userId}>{p.displayName}</option>)}
          </select>
        </label>
        <label>Tags (comma-separated)<input {...field('tags')} /></label>
        <label>Checklist (one item per line)<textarea rows={3} {...field('checklist')} /></label>
        <RecurrenceEditor key={form.id ?? 'new'} value={form.recurrence} pending
          apply={(recurrence) => (setForm({ ...form, recurrence }), { ok: true, value: recurrence })} />
        <div className="actions">
          <button type="submit" className="primary">{editing ? 'Save template' : 'Create template'}</button>
          {editing && <button type="button" onClick={() => setForm(EMPTY_TEMPLATE_FORM)}>Cancel editing</button>}
        </div>
      </form>
      {error}
    </Section>
  );
}
