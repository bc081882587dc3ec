// Members and roles come from the relay (never from the document). The last
// list we fetched is kept in localStorage so the owner picker and approval
// rules still know the team when the device is offline.
import { ROLES, type Role } from '../../src-shared/domain/types';
import type { Member } from '../host/host';

export function httpBaseFromRelayUrl(relayUrl: string): string {
  const url = new URL(relayUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  // The relay serves sync at <base>/sync and its HTTP API at <base>/api.
  url.pathname = url.pathname.replace(/\/sync\/?$/, '').replace(/\/$/, '');
  url.search = '';
  return url.toString().replace(/\/$/, '');
}

export function parseMembers(body: unknown): Member[] {
  const list = Array.isArray(body) ? body : (body as { members?: unknown } | null)?.members;
  if (!Array.isArray(list)) throw new Error('The relay answered the members request with an unexpected shape.');
  const members: Member[] = [];
  for (const entry of list) {
    const userId = (entry as { userId?: unknown }).userId;
    const role = (entry as { role?: unknown }).role;
    if (typeof userId === 'string' && typeof role === 'string' && (ROLES as readonly string[]).includes(role)) {
      members.push({ userId, role: role as Role });
    }
  }
  return members;
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

/** Fetch from the relay; on a network failure fall back to the cached list (if any). */
export async function fetchMembers(
  relayUrl: string, workspaceId: string, token: string, cache: MembersCache,
): Promise<{ members: Member[]; fresh: boolean }> {
  const url = `${httpBaseFromRelayUrl(relayUrl)}/api/workspaces/${encodeURIComponent(workspaceId)}/members`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  } catch (networkError) {
    const cached = cache.load();
    if (cached !== null) return { members: cached, fresh: false };
    throw networkError;
  }
  if (!response.ok) {
    const cached = cache.load();
    if (cached !== null && response.status >= 500) return { members: cached, fresh: false };
    throw new Error(`The relay refused the members request (HTTP ${response.status}).`);
  }
  const members = parseMembers(await response.json());
  cache.save(members);
  return { members, fresh: true };
}
