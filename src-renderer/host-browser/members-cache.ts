// Relay URLs, and the sign-in check: the first-run form asks the relay's members API whether the
// token is valid for the workspace and who it says we are. Members and roles themselves are NOT
// taken from this answer: the relay writes them into the document's members log, and every
// replica folds from that (src-shared/domain/members.ts), online or not.
import { z } from 'zod';
import {
  MembersResponseSchema, RelayMemberSchema, membersPath, relayHttpBase, relaySyncServerUrl, type RelayMember,
} from '../../src-shared/protocol/relay-api';

/** Accepts `http(s)://host:port`, `ws(s)://host:port` or either with `/sync`: returns the HTTP base. */
export const httpBaseFromRelayUrl = relayHttpBase;

/** The `serverUrl` for WebsocketProvider (it appends `/<workspace>`). */
export const syncServerUrl = relaySyncServerUrl;

export function parseMembers(body: unknown): RelayMember[] {
  return z.array(RelayMemberSchema).parse(body);
}

export interface MembersAnswer {
  members: RelayMember[];
  /** The caller as the relay sees the token. */
  me: RelayMember;
}

/** Ask the relay who this token is (the sign-in check); throws when it cannot be reached or refuses. */
export async function fetchMembers(relayUrl: string, workspaceId: string, token: string): Promise<MembersAnswer> {
  const url = `${httpBaseFromRelayUrl(relayUrl)}${membersPath(workspaceId)}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`The relay refused the members request (HTTP ${response.status}).`);
  const answer = MembersResponseSchema.parse(await response.json());
  return { members: answer.members, me: answer.me };
}
