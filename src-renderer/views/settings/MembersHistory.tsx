// Members (from the relay-written members log, read-only) and the settings
// history (the config log in fold order, refused entries with their reason).
import type { ConfigEvent } from '../../../src-shared/domain/config';
import { useApp } from '../../app/store-context';
import { formatStamp } from '../format';
import { Section } from './common';

const KEY_LABELS: Record<string, string> = {
  statuses: 'statuses', taskTypes: 'task types', queues: 'queues', allowSelfApproval: 'self-approval',
  approvers: 'approvers', statusMappings: 'status mappings', autoApproveThresholds: 'auto-approve thresholds',
  suggestionExpiryHours: 'suggestion expiry', shiftEnds: 'shift ends', retentionDays: 'archive window (days)',
  entityKinds: 'entity kinds', timeZone: 'time zone', queueOwners: 'queue owners', approvalTypes: 'types requiring approval',
};

function summary(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? String((v as { label?: unknown }).label ?? '') : String(v))).join(', ');
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** One history line; `templateName` finds a removed template's name from earlier entries. */
export function describeConfigEvent(event: ConfigEvent, templateName: (id: string) => string | undefined = () => undefined): string {
  switch (event.type) {
    case 'settings.changed': return `set ${KEY_LABELS[event.payload.key] ?? event.payload.key} to ${summary(event.payload.value)}`;
    case 'template.saved': return `saved the template “${event.payload.template.name}”`;
    case 'template.removed': {
      const name = templateName(event.payload.templateId);
      return name === undefined ? 'removed a template' : `removed the template “${name}”`;
    }
    case 'mute.added': return `muted ${event.payload.source}${event.payload.link ? ` for ${event.payload.link.kind} ${event.payload.link.id}` : ''}`;
    case 'mute.removed': return `unmuted ${event.payload.key.replace('|*', '').replace('|', ' for ')}`;
  }
}

export function MembersSection() {
  const members = useApp((state) => state.members);
  return (
    <Section title="Members">
      <p className="note">Members and roles come from the relay&apos;s tokens: manage them with the relay CLI
        (<code>npm run relay -- token create … --role lead</code>, <code>token revoke</code>).</p>
      {members.length === 0 ? <p className="muted">No relay manages this workspace (working offline): you hold every role.</p> : (
        <table aria-label="Members">
          <thead><tr><th>Name</th><th>User</th><th>Role</th></tr></thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.userId}><td>{member.displayName}</td><td>{member.userId}</td><td>{member.role}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function HistorySection() {
  const history = useApp((state) => state.config.history);
  const members = useApp((state) => state.members);
  const nameOf = (userId: string) => members.find((m) => m.userId === userId)?.displayName ?? userId;
  const templateName = (id: string) => {
    for (const { event } of history) if (event.type === 'template.saved' && event.payload.template.id === id) return event.payload.template.name;
    return undefined;
  };
  return (
    <Section title="History">
      {history.length === 0 ? <p className="muted">No changes yet: the workspace runs on its defaults.</p> : (
        <ol aria-label="Settings history" className="settings-history">
          {history.map(({ event, rejected }) => (
            <li key={event.id} className={rejected ? 'rejected' : undefined}>
              <time className="muted">{formatStamp(event.at)}</time> {nameOf(event.actor)} {describeConfigEvent(event, templateName)}
              {rejected && <strong> — did not apply: {rejected.message}</strong>}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
