import { expect, test } from 'vitest';
import { checkConfigEvent, type ConfigEvent } from './config';
import { mappingFromText, mappingStatesText, statusMappingsError } from './status-mappings';
import { DEFAULT_SETTINGS, DEFAULT_STATUSES } from './statuses';
import { parseTimeZone } from './time-zone';
import { replica } from '../doc/test-support';

const settingsEvent = (key: string, value: unknown): ConfigEvent =>
  ({ id: '01', actor: 'lea', at: '1', type: 'settings.changed', payload: { key, value } }) as ConfigEvent;

test('a complete mapping (seed 001) passes; text round-trips', () => {
  const advance = DEFAULT_SETTINGS.statusMappings.advance;
  if (!advance) throw new Error('seed mapping');
  expect(statusMappingsError(DEFAULT_SETTINGS.statusMappings, DEFAULT_STATUSES)).toBeNull();
  const parsed = mappingFromText('advance', mappingStatesText(advance), 'cancelled', DEFAULT_STATUSES);
  expect(parsed).toEqual({ ok: true, value: { name: 'advance', mapping: advance } });
});

test('incomplete mappings are refused with what is missing', () => {
  const message = (name: string, text: string, archived: string) => {
    const r = mappingFromText(name, text, archived, DEFAULT_STATUSES);
    return r.ok ? null : r.error.message;
  };
  expect(message('feed', 'open = todo', '')).toMatch(/no archived status/);
  expect(message('feed', 'open = nowhere', 'cancelled')).toMatch(/“nowhere”, which is not a status/);
  expect(message('feed', '', 'cancelled')).toMatch(/maps no source state/);
  expect(message('feed', 'open todo', 'cancelled')).toMatch(/is not “source state = status”/);
  expect(message('feed', 'open = todo\nopen = completed', 'cancelled')).toMatch(/mapped twice/);
  expect(message('feed', 'open = todo', 'gone')).toMatch(/archived status “gone” is not a status/);
});

test('the config log checks mappings against the workspace\'s statuses, in the fold too', () => {
  const noArchived = { feed: { states: { open: 'todo' } } };
  expect(checkConfigEvent(settingsEvent('statusMappings', noArchived), 'lead')?.message).toMatch(/no archived status/);
  const unknown = { feed: { states: { open: 'on_hold' }, archived: 'cancelled' } };
  expect(checkConfigEvent(settingsEvent('statusMappings', unknown), 'lead', DEFAULT_SETTINGS)?.message).toMatch(/not a status of this workspace/);
  const carol = replica('carol');
  expect(carol.updateSettings({ statusMappings: unknown })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  expect(carol.updateSettings({ statuses: [...DEFAULT_STATUSES, { id: 'on_hold', label: 'On hold', category: 'waiting' }] }).ok).toBe(true);
  expect(carol.updateSettings({ statusMappings: unknown }).ok).toBe(true);
  expect(carol.settings().statusMappings.feed).toEqual(unknown.feed);
});

test('the workspace time zone is an IANA name or none', () => {
  expect(parseTimeZone(' Europe/Paris ')).toEqual({ ok: true, value: 'Europe/Paris' });
  expect(parseTimeZone('')).toEqual({ ok: true, value: null });
  expect(parseTimeZone('Mars/Olympus')).toMatchObject({ ok: false });
  expect(checkConfigEvent(settingsEvent('timeZone', 'Mars/Olympus'), 'lead')?.message).toMatch(/not a time zone/);
  expect(checkConfigEvent(settingsEvent('timeZone', 'America/Chicago'), 'lead')).toBeNull();
  expect(checkConfigEvent(settingsEvent('timeZone', null), 'lead')).toBeNull();
});
