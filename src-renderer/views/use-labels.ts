import { useMemo } from 'react';
import { useApp } from '../app/store-context';
import { makeLabels, type Labels } from '../model/labels';

/** Display names, status, type and queue labels from the store; a new object only when one of those changes. */
export function useLabels(): Labels {
  const members = useApp((state) => state.members);
  const statuses = useApp((state) => state.config.settings.statuses);
  const listLabels = useApp((state) => state.config.settings.listLabels);
  return useMemo(() => makeLabels(members, statuses, listLabels), [members, statuses, listLabels]);
}
