// The three snooze choices, computed in the operator's local time.
export interface SnoozeOption {
  label: string;
  until: Date;
}

/** The next shift end (HH:MM, local) strictly after `now`; tomorrow's first if none is left today. */
export function nextShiftEnd(now: Date, shiftEnds: readonly string[]): Date {
  const candidates: Date[] = [];
  for (const dayOffset of [0, 1]) {
    for (const hhmm of shiftEnds) {
      const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
      if (!match) continue;
      const at = new Date(now);
      at.setDate(at.getDate() + dayOffset);
      at.setHours(Number(match[1]), Number(match[2]), 0, 0);
      if (at.getTime() > now.getTime()) candidates.push(at);
    }
  }
  candidates.sort((a, b) => a.getTime() - b.getTime());
  return candidates[0] ?? new Date(now.getTime() + 8 * 3_600_000);
}

export function snoozeOptions(now: Date, shiftEnds: readonly string[]): SnoozeOption[] {
  const tomorrow = new Date(now);
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(8, 0, 0, 0);
  return [
    { label: '2 hours', until: new Date(now.getTime() + 2 * 3_600_000) },
    { label: 'End of shift', until: nextShiftEnd(now, shiftEnds) },
    { label: 'Tomorrow 08:00', until: tomorrow },
  ];
}
