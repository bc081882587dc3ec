// The workspace's time zone: an IANA name (Europe/Paris, America/Chicago) that
// shift ends are read in, or null for each device's own zone. Validity is the
// runtime's zone database's answer (Intl), the same one @date-fns/tz computes
// offsets from, so a name accepted here is one the snooze and handoff maths can use.
import type { Result } from './types';

/** The runtime's canonical zone names, read once: building a formatter costs ~2 ms, and settings are read often. */
let known: ReadonlySet<string> | null = null;

export function isTimeZone(name: string): boolean {
  if (name.trim() === '' || name.length > 64) return false;
  known ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (known.has(name)) return true;
  // Aliases and UTC are not in the canonical list; the formatter knows them.
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A lead's typed zone: empty for the device's own zone, else a known IANA name. */
export function parseTimeZone(text: string): Result<string | null> {
  const name = text.trim();
  if (name === '') return { ok: true, value: null };
  return isTimeZone(name)
    ? { ok: true, value: name }
    : { ok: false, error: { code: 'invalid_payload', message: `“${name}” is not a time zone (an IANA name such as Europe/Paris).` } };
}
