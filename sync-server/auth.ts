// Tokens: random secrets that map to (workspace, user, role). Only a SHA-256 hash of the secret is
// stored, so a copy of the database does not let anyone connect; the token id (public) is what
// logs and `token list` show. Lookups hash the presented token and find it by a unique index, so
// there is no secret-dependent string comparison to time. Answers are cached only until the
// database changes (SQLite's data_version, read at most once per event-loop turn), so a token
// revoked by the CLI is refused on the very next request or connection, and live connections are
// re-checked periodically. (An uncached verify was 12% of the relay's CPU in the tracking bench.)
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { ulid } from 'ulid';
import { RELAY_ACTOR } from '../src-shared/domain/members';
import { RelayRoleSchema, WorkspaceIdSchema, type RelayRole, type RelayMember } from '../src-shared/protocol/relay-api';
import type { RelayDatabase } from './db/open';
import { tokens } from './db/schema';

export const TOKEN_PREFIX = 'hrt_';

export interface Principal {
  tokenId: string;
  workspace: string;
  userId: string;
  role: RelayRole;
}

export interface TokenRecord extends Principal {
  createdAt: number;
  revokedAt: number | null;
}

export interface CreatedToken extends TokenRecord {
  /** The secret. Shown once, never stored. */
  token: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Roles whose document updates the relay accepts. */
export function canWrite(role: RelayRole): boolean {
  return role !== 'viewer';
}

export class TokenRegistry {
  /** Token id -> active, valid while the database's data_version stays the same. */
  private readonly activeCache = new Map<string, boolean>();
  private readonly membersCache = new Map<string, RelayMember[]>();
  /** Presented token -> principal (null: unknown or revoked), while data_version stays the same. */
  private readonly verifyCache = new Map<string, Principal | null>();
  private cachedVersion = -1;
  /** data_version was read in this event-loop turn: nothing committed in between can be seen anyway. */
  private versionReadThisTurn = false;

  constructor(
    private readonly db: RelayDatabase,
    private readonly now: () => number = Date.now,
    /** The raw connection, to notice writes by other processes (the admin CLI) through data_version. */
    private readonly sqlite: Database.Database | null = null,
  ) {}

  create(input: { workspace: string; userId: string; role: string; displayName?: string }): CreatedToken {
    const workspaceResult = WorkspaceIdSchema.safeParse(input.workspace);
    if (!workspaceResult.success) throw new Error(`invalid workspace id ${JSON.stringify(input.workspace)}: ${workspaceResult.error.issues[0]?.message}`);
    const roleResult = RelayRoleSchema.safeParse(input.role);
    if (!roleResult.success) throw new Error(`invalid role ${JSON.stringify(input.role)}: expected one of ${RelayRoleSchema.options.join(', ')}`);
    const workspace = workspaceResult.data;
    const role = roleResult.data;
    const userId = input.userId.trim();
    if (userId.length === 0 || userId.length > 200) throw new Error('user id must be 1-200 characters');
    if (userId === RELAY_ACTOR) throw new Error(`"${RELAY_ACTOR}" is the relay's own name; choose another user id`);
    const displayName = input.displayName?.trim() || null;
    if (displayName !== null && displayName.length > 200) throw new Error('display name must be at most 200 characters');
    this.clearCaches();
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const record: TokenRecord = { tokenId: ulid(), workspace, userId, role, createdAt: this.now(), revokedAt: null };
    this.db
      .insert(tokens)
      .values({
        id: record.tokenId,
        tokenHash: hashToken(token),
        workspace,
        userId,
        role,
        displayName,
        createdAt: record.createdAt,
      })
      .run();
    return { ...record, token };
  }

  /** The principal for a presented token, or null when it is unknown or revoked. */
  verify(token: string | null | undefined): Principal | null {
    if (!token || token.length > 512) return null;
    if (this.sqlite === null) return this.lookup(token);
    this.refreshCaches();
    let principal = this.verifyCache.get(token);
    if (principal === undefined) {
      principal = this.lookup(token);
      // Bounded: anyone can present garbage tokens; a full cache starts over.
      if (this.verifyCache.size >= 10_000) this.verifyCache.clear();
      this.verifyCache.set(token, principal);
    }
    return principal;
  }

  private lookup(token: string): Principal | null {
    const row = this.db
      .select()
      .from(tokens)
      .where(and(eq(tokens.tokenHash, hashToken(token)), isNull(tokens.revokedAt)))
      .get();
    return row ? { tokenId: row.id, workspace: row.workspace, userId: row.userId, role: row.role } : null;
  }

  /**
   * isActive for every write a connection makes: answered from a cache until the database changes
   * (another process's commit moves SQLite's data_version), so a revocation by the CLI stops the
   * very next write at the cost of one pragma per write.
   */
  isActiveNow(tokenId: string): boolean {
    if (this.sqlite === null) return this.isActive(tokenId);
    this.refreshCaches();
    let active = this.activeCache.get(tokenId);
    if (active === undefined) {
      active = this.isActive(tokenId);
      this.activeCache.set(tokenId, active);
    }
    return active;
  }

  /** True while the token id exists and is not revoked (used to drop live revoked sessions). */
  isActive(tokenId: string): boolean {
    const row = this.db
      .select({ id: tokens.id })
      .from(tokens)
      .where(and(eq(tokens.id, tokenId), isNull(tokens.revokedAt)))
      .get();
    return row !== undefined;
  }

  list(filter: { workspace?: string } = {}): TokenRecord[] {
    const query = this.db.select().from(tokens);
    const rows = (filter.workspace ? query.where(eq(tokens.workspace, filter.workspace)) : query)
      .orderBy(tokens.createdAt, tokens.id)
      .all();
    return rows.map((row) => ({
      tokenId: row.id,
      workspace: row.workspace,
      userId: row.userId,
      role: row.role,
      createdAt: row.createdAt,
      revokedAt: row.revokedAt,
    }));
  }

  /** Revokes by secret or by public id. Returns the revoked record, or null if none matched. */
  revoke(by: { token: string } | { tokenId: string }): TokenRecord | null {
    const where = 'token' in by ? eq(tokens.tokenHash, hashToken(by.token)) : eq(tokens.id, by.tokenId);
    const row = this.db.select().from(tokens).where(where).get();
    if (!row) return null;
    this.clearCaches();
    const revokedAt = row.revokedAt ?? this.now();
    if (row.revokedAt === null) this.db.update(tokens).set({ revokedAt }).where(eq(tokens.id, row.id)).run();
    return { tokenId: row.id, workspace: row.workspace, userId: row.userId, role: row.role, createdAt: row.createdAt, revokedAt };
  }

  /**
   * members() for every join and every recheck: cached per workspace until the database changes
   * (data_version, as for isActiveNow), so a shift start of hundreds of joins is one query.
   */
  membersNow(workspace: string): RelayMember[] {
    if (this.sqlite === null) return this.members(workspace);
    this.refreshCaches();
    let members = this.membersCache.get(workspace);
    if (!members) {
      members = this.members(workspace);
      this.membersCache.set(workspace, members);
    }
    return members;
  }

  private refreshCaches(): void {
    if (this.versionReadThisTurn) return;
    this.versionReadThisTurn = true;
    setImmediate(() => { this.versionReadThisTurn = false; });
    const version = (this.sqlite as Database.Database).pragma('data_version', { simple: true }) as number;
    if (version !== this.cachedVersion) {
      this.clearCaches();
      this.cachedVersion = version;
    }
  }

  private clearCaches(): void {
    this.activeCache.clear();
    this.membersCache.clear();
    this.verifyCache.clear();
  }

  /** Members = users with at least one live token; each with the role of their newest token. */
  members(workspace: string): RelayMember[] {
    const rows = this.db
      .select({ userId: tokens.userId, role: tokens.role, displayName: tokens.displayName })
      .from(tokens)
      .where(and(eq(tokens.workspace, workspace), isNull(tokens.revokedAt)))
      .orderBy(desc(tokens.createdAt), desc(tokens.id))
      .all();
    const byUser = new Map<string, RelayMember>();
    // The newest token decides the role; the newest token that names the user decides the name.
    for (const row of rows) {
      const known = byUser.get(row.userId);
      if (!known) byUser.set(row.userId, { userId: row.userId, role: row.role, ...(row.displayName ? { displayName: row.displayName } : {}) });
      else if (known.displayName === undefined && row.displayName) known.displayName = row.displayName;
    }
    return [...byUser.values()].sort((a, b) => a.userId.localeCompare(b.userId));
  }
}
