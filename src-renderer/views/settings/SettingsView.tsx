// Settings (issue 11): leads and admins shape the workspace. Every change is a
// checked config command through the repository (src-shared/domain/config.ts);
// the relay refuses what the author's role does not allow. Operators never see
// the tab, and opening the view by key shows them nothing editable.
import { isLeadRole } from '../../../src-shared/domain/authority';
import { useApp, useServices } from '../../app/store-context';
import { ApprovalsSection } from './ApprovalsSection';
import { ShiftEndsSection, TypesAndQueuesSection } from './ListsSections';
import { HistorySection, MembersSection } from './MembersHistory';
import { StatusesSection } from './StatusesSection';
import { SuggestionsSection } from './SuggestionsSection';
import { TemplatesSection } from './TemplatesSection';
import { EntityKindsSection, StatusMappingsSection } from './WorkspaceSections';

export function SettingsView() {
  const { repository, preview } = useServices();
  const me = useApp((state) => state.me);
  useApp((state) => state.config); // roles change with the members log
  if (!isLeadRole(repository.roleOf(me)) || preview) {
    return (
      <section className="settings" aria-label="Settings">
        <p className="empty">{preview ? 'Settings open once the local replica has loaded.' : 'Only leads and admins change the workspace\'s settings.'}</p>
      </section>
    );
  }
  return (
    <section className="settings" aria-label="Settings">
      <StatusesSection />
      <TypesAndQueuesSection />
      <ShiftEndsSection />
      <SuggestionsSection />
      <ApprovalsSection />
      <EntityKindsSection />
      <StatusMappingsSection />
      <TemplatesSection />
      <MembersSection />
      <HistorySection />
    </section>
  );
}
