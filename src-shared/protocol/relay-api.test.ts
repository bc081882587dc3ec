import { describe, expect, it } from 'vitest';
import { relayHttpBase, relaySyncServerUrl } from './relay-api';

describe('relay URLs: one normalisation for both hosts', () => {
  it.each([
    'ws://127.0.0.1:8787/sync', 'ws://127.0.0.1:8787/sync/', 'ws://127.0.0.1:8787', 'http://127.0.0.1:8787',
    'http://127.0.0.1:8787/', 'http://127.0.0.1:8787/sync', ' ws://127.0.0.1:8787/sync?token=x ',
  ])('%s', (form) => {
    expect(relayHttpBase(form)).toBe('http://127.0.0.1:8787');
    // Main used to turn `ws://host/sync` into `…/sync/sync`.
    expect(relaySyncServerUrl(form)).toBe('ws://127.0.0.1:8787/sync');
  });
  it('keeps TLS', () => {
    expect(relayHttpBase('wss://relay.example.com/sync')).toBe('https://relay.example.com');
    expect(relaySyncServerUrl('https://relay.example.com')).toBe('wss://relay.example.com/sync');
  });
});
