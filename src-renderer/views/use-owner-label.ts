// Owners as people see them. One lookup for names in the renderer (use-labels.ts, model/labels.ts);
// this is its person half, for views that only show owners.
import { useLabels } from './use-labels';

export type OwnerLabel = (ownerId: string | null) => string;

export function useOwnerLabel(): OwnerLabel {
  return useLabels().person;
}
