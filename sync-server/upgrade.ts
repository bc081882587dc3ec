// Authentication at the HTTP upgrade, decided on the raw request URL. The path must be exactly
// `/sync/<canonical workspace id>`: the id's alphabet needs no percent-encoding, so `%2F`, `..`,
// `//` or a trailing slash can only be an attempt to confuse a path normaliser and are refused
// rather than normalised. The decision is delivered by the caller after completing the upgrade
// (close code + reason), because browsers only ever see 1006 for a rejected upgrade and retry.
import { GENERATION_PARAM } from '../src-shared/protocol/archive-api';
import { RelayCloseCode, SYNC_PATH_PREFIX, WorkspaceIdSchema } from '../src-shared/protocol/relay-api';
import type { Principal, TokenRegistry } from './auth';

export type UpgradeDecision =
  | { ok: true; workspace: string; principal: Principal; /** The live-document generation the client's replica belongs to. */ generation: number }
  | { ok: false; code: number; reason: string; /** log-safe (never the token) */ logReason: string; workspace?: string; tokenId?: string };

export function parseSyncUrl(rawUrl: string): { workspace: string; token: string | null; generation: number } | { error: string } {
  const queryStart = rawUrl.indexOf('?');
  const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const query = queryStart === -1 ? '' : rawUrl.slice(queryStart + 1);
  const prefix = `${SYNC_PATH_PREFIX}/`;
  if (!path.startsWith(prefix)) return { error: 'unknown path' };
  const workspace = path.slice(prefix.length);
  if (!WorkspaceIdSchema.safeParse(workspace).success) return { error: 'invalid workspace id' };
  const params = new URLSearchParams(query);
  const tokens = params.getAll('token');
  if (tokens.length > 1) return { error: 'more than one token' };
  const generations = params.getAll(GENERATION_PARAM);
  if (generations.length > 1) return { error: 'more than one generation' };
  // Missing = 0: every client from before generations holds a generation-0 replica.
  const generation = generations.length === 0 ? 0 : Number(generations[0]);
  if (!/^\d{1,9}$/.test(generations[0] ?? '0') || !Number.isSafeInteger(generation)) return { error: 'invalid generation' };
  return { workspace, token: tokens[0] ?? null, generation };
}

export function decideUpgrade(rawUrl: string, registry: TokenRegistry): UpgradeDecision {
  const parsed = parseSyncUrl(rawUrl);
  if ('error' in parsed) {
    return { ok: false, code: RelayCloseCode.badRequest, reason: parsed.error, logReason: parsed.error };
  }
  const { workspace, token, generation } = parsed;
  if (!token) {
    return { ok: false, code: RelayCloseCode.unauthorized, reason: 'missing token', logReason: 'missing_token', workspace };
  }
  const principal = registry.verify(token);
  if (!principal) {
    return { ok: false, code: RelayCloseCode.unauthorized, reason: 'invalid or revoked token', logReason: 'invalid_token', workspace };
  }
  if (principal.workspace !== workspace) {
    return {
      ok: false,
      code: RelayCloseCode.forbidden,
      reason: 'token is not valid for this workspace',
      logReason: 'wrong_workspace',
      workspace,
      tokenId: principal.tokenId,
    };
  }
  return { ok: true, workspace, principal, generation };
}
