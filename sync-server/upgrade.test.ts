import { describe, expect, it } from 'vitest';
import { MalformedMessageError, parseMessage } from './protocol';
import { KeyedRateLimiter, TokenBucket } from './limits';
import { parseSyncUrl } from './upgrade';

describe('parseSyncUrl', () => {
  it('accepts exactly /sync/<canonical id> with one token', () => {
    expect(parseSyncUrl('/sync/acme-ops_1.eu?token=abc')).toEqual({ workspace: 'acme-ops_1.eu', token: 'abc', generation: 0 });
    expect(parseSyncUrl('/sync/acme?token=abc&gen=3')).toEqual({ workspace: 'acme', token: 'abc', generation: 3 });
    for (const bad of ['gen=-1', 'gen=x', 'gen=1.5', 'gen=', 'gen=1&gen=2']) expect(parseSyncUrl(`/sync/acme?token=abc&${bad}`)).toHaveProperty('error');
    expect(parseSyncUrl('/sync/acme')).toEqual({ workspace: 'acme', token: null, generation: 0 });
  });
  it.each(['/sync/', '/sync', '/sync/acme/', '/sync//acme', '/sync/../acme', '/sync/a..b', '/sync/%61cme', '/sync/a%2Fb', '/SYNC/acme', '/sync/.acme', '/sync/-acme', '/sync/acme/x', `/sync/${'a'.repeat(129)}`])(
    'refuses %s',
    (path) => {
      expect(parseSyncUrl(`${path}?token=t`)).toHaveProperty('error');
    },
  );
  it('refuses two tokens', () => {
    expect(parseSyncUrl('/sync/acme?token=a&token=b')).toHaveProperty('error');
  });
});

describe('parseMessage', () => {
  it('parses the y-websocket messages', () => {
    expect(parseMessage(new Uint8Array([0, 0, 1, 0]))).toEqual({ kind: 'sync-step1', stateVector: new Uint8Array([0]) });
    expect(parseMessage(new Uint8Array([0, 2, 2, 0, 0]))).toEqual({ kind: 'sync-update', update: new Uint8Array([0, 0]) });
    expect(parseMessage(new Uint8Array([3]))).toEqual({ kind: 'query-awareness' });
  });
  it.each([
    ['empty', []],
    ['unknown type', [9]],
    ['unknown sync type', [0, 5, 0]],
    ['truncated', [0, 2, 5, 1]],
    ['trailing bytes', [0, 0, 1, 0, 7]],
    ['varint over 53 bits', [0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]],
  ])('refuses %s', (_name, bytes) => {
    expect(() => parseMessage(new Uint8Array(bytes))).toThrow(MalformedMessageError);
  });
  it('never reads past the message even when it is a view into a larger buffer', () => {
    const backing = new Uint8Array([0, 2, 4, 1, 2, 3, 4]);
    expect(() => parseMessage(backing.subarray(0, 5))).toThrow(MalformedMessageError);
  });
});

describe('rate limits', () => {
  it('token bucket allows the burst, then the refill rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    expect(Array.from({ length: 6 }, () => bucket.take())).toEqual([true, true, true, true, true, false]);
    now += 100;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });
  it('keyed limiter forgets idle keys', () => {
    let now = 0;
    const limiter = new KeyedRateLimiter(1, 2, () => now);
    expect(limiter.take('a')).toBe(true);
    now += 5000;
    limiter.sweep();
    expect(limiter.size).toBe(0);
  });
});
