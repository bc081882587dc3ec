// The app's settings file (in Electron's userData folder): who is signed in to
// which workspace, and the relay and token to sync with. The token is stored
// through `protect`/`unprotect` (Electron's safeStorage, i.e. the OS keychain,
// when available); the file is validated on read and replaced atomically.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export const SettingsSchema = z.object({
  workspaceId: z.string().min(1),
  userId: z.string().min(1),
  displayName: z.string(),
  relayUrl: z.string().nullable(),
  /** base64 of the protected token, or null when none is stored. */
  protectedToken: z.string().nullable(),
  tokenProtection: z.enum(['os', 'none']),
  syncEnabled: z.boolean().default(true),
});
export type StoredSettings = z.infer<typeof SettingsSchema>;

export interface Settings {
  workspaceId: string;
  userId: string;
  displayName: string;
  relayUrl: string | null;
  token: string | null;
  syncEnabled: boolean;
}

export interface TokenProtection {
  kind: 'os' | 'none';
  protect(plain: string): Buffer;
  unprotect(data: Buffer): string;
}

export const NO_PROTECTION: TokenProtection = {
  kind: 'none',
  protect: (plain) => Buffer.from(plain, 'utf8'),
  unprotect: (data) => data.toString('utf8'),
};

export class SettingsFileError extends Error {}

export function readSettings(file: string, protection: TokenProtection): Settings | null {
  if (!existsSync(file)) return null;
  const parsed = SettingsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new SettingsFileError(`${file} is not a valid settings file: ${z.prettifyError(parsed.error)}`);
  const stored = parsed.data;
  if (stored.protectedToken !== null && stored.tokenProtection !== protection.kind) {
    throw new SettingsFileError(`${file}: the token was stored with "${stored.tokenProtection}" protection, which is not available now; sign in again.`);
  }
  return {
    workspaceId: stored.workspaceId,
    userId: stored.userId,
    displayName: stored.displayName,
    relayUrl: stored.relayUrl,
    token: stored.protectedToken === null ? null : protection.unprotect(Buffer.from(stored.protectedToken, 'base64')),
    syncEnabled: stored.syncEnabled,
  };
}

export function writeSettings(file: string, settings: Settings, protection: TokenProtection): void {
  const stored: StoredSettings = {
    workspaceId: settings.workspaceId,
    userId: settings.userId,
    displayName: settings.displayName,
    relayUrl: settings.relayUrl,
    protectedToken: settings.token === null ? null : protection.protect(settings.token).toString('base64'),
    tokenProtection: protection.kind,
    syncEnabled: settings.syncEnabled,
  };
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

/** Signing out: forget who is signed in (and the token); the workspace files stay. */
export function clearSettings(file: string): void {
  rmSync(file, { force: true });
}
