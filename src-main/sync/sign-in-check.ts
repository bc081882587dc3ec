// The desktop's sign-in check, run in main: the renderer's CSP allows it no
// connection to a relay, and the token stays in main. Like the browser's check
// (host-browser/members-cache.ts) it asks the relay's members API who the token
// is; that user id is the actor of every event. Members and roles themselves
// come from the document's members log, never from this answer.
import { MembersResponseSchema, membersPath } from '../../src-shared/protocol/relay-api';

const TIMEOUT_MS = 5_000;

/**
 * The token's user id as the relay says; null when the relay cannot be reached
 * (the operator signs in with the display name until it can, as in the browser).
 * Throws when the relay refuses the token for this workspace.
 */
export async function tokenOwner(relayHttpBase: string, workspaceId: string, token: string): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(`${relayHttpBase}${membersPath(workspaceId)}`, {
      headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return null;
  }
  if (!response.ok) {
    throw new Error(`The relay refused the token for workspace "${workspaceId}" (HTTP ${response.status}). Check the token and workspace.`);
  }
  return MembersResponseSchema.parse(await response.json()).me.userId;
}
