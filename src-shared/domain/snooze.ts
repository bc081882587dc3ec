// Snooze choices (seed 002: "remind me in 2h" / "end of shift" / tomorrow morning).
// Computed in the device's local time from the workspace's shift ends. The one
// home of these choices: the snooze dialog and every other caller use this.
export interface SnoozeOption {
  id: 'two_hours' | 'end_of_shift' | 'tomorrow_morning';
  label: string;
  until: string;
}

const TOMORROW_MORNING_HOUR = 8;

function parseTimeOfDay(value: string): { hours: number; minutes: number } | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? { hours, minutes } : null;
}

/** The next shift end strictly after `now` (local time). */
export function nextShiftEnd(now: number, shiftEnds: readonly string[]): number {
  const candidates: number[] = [];
  for (const value of shiftEnds) {
    const time = parseTimeOfDay(value);
    if (!time) continue;
    for (const dayOffset of [0, 1]) {
      const at = new Date(now);
      at.setDate(at.getDate() + dayOffset);
      at.setHours(time.hours, time.minutes, 0, 0);
      if (at.getTime() > now) candidates.push(at.getTime());
    }
  }
  return candidates.length > 0 ? Math.min(...candidates) : now + 8 * 3_600_000;
}

/** The choices in time order (the shift may end before two hours are up). */
export function snoozeOptions(now: number, shiftEnds: readonly string[]): SnoozeOption[] {
  const tomorrow = new Date(now);
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(TOMORROW_MORNING_HOUR, 0, 0, 0);
  const options: SnoozeOption[] = [
    { id: 'two_hours', label: '2 hours', until: new Date(now + 2 * 3_600_000).toISOString() },
    { id: 'end_of_shift', label: 'End of shift', until: new Date(nextShiftEnd(now, shiftEnds)).toISOString() },
    { id: 'tomorrow_morning', label: 'Tomorrow 08:00', until: tomorrow.toISOString() },
  ];
  return options.sort((a, b) => Date.parse(a.until) - Date.parse(b.until));
}
