// What people read for a task type or queue id ("qc" → "QC", "follow_up" →
// "Follow-up"): the workspace's label map (settings.listLabels) first, else the
// id humanised (underscores to spaces, first letter capitalised). One route, so
// the panel, the activity, the Overview and Settings say the same words.
import type { Result } from './types';

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

export const MAX_LIST_LABEL_LENGTH = 60;

/** The label map with `id` labelled `text`; an empty text goes back to the default (or the humanised id). */
export function setListLabel(labels: Readonly<Record<string, string>>, id: string, text: string): Result<Record<string, string>> {
  const label = text.trim();
  if (label.length > MAX_LIST_LABEL_LENGTH) {
    return { ok: false, error: { code: 'invalid_payload', message: `A label is at most ${MAX_LIST_LABEL_LENGTH} characters.` } };
  }
  const next = { ...labels };
  const fallback = DEFAULT_LIST_LABELS[id];
  if (label !== '') next[id] = label;
  else if (fallback !== undefined) next[id] = fallback;
  else delete next[id];
  return { ok: true, value: next };
}
