import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/main/temp-dir';
import { NO_PROTECTION, readSettings, SettingsFileError, writeSettings, type Settings, type TokenProtection } from './app-settings';

const temp = makeTempDir();
afterAll(() => temp.remove());
const settings: Settings = {
  workspaceId: 'ops', userId: 'alice', displayName: 'Alice', relayUrl: 'wss://relay.example', token: 'hrt_secret', syncEnabled: true,
};
// Stands in for safeStorage (the OS keychain) in tests: reversible, and visibly not plain text.
const reversed: TokenProtection = {
  kind: 'os',
  protect: (plain) => Buffer.from([...plain].reverse().join(''), 'utf8'),
  unprotect: (data) => [...data.toString('utf8')].reverse().join(''),
};

describe('app settings', () => {
  it('round-trips, with the token only in protected form on disk', () => {
    const file = temp.file('settings.json');
    expect(readSettings(file, reversed)).toBeNull();
    writeSettings(file, settings, reversed);
    expect(readFileSync(file, 'utf8')).not.toContain('hrt_secret');
    expect(readSettings(file, reversed)).toEqual(settings);
  });

  it('refuses a token protected by a mechanism that is not available, and an invalid file', () => {
    const file = temp.file('os.json');
    writeSettings(file, settings, reversed);
    expect(() => readSettings(file, NO_PROTECTION)).toThrow(SettingsFileError);
    writeFileSync(file, JSON.stringify({ workspaceId: '', userId: 3 }));
    expect(() => readSettings(file, NO_PROTECTION)).toThrow(/not a valid settings file/);
  });
});
