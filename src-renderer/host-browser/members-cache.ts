// Members and roles come from the relay (never from the document). The last
// list we fetched is kept in localStorage so the owner picker and approval
// rules still know the team when the device is offline.
import { z } from 'zod';
import {
  MembersResponseSchema, RelayMemberSchema, SYNC_PATH_PREFIX, membersPath, relaySyncServerUrl, type RelayMember,
} from '../../src-shared/protocol/relay-api';
import type { Member } from '../host/host';

/** Accepts `http(s)://host:port`, `ws(s)://host:port` or either with `/sync`: returns the HTTP base. */
export function httpBaseFromRelayUrl(relayUrl: string): string {
  const url = new URL(relayUrl);
  url.protocol = url.protocol === 'wss:' || url.protocol === 'https:' ? 'https:' : 'http:';
  url.pathname = url.pathname.replace(/\/+$/, '').replace(new RegExp(`${SYNC_PATH_PREFIX}$`), '');
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/** The `serverUrl` for WebsocketProvider (it appends `/<workspace>`). */
export function syncServerUrl(relayUrl: string): string {
  return relaySyncServerUrl(httpBaseFromRelayUrl(relayUrl));
}

export function parseMembers(body: unknown): Member[] {
  return z.array(RelayMemberSchema).parse(body);
}

export class MembersCache {
  constructor(private readonly storageKey: string) {}

  load(): Member[] | null {
    const raw = window.localStorage.getItem(this.storageKey);
    return raw === null ? null : parseMembers(JSON.parse(raw));
  }

  save(members: Member[]): void {
    window.localStorage.setItem(this.storageKey, JSON.stringify(members));
  }
}

export interface MembersAnswer {
  members: Member[];
  /** The caller as the relay sees the token; null when the list came from the cache. */
  me: RelayMember | null;
}

/** Fetch from the relay; when the relay cannot be reached, fall back to the cached list (if any). */
export async function fetchMembers(
  relayUrl: string, workspaceId: string, token: string, cache: MembersCache | null,
): Promise<MembersAnswer> {
  const url = `${httpBaseFromRelayUrl(relayUrl)}${membersPath(workspaceId)}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  } catch (networkError) {
    const cached = cache?.load() ?? null;
    if (cached !== null) return { members: cached, me: null };
    throw networkError;
  }
  if (!response.ok) {
    const cached = cache?.load() ?? null;
    if (cached !== null && response.status >= 500) return { members: cached, me: null };
    throw new Error(`The relay refused the members request (HTTP ${response.status}).`);
  }
  const answer = MembersResponseSchema.parse(await response.json());
  cache?.save(answer.members);
  return { members: answer.members, me: answer.me };
}
