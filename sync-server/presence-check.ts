// Awareness ("who is online, which task they have open") is not stored, but it is shown to
// people, so a connection may only speak for itself: every state it sends names its own user, and
// it may not set or clear an awareness client id another connection announced. Anything else is
// dropped (not applied, not broadcast), so no one can appear as someone else in "Also looking".
import * as decoding from 'lib0/decoding';
import { MalformedMessageError } from './protocol';

export interface PresenceEntry {
  clientId: number;
  state: unknown;
}

/** The entries of a y-protocols awareness update: varUint count, then (client, clock, JSON state). */
export function readAwarenessEntries(update: Uint8Array): PresenceEntry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: PresenceEntry[] = [];
    for (let i = 0; i < count; i += 1) {
      const clientId = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder); // clock
      entries.push({ clientId, state: JSON.parse(decoding.readVarString(decoder)) as unknown });
    }
    return entries;
  } catch (error) {
    throw new MalformedMessageError(`bad awareness update: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Why this awareness update may not be applied for this user, or null. */
export function presenceRefusal(update: Uint8Array, userId: string, ownedByAnother: (clientId: number) => boolean): string | null {
  for (const { clientId, state } of readAwarenessEntries(update)) {
    if (ownedByAnother(clientId)) return `awareness client ${clientId} belongs to another connection`;
    if (state === null) continue;
    if (typeof state !== 'object') return 'presence is a JSON object';
    // A state that claims no user (the stock client's initial `{}`) names no one; one that does must name this user.
    const user = (state as { user?: { id?: unknown } }).user;
    if (user !== undefined && user?.id !== userId) return `presence must name this connection's user (${userId})`;
  }
  return null;
}
