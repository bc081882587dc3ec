// `c`: title and an optional owner, nothing else; Enter creates. Everything
// else comes from the current view's filter (see store/create-defaults.ts).
// `/name` in the title offers the workspace's templates (arrows move, Enter
// picks); a picked template fills the form, and Enter creates from it.
import { useId, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { matchTemplates } from '../../src-shared/domain/config-edit';
import type { TaskTemplate } from '../../src-shared/domain/templates';
import { useActions, useApp } from '../app/store-context';
import { Dialog } from './Dialog';
import { resolvePersonField, usePeople, usePersonCombobox } from './PersonCombobox';

function templateSummary(template: TaskTemplate, nameOf: (userId: string) => string): string {
  const parts: string[] = [];
  if (typeof template.dueOffsetMinutes === 'number') parts.push(`due in ${template.dueOffsetMinutes / 60} h`);
  if (template.ownerId) parts.push(`owner ${nameOf(template.ownerId)}`);
  if (template.tags?.length) parts.push(`tags ${template.tags.join(', ')}`);
  if (template.checklist?.length) parts.push(`${template.checklist.length}-item checklist`);
  return parts.join(' · ');
}

export function QuickCreate() {
  const { createTask, createFromTemplate, closeDialog } = useActions();
  const templates = useApp((state) => state.config.templates);
  const id = useId();
  const [title, setTitle] = useState('');
  const [picked, setPicked] = useState<TaskTemplate | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const people = usePeople();
  const owner = usePersonCombobox({ label: 'Owner', people });
  const searching = picked === null && title.startsWith('/');
  const matches = useMemo(() => (searching ? matchTemplates([...templates.values()], title.slice(1)) : []), [searching, templates, title]);
  const highlighted = matches[Math.min(active, matches.length - 1)] ?? null;
  const nameOf = (userId: string) => people.find((p) => p.userId === userId)?.displayName ?? userId;

  const pick = (template: TaskTemplate) => {
    setPicked(template);
    setTitle(template.title);
    setError(null);
  };
  const onTitleKey = (event: KeyboardEvent) => {
    if (!searching || matches.length === 0) return;
    if (event.key === 'ArrowDown') { event.preventDefault(); setActive(Math.min(active + 1, matches.length - 1)); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); setActive(Math.max(active - 1, 0)); }
    else if (event.key === 'Enter' && highlighted) { event.preventDefault(); pick(highlighted); }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (searching) return setError(highlighted ? null : `No template is named like “${title.slice(1).trim()}”.`);
    if (title.trim() === '') return setError('A task needs a title.');
    // Only a member can own it: a typo is refused, not made an owner.
    const chosen = resolvePersonField(owner, 'Owner');
    if (!chosen.ok) return setError(chosen.error);
    if (picked) createFromTemplate(picked.id, title.trim(), chosen.userId);
    else createTask(title.trim(), chosen.userId);
  };
  const listId = `${id}-templates`;
  return (
    <Dialog title="New task" onClose={closeDialog}>
      <form onSubmit={submit}>
        <label>Title<input autoFocus value={title} placeholder="Title, or / and a template's name" autoComplete="off"
          aria-autocomplete="list" aria-controls={searching ? listId : undefined}
          aria-activedescendant={highlighted ? `${id}-template-${matches.indexOf(highlighted)}` : undefined}
          onKeyDown={onTitleKey}
          onChange={(event) => {
            const text = event.target.value;
            setTitle(text);
            setActive(0);
            setError(null);
            if (text.startsWith('/')) setPicked(null);
          }} /></label>
        {searching && (
          <ul role="listbox" id={listId} aria-label="Templates" className="template-matches">
            {matches.map((template, index) => (
              <li key={template.id} id={`${id}-template-${index}`} role="option" aria-selected={template === highlighted}
                onMouseDown={(event) => { event.preventDefault(); pick(template); }}>
                {template.name}<span className="template-summary">{templateSummary(template, nameOf)}</span>
              </li>
            ))}
            {matches.length === 0 && <li role="option" aria-selected={false} aria-disabled="true">No template matches.</li>}
          </ul>
        )}
        {picked && (
          <p className="template-summary" aria-live="polite">
            From template “{picked.name}”{templateSummary(picked, nameOf) ? `: ${templateSummary(picked, nameOf)}` : ''}{' '}
            <button type="button" onClick={() => { setPicked(null); setTitle(''); }}>Clear template</button>
          </p>
        )}
        <div className="field">Owner (optional{picked?.ownerId ? `; template: ${nameOf(picked.ownerId)}` : ''}){owner.element}</div>
        {error !== null && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="submit" className="primary">Create</button>
          <button type="button" onClick={closeDialog}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
