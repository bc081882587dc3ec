// Watchers and approvers: people shown by name as chips, added by a
// type-ahead over the workspace's members (never an integration account) and
// removed one by one. Each change is one repository command.
import { useCallback } from 'react';
import type { UserId } from '../../src-shared/domain/types';
import { usePeople } from '../dialogs/PersonCombobox';
import { matchPeople } from '../model/people';
import type { Labels } from '../model/labels';
import { PickCombobox, type PickOption } from './PickCombobox';

export function PeopleField({ label, noun, userIds, labels, onAdd, onRemove, readOnly }: {
  /** "Watchers" */
  label: string;
  /** "watcher": names the add field and each remove button */
  noun: string;
  userIds: readonly UserId[];
  labels: Labels;
  onAdd(userId: UserId): void;
  onRemove(userId: UserId): void;
  readOnly: boolean;
}) {
  const people = usePeople();
  const search = useCallback((text: string): PickOption[] =>
    matchPeople(people, text).filter((person) => !userIds.includes(person.userId))
      .map((person) => ({ id: person.userId, label: person.displayName })), [people, userIds]);
  return (
    <div className="prop prop-list" role="group" aria-label={label}>
      <span className="prop-label">{label}</span>
      <ul className="chips">
        {userIds.map((userId) => (
          <li key={userId} className="chip">{labels.person(userId)}
            {!readOnly && <button type="button" className="chip-remove" aria-label={`Remove ${noun} ${labels.person(userId)}`} onClick={() => onRemove(userId)}>×</button>}
          </li>
        ))}
      </ul>
      {readOnly ? userIds.length === 0 && <span className="detail">none</span> : <PickCombobox label={`Add ${noun}`} placeholder={`+ ${noun}`} search={search} onPick={(option) => onAdd(option.id)}
        emptyMessage={(text) => `No member of this workspace matches “${text}”.`} />}
    </div>
  );
}
