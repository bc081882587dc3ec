// What people read for a task type or queue id ("qc" → "QC", "follow_up" →
// "Follow-up"): the workspace's label map (settings.listLabels) first, else the
// id humanised (underscores to spaces, first letter capitalised). One route, so
// the panel, the activity, the Overview and Settings say the same words.

/** The defaults a new workspace starts with: ids whose humanised form reads wrong. */
export const DEFAULT_LIST_LABELS: Readonly<Record<string, string>> = {
  qc: 'QC',
  qa: 'QA',
  follow_up: 'Follow-up',
  osc_change_request: 'OSC change request',
  mvr_check: 'MVR check',
};

export function listLabel(id: string, labels: Readonly<Record<string, string>> = DEFAULT_LIST_LABELS): string {
  const label = labels[id];
  if (label !== undefined && label !== '') return label;
  const spaced = id.replace(/_/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
