import { describe, expect, it } from 'vitest';
import { httpBaseFromRelayUrl, parseMembers, syncServerUrl } from './members-cache';

describe('relay URLs and members', () => {
  it('accepts ws, http and /sync forms of the relay URL', () => {
    expect(httpBaseFromRelayUrl('ws://127.0.0.1:8787/sync')).toBe('http://127.0.0.1:8787');
    expect(httpBaseFromRelayUrl('wss://relay.example.com')).toBe('https://relay.example.com');
    expect(syncServerUrl('http://127.0.0.1:8787')).toBe('ws://127.0.0.1:8787/sync');
    expect(syncServerUrl('ws://127.0.0.1:8787/sync')).toBe('ws://127.0.0.1:8787/sync');
  });

  it('refuses a members list of the wrong shape instead of guessing', () => {
    expect(parseMembers([{ userId: 'a', role: 'lead' }])).toEqual([{ userId: 'a', role: 'lead' }]);
    expect(() => parseMembers([{ userId: 'a', role: 'king' }])).toThrow();
  });
});
