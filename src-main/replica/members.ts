// Workspace membership comes from the relay (never from the document): fetched
// with the device's token, cached in the store so the fold has roles offline.
import { MembersResponseSchema, membersPath, type MembersResponse } from '../../src-shared/protocol/relay-api';

export class MembersFetchError extends Error {
  constructor(message: string, readonly status: number | null) {
    super(message);
    this.name = 'MembersFetchError';
  }
}

export function relayHttpBase(relayUrl: string): string {
  return relayUrl.replace(/\/+$/, '').replace(/^ws(s?):/, 'http$1:');
}

export async function fetchMembers(relayUrl: string, workspaceId: string, token: string, signal?: AbortSignal): Promise<MembersResponse> {
  const response = await fetch(`${relayHttpBase(relayUrl)}${membersPath(workspaceId)}`, {
    headers: { authorization: `Bearer ${token}` },
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) throw new MembersFetchError(`members: the relay answered ${response.status}`, response.status);
  const parsed = MembersResponseSchema.safeParse(await response.json());
  if (!parsed.success) throw new MembersFetchError(`members: unexpected answer (${parsed.error.message})`, response.status);
  return parsed.data;
}
