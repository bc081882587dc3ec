// The entities a task is about, as chips. One click on a chip lists every task
// about that entity (the filter `link:<kind>:<id>` in the List); the entity's
// own page elsewhere is the small ↗ beside it (https: and mailto: only).
import { useState } from 'react';
import type { TaskState } from '../../src-shared/domain/types';
import { useActions, useApp, useServices } from '../app/store-context';
import { safeHref } from '../chrome/SafeLink';
import { entityFilterTerm, entityKindLabel, entityKinds, entityUrl } from '../model/entity-kinds';

const EMPTY = { kind: '', id: '', label: '', url: '' };

export function LinksField({ task, readOnly }: { task: TaskState; readOnly: boolean }) {
  const { repository, store } = useServices();
  const { report } = useActions();
  const settings = useApp((state) => state.config.settings);
  const kinds = entityKinds(settings);
  const [adding, setAdding] = useState(false);
  const [link, setLink] = useState(EMPTY);
  const showTasksAbout = (term: string) => {
    const state = store.getState();
    state.setFilter(term);
    state.setView('list');
  };
  return (
    <div className="prop prop-list" role="group" aria-label="Links">
      <span className="prop-label">Links</span>
      <ul className="chips">
        {task.links.map((entry) => {
          const name = `${entityKindLabel(kinds, entry.kind)} ${entry.label || entry.id}`;
          const href = safeHref(entityUrl(kinds, entry));
          return (
            <li key={`${entry.kind}:${entry.id}`} className="chip chip-entity">
              <button type="button" className="chip-open" aria-label={`Tasks about ${name}`} title={`List every task about ${name}`}
                onClick={() => showTasksAbout(entityFilterTerm(entry))}>{name}</button>
              {href !== null && <a className="chip-external" href={href} target="_blank" rel="noopener noreferrer nofollow" aria-label={`Open ${name}`} title={href}>↗</a>}
              {!readOnly && <button type="button" className="chip-remove" aria-label={`Remove link ${entry.label || entry.id}`}
                onClick={() => report(repository.dispatch(task.id, { type: 'task.link_removed', payload: { kind: entry.kind, id: entry.id } }))}>×</button>}
            </li>
          );
        })}
      </ul>
      {!readOnly && !adding && <button type="button" className="add-inline" onClick={() => setAdding(true)}>+ link</button>}
      {!readOnly && adding && (
        <form className="link-form" aria-label="New link" onSubmit={(event) => {
          event.preventDefault();
          if (!link.kind || !link.id.trim()) return;
          const id = link.id.trim();
          const payload = { kind: link.kind, id, label: link.label.trim() || id, ...(link.url.trim() ? { url: link.url.trim() } : {}) };
          if (report(repository.dispatch(task.id, { type: 'task.link_added', payload: { link: payload } }))) { setLink(EMPTY); setAdding(false); }
        }}>
          <select aria-label="Link kind" value={link.kind} onChange={(e) => setLink({ ...link, kind: e.target.value })}>
            <option value="">Kind…</option>
            {kinds.map((kind) => <option key={kind.id} value={kind.id}>{kind.label}</option>)}
          </select>
          <input aria-label="Link id" placeholder="PO-1" value={link.id} onChange={(e) => setLink({ ...link, id: e.target.value })} />
          <input aria-label="Link label" placeholder="label (optional)" value={link.label} onChange={(e) => setLink({ ...link, label: e.target.value })} />
          <input aria-label="Link URL" placeholder="https://… (optional)" value={link.url} onChange={(e) => setLink({ ...link, url: e.target.value })} />
          <span className="row-buttons">
            <button type="submit">Add link</button>
            <button type="button" onClick={() => { setLink(EMPTY); setAdding(false); }}>Cancel</button>
          </span>
        </form>
      )}
    </div>
  );
}
