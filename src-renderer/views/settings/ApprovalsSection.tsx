// Who approves for the whole workspace and whether a submitter may approve
// their own work: admins decide (config.ts ADMIN_SETTING_KEYS); leads see it read-only.
// Which task types require approval: leads and admins (creation-defaults.ts applies it).
import { useApp, useServices } from '../../app/store-context';
import { choosablePeople } from '../../model/people';
import { Section, useApply } from './common';
import { useLabels } from '../use-labels';

export function ApprovalsSection() {
  const { repository } = useServices();
  const settings = useApp((state) => state.config.settings);
  const members = useApp((state) => state.members);
  const labels = useLabels();
  const me = useApp((state) => state.me);
  const admin = repository.roleOf(me) === 'admin';
  const { apply, error } = useApply();
  const people = choosablePeople(members, me);
  const toggle = (userId: string, on: boolean) => {
    const current = repository.settings().approvers.filter((id) => id !== userId);
    apply(repository.updateSettings({ approvers: on ? [...current, userId] : current }));
  };
  return (
    <Section title="Approvals">
      {!admin && <p className="note">Only admins change who approves and whether self-approval is allowed.</p>}
      <fieldset disabled={!admin}>
        <legend>Workspace approvers (besides leads and admins)</legend>
        {people.map((person) => (
          <label key={person.userId}>
            <input type="checkbox" checked={settings.approvers.includes(person.userId)}
              onChange={(event) => toggle(person.userId, event.target.checked)} />{person.displayName}
          </label>
        ))}
      </fieldset>
      <label>
        <input type="checkbox" disabled={!admin} checked={settings.allowSelfApproval}
          onChange={(event) => apply(repository.updateSettings({ allowSelfApproval: event.target.checked }))} />
        Allow self-approval
      </label>
      <fieldset>
        <legend>Task types that require approval</legend>
        {settings.taskTypes.map((type) => (
          <label key={type}>
            <input type="checkbox" checked={settings.approvalTypes.includes(type)} onChange={(event) => {
              const current = repository.settings().approvalTypes.filter((t) => t !== type);
              apply(repository.updateSettings({ approvalTypes: event.target.checked ? [...current, type] : current }));
            }} />{labels.list(type)} requires approval
          </label>
        ))}
      </fieldset>
      {error}
    </Section>
  );
}
