// Snooze choices (seed 002: "remind me in 2h" / "end of shift" / tomorrow morning).
// Shift ends are times of day in the workspace's time zone (settings.timeZone; null:
// the device's zone); the day arithmetic is date-fns in that zone (@date-fns/tz), so
// a shift ending 06:00 ends at 06:00 local on the day clocks change too. The one
// home of these choices: the snooze dialog, the handoff view and every other caller use this.
import { addDays, format, set } from 'date-fns';
import { tz } from '@date-fns/tz';

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

const zoneContext = (timeZone: string | null | undefined) => (timeZone ? { in: tz(timeZone) } : {});

/** `hours:minutes` local time (in the zone), `dayOffset` days after the day holding `now`. */
function localTime(now: number, dayOffset: number, hours: number, minutes: number, timeZone: string | null | undefined): number {
  const context = zoneContext(timeZone);
  return set(addDays(now, dayOffset, context), { hours, minutes, seconds: 0, milliseconds: 0 }, context).getTime();
}

/** The next shift end strictly after `now`, in the workspace's zone (null: the device's). */
export function nextShiftEnd(now: number, shiftEnds: readonly string[], timeZone: string | null = null): number {
  const candidates: number[] = [];
  for (const value of shiftEnds) {
    const time = parseTimeOfDay(value);
    if (!time) continue;
    for (const dayOffset of [0, 1]) {
      const at = localTime(now, dayOffset, time.hours, time.minutes, timeZone);
      if (at > now) candidates.push(at);
    }
  }
  return candidates.length > 0 ? Math.min(...candidates) : now + 8 * 3_600_000;
}

/** The choices in time order (the shift may end before two hours are up). */
export function snoozeOptions(now: number, shiftEnds: readonly string[], timeZone: string | null = null): SnoozeOption[] {
  const options: SnoozeOption[] = [
    { id: 'two_hours', label: '2 hours', until: new Date(now + 2 * 3_600_000).toISOString() },
    { id: 'end_of_shift', label: 'End of shift', until: new Date(nextShiftEnd(now, shiftEnds, timeZone)).toISOString() },
    { id: 'tomorrow_morning', label: 'Tomorrow 08:00', until: new Date(localTime(now, 1, TOMORROW_MORNING_HOUR, 0, timeZone)).toISOString() },
  ];
  return options.sort((a, b) => Date.parse(a.until) - Date.parse(b.until));
}

/** The next shift end and how the workspace's zone writes it ("14:00 Europe/Paris"), for the handoff view. */
export function shiftEndNotice(now: number, shiftEnds: readonly string[], timeZone: string | null = null): { at: number; label: string } | null {
  if (!shiftEnds.some((value) => parseTimeOfDay(value) !== null)) return null;
  const at = nextShiftEnd(now, shiftEnds, timeZone);
  const time = format(at, 'HH:mm', zoneContext(timeZone));
  return { at, label: timeZone ? `${time} ${timeZone}` : time };
}
