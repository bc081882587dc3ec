// Owners as people see them: the display name from the workspace's members (the people model),
// never the user id unless nobody has told us a name for it.
import { useCallback } from 'react';
import { usePeople } from '../dialogs/PersonCombobox';
import { ownerLabel } from './format';

export type OwnerLabel = (ownerId: string | null) => string;

export function useOwnerLabel(): OwnerLabel {
  const people = usePeople();
  return useCallback((ownerId) => ownerLabel(ownerId, people), [people]);
}
