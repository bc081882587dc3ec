import { useMemo } from 'react';
import { useApp } from '../app/store-context';
import { makeLabels, type Labels } from '../model/labels';

/** Display names and status labels from the store; a new object only when members or statuses change. */
export function useLabels(): Labels {
  const members = useApp((state) => state.members);
  const statuses = useApp((state) => state.config.settings.statuses);
  return useMemo(() => makeLabels(members, statuses), [members, statuses]);
}
