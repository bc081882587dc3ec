import { describe, expect, it } from 'vitest';
import { HighlightTrail, replacementFor } from './highlight-trail';

describe('the row that takes a vanished highlighted row\'s place', () => {
  const shownIn = (ids: readonly string[]) => (id: string) => ids.includes(id);

  it('is the next row still shown, else the previous one, else none', () => {
    expect(replacementFor(['a', 'b', 'c', 'd'], 'b', shownIn(['a', 'c', 'd']))).toBe('c');
    expect(replacementFor(['a', 'b', 'c', 'd'], 'b', shownIn(['a', 'd']))).toBe('d');
    expect(replacementFor(['a', 'b', 'c'], 'c', shownIn(['a', 'b']))).toBe('b');
    expect(replacementFor(['a', 'b'], 'b', shownIn(['z']))).toBeNull();
    expect(replacementFor(['a', 'b'], 'x', shownIn(['a']))).toBeNull();
  });

  it('follows a view through its lists: chosen if shown, its replacement when gone, the first when it was never seen', () => {
    const trail = new HighlightTrail();
    const before = ['a', 'b', 'c'];
    expect(trail.resolve('my-day', before, 'b')).toBe('b');
    const after = ['a', 'c', 'n'];
    expect(trail.resolve('my-day', after, 'b')).toBe('c');
    // Another view keeps its own trail.
    expect(trail.resolve('approvals', after, 'b')).toBe('a');
    expect(trail.resolve('my-day', ['a', 'n'], 'b')).toBe('a');
    expect(trail.resolve('my-day', ['x'], null)).toBe('x');
    expect(trail.resolve('my-day', [], 'b')).toBeNull();
  });
});
