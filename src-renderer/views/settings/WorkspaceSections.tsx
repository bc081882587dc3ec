// Queues (with a default owner and a one-click inbox), the workspace time zone and
// archive window, entity kinds (labels, URL patterns) and status mappings (seed 001).
// Each control builds the next value with a src-shared helper and writes it with one
// checked config command (repository.updateSettings); the domain's sentence shows on refusal.
import { useState } from 'react';
import { addName, parseRetentionDays } from '../../../src-shared/domain/config-edit';
import { canOwnTasks, setQueueOwner } from '../../../src-shared/domain/creation-defaults';
import { saveEntityKind } from '../../../src-shared/domain/entity-kinds';
import { mappingFromText, mappingStatesText } from '../../../src-shared/domain/status-mappings';
import { parseTimeZone } from '../../../src-shared/domain/time-zone';
import { useActions, useApp, useServices } from '../../app/store-context';
import { choosablePeople } from '../../model/people';
import { Section, useApply } from './common';
import { useLabels } from '../use-labels';


export function QueuesSection() {
  const { repository } = useServices();
  const settings = useApp((state) => state.config.settings);
  const members = useApp((state) => state.members);
  const me = useApp((state) => state.me);
  const labels = useLabels();
  const { setFilter, setView } = useActions();
  const { apply, error } = useApply();
  const [text, setText] = useState('');
  // People who work tasks, by display name: never an integration account or a viewer.
  const people = choosablePeople(members, me).filter((person) => canOwnTasks(repository.roleOf(person.userId)));
  const setOwner = (queue: string, owner: string) => {
    const next = setQueueOwner(repository.settings().queueOwners, queue, owner === '' ? null : owner, (user) => repository.roleOf(user));
    apply(next.ok ? repository.updateSettings({ queueOwners: next.value }) : next);
  };
  return (
    <>
      <h3>Queues</h3>
      <ul aria-label="Queues" className="settings-list">
        {settings.queues.map((queue) => (
          <li key={queue}>
            <span>{labels.list(queue)}</span>
            <label className="inline-label">Default owner of {labels.list(queue)}
              <select value={settings.queueOwners[queue] ?? ''} onChange={(event) => setOwner(queue, event.target.value)}>
                <option value="">Nobody</option>
                {people.map((person) => <option key={person.userId} value={person.userId}>{person.displayName}</option>)}
              </select>
            </label>
            <button type="button" onClick={() => { setFilter(`queue:${queue}`); setView('list'); }}>Open the {labels.list(queue)} inbox</button>
            <button type="button" onClick={() => {
              const { queues, queueOwners } = repository.settings();
              const owners = { ...queueOwners };
              delete owners[queue]; // the default owner goes with its queue, in the same append
              apply(repository.updateSettings({ queues: queues.filter((q) => q !== queue), ...(queue in queueOwners ? { queueOwners: owners } : {}) }));
            }}>Remove {labels.list(queue)}</button>
          </li>
        ))}
      </ul>
      <form className="settings-add" onSubmit={(event) => {
        event.preventDefault();
        const next = addName(repository.settings().queues, text, 'queue');
        if (apply(next.ok ? repository.updateSettings({ queues: next.value }) : next)) setText('');
      }}>
        <label>New queue<input value={text} onChange={(event) => setText(event.target.value)} /></label>
        <button type="submit">Add</button>
      </form>
      {error}
    </>
  );
}

function TextSetting({ label, value, placeholder, save, button }: { label: string; value: string; placeholder?: string; button: string; save(text: string): boolean }) {
  const [text, setText] = useState(value);
  return (
    <form className="settings-add" onSubmit={(event) => { event.preventDefault(); save(text); }}>
      <label>{label}<input value={text} placeholder={placeholder} onChange={(event) => setText(event.target.value)} /></label>
      <button type="submit">{button}</button>
    </form>
  );
}

/** The workspace's time zone (shift ends are read in it) and the archive window. */
export function TimeZoneAndRetention() {
  const { repository } = useServices();
  const settings = useApp((state) => state.config.settings);
  const { apply, error } = useApply();
  return (
    <>
      <TextSetting key={`tz:${settings.timeZone ?? ''}`} label="Workspace time zone (IANA, e.g. Europe/Paris; empty: each device's own)"
        value={settings.timeZone ?? ''} placeholder={Intl.DateTimeFormat().resolvedOptions().timeZone} button="Save time zone"
        save={(text) => {
          const parsed = parseTimeZone(text);
          return apply(parsed.ok ? repository.updateSettings({ timeZone: parsed.value }) : parsed);
        }} />
      <TextSetting key={`ret:${settings.retentionDays}`} label="Archive closed tasks after (days)" value={String(settings.retentionDays)}
        button="Save archive window" save={(text) => {
          const parsed = parseRetentionDays(text);
          return apply(parsed.ok ? repository.updateSettings({ retentionDays: parsed.value }) : parsed);
        }} />
      {error}
    </>
  );
}

export function EntityKindsSection() {
  const { repository } = useServices();
  const kinds = useApp((state) => state.config.settings.entityKinds);
  const { apply, error } = useApply();
  const [form, setForm] = useState({ id: '', label: '', pattern: '' });
  const save = (id: string, label: string, pattern: string) => {
    const next = saveEntityKind(repository.settings().entityKinds, id, label, pattern);
    return apply(next.ok ? repository.updateSettings({ entityKinds: next.value }) : next);
  };
  return (
    <Section title="Entity kinds">
      <p className="muted">What tasks link to. A URL pattern turns a link into an address: <code>https://erp/orders/{'{id}'}</code>.</p>
      <table aria-label="Entity kinds">
        <thead><tr><th scope="col">Kind</th><th scope="col">Label</th><th scope="col">URL pattern</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {kinds.map((kind) => (
            <tr key={kind.id}>
              <td>{kind.id}</td><td>{kind.label}</td><td>{kind.urlPattern ?? <span className="muted">none</span>}</td>
              <td>
                <button type="button" onClick={() => setForm({ id: kind.id, label: kind.label, pattern: kind.urlPattern ?? '' })}>Edit {kind.label}</button>
                <button type="button" onClick={() => apply(repository.updateSettings({ entityKinds: repository.settings().entityKinds.filter((k) => k.id !== kind.id) }))}>Remove {kind.label}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="settings-add" aria-label="Entity kind" onSubmit={(event) => {
        event.preventDefault();
        if (save(form.id, form.label, form.pattern)) setForm({ id: '', label: '', pattern: '' });
      }}>
        <label>Kind id<input value={form.id} placeholder="order" onChange={(event) => setForm({ ...form, id: event.target.value })} /></label>
        <label>Kind label<input value={form.label} placeholder="Order" onChange={(event) => setForm({ ...form, label: event.target.value })} /></label>
        <label>URL pattern<input value={form.pattern} placeholder="https://erp/orders/{id}" onChange={(event) => setForm({ ...form, pattern: event.target.value })} /></label>
        <button type="submit">Save kind</button>
      </form>
      {error}
    </Section>
  );
}

export function StatusMappingsSection() {
  const { repository } = useServices();
  const settings = useApp((state) => state.config.settings);
  const { apply, error } = useApply();
  const [form, setForm] = useState({ name: '', states: '', archived: '' });
  // The source's states are its own words; the statuses they map to read as the workspace's labels.
  const { status: statusLabel } = useLabels();
  const mappings = Object.entries(settings.statusMappings);
  return (
    <Section title="Status mappings">
      <p className="muted">A tracked source&apos;s states (one per line, <code>state = status</code>) and the status its tasks take while it is archived.</p>
      <ul aria-label="Status mappings" className="settings-list">
        {mappings.map(([name, mapping]) => (
          <li key={name}>
            <strong>{name}</strong>
            <span className="muted">{Object.entries(mapping.states).map(([state, status]) => `${state} → ${statusLabel(status)}`).join(', ')}; archived → {statusLabel(mapping.archived)}</span>
            <button type="button" onClick={() => setForm({ name, states: mappingStatesText(mapping), archived: mapping.archived })}>Edit {name}</button>
            <button type="button" onClick={() => {
              const rest = { ...repository.settings().statusMappings };
              delete rest[name];
              apply(repository.updateSettings({ statusMappings: rest }));
            }}>Remove {name}</button>
          </li>
        ))}
      </ul>
      <form className="settings-form" aria-label="Status mapping" onSubmit={(event) => {
        event.preventDefault();
        const parsed = mappingFromText(form.name, form.states, form.archived, repository.settings().statuses);
        const saved = parsed.ok
          ? repository.updateSettings({ statusMappings: { ...repository.settings().statusMappings, [parsed.value.name]: parsed.value.mapping } })
          : parsed;
        if (apply(saved)) setForm({ name: '', states: '', archived: '' });
      }}>
        <label>Mapping name<input value={form.name} placeholder="advance" onChange={(event) => setForm({ ...form, name: event.target.value })} /></label>
        <label>Source states<textarea rows={4} value={form.states} placeholder={'not_started = todo\nneeds_review = pending_approval\ndone = completed'}
          onChange={(event) => setForm({ ...form, states: event.target.value })} /></label>
        <label>Archived status
          <select value={form.archived} onChange={(event) => setForm({ ...form, archived: event.target.value })}>
            <option value="">Choose…</option>
            {settings.statuses.map((status) => <option key={status.id} value={status.id}>{status.label}</option>)}
          </select>
        </label>
        <button type="submit">Save mapping</button>
      </form>
      {error}
    </Section>
  );
}
