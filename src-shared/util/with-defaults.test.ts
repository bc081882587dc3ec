import { describe, expect, it } from 'vitest';
import { withDefaults } from './with-defaults';

describe('withDefaults', () => {
  it('keeps a default when the override is undefined, and takes every defined override (null, 0, false too)', () => {
    const defaults = { undoMs: 10_000, name: 'a', flag: true, owner: 'x' as string | null };
    expect(withDefaults(defaults, { undoMs: undefined, name: undefined })).toEqual(defaults);
    expect(withDefaults(defaults, { undoMs: 0, flag: false, owner: null })).toEqual({ undoMs: 0, name: 'a', flag: false, owner: null });
  });
  it('does not change the defaults object', () => {
    const defaults = { a: 1 };
    withDefaults(defaults, { a: 2 });
    expect(defaults).toEqual({ a: 1 });
  });
});
