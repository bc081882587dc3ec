// The browser host keeps its acknowledgement counters in localStorage, so changes
// made offline still show as unsent after a reload.
import type { AckState } from '../../src-shared/protocol/ack-tracker';

export function loadAckState(key: string): AckState {
  const raw = window.localStorage.getItem(key);
  const parsed = raw === null ? null : (JSON.parse(raw) as Partial<AckState>);
  if (!parsed || typeof parsed.made !== 'number' || typeof parsed.acknowledged !== 'number' || parsed.acknowledged > parsed.made) {
    return { made: 0, acknowledged: 0 };
  }
  return { made: parsed.made, acknowledged: parsed.acknowledged };
}

export function saveAckState(key: string, state: AckState): void {
  window.localStorage.setItem(key, JSON.stringify(state));
}
