import { describe, expect, it } from 'vitest';
import { KEY_BINDINGS, fuzzyScore, paletteMatches, resolveKey, type KeyInput } from './keymap';

const key = (k: string, extra: Partial<KeyInput> = {}): KeyInput =>
  ({ key: k, ctrlKey: false, metaKey: false, altKey: false, inTextField: false, ...extra });
const idle = { dialogOpen: false };

describe('keymap', () => {
  it('maps the issue\'s keys to their actions', () => {
    expect(resolveKey(key('c'), idle)).toBe('create');
    expect(resolveKey(key('j'), idle)).toBe('move-down');
    expect(resolveKey(key('k'), idle)).toBe('move-up');
    expect(resolveKey(key('Enter'), idle)).toBe('open');
    expect(resolveKey(key('Escape'), idle)).toBe('close');
    expect(resolveKey(key('e'), idle)).toBe('assign');
    expect(resolveKey(key('x'), idle)).toBe('dismiss');
    expect(resolveKey(key('s'), idle)).toBe('snooze');
    expect(resolveKey(key(' '), idle)).toBe('toggle-select');
    expect(resolveKey(key('/'), idle)).toBe('focus-filter');
    expect(resolveKey(key('?'), idle)).toBe('help');
    expect(resolveKey(key('h'), idle)).toBe('handoff');
  });

  it('fires no shortcut while typing in a text field, except Esc', () => {
    for (const k of ['c', 'j', 'x', 'e', ' ', '/', '?', 'Enter']) {
      expect(resolveKey(key(k, { inTextField: true }), idle)).toBeNull();
    }
    expect(resolveKey(key('Escape', { inTextField: true }), idle)).toBe('close');
  });

  it('leaves keys to an open dialog, except Esc', () => {
    expect(resolveKey(key('x'), { dialogOpen: true })).toBeNull();
    expect(resolveKey(key('Escape'), { dialogOpen: true })).toBe('close');
  });

  it('ignores modifier chords (browser and OS shortcuts) but the palette and undo', () => {
    expect(resolveKey(key('k', { ctrlKey: true }), idle)).toBe('palette');
    expect(resolveKey(key('k', { metaKey: true, inTextField: true }), idle)).toBe('palette');
    expect(resolveKey(key('z', { ctrlKey: true }), idle)).toBe('undo');
    expect(resolveKey(key('z', { metaKey: true, inTextField: true }), idle)).toBeNull();
    expect(resolveKey(key('k', { ctrlKey: true }), { dialogOpen: true })).toBeNull();
    expect(resolveKey(key('c', { ctrlKey: true }), idle)).toBeNull();
    expect(resolveKey(key('c', { metaKey: true }), idle)).toBeNull();
    expect(resolveKey(key('x', { altKey: true }), idle)).toBeNull();
  });

  it('repeats movement but never a destructive action held down', () => {
    expect(resolveKey(key('j', { repeat: true }), idle)).toBe('move-down');
    expect(resolveKey(key('x', { repeat: true }), idle)).toBeNull();
  });

  it('binds every key once', () => {
    const keys = KEY_BINDINGS.flatMap((binding) => binding.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('ignores keys it does not know', () => {
    expect(resolveKey(key('q'), idle)).toBeNull();
    expect(resolveKey(key('F5'), idle)).toBeNull();
  });

  it('maps the triage keys: board moves, status picker, outcome, undo', () => {
    expect(resolveKey(key('['), idle)).toBe('status-prev');
    expect(resolveKey(key(']'), idle)).toBe('status-next');
    expect(resolveKey(key('m'), idle)).toBe('set-status');
    expect(resolveKey(key('D'), idle)).toBe('complete-outcome');
    expect(resolveKey(key('u'), idle)).toBe('undo');
  });

  it('names every action once, so the palette lists each by name', () => {
    const names = KEY_BINDINGS.map((binding) => binding.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('Board view');
  });
});

describe('palette matching', () => {
  it('lists everything for no text and matches letters in order', () => {
    expect(paletteMatches('')).toHaveLength(KEY_BINDINGS.length);
    expect(paletteMatches('dism').map((binding) => binding.action)).toContain('dismiss');
    expect(paletteMatches('cmpl outc')[0]?.action).toBe('complete-outcome');
    expect(paletteMatches('zzzq')).toEqual([]);
  });

  it('ranks a prefix before a word start before scattered letters', () => {
    expect(fuzzyScore('sno', 'snooze')).toBe(0);
    expect(fuzzyScore('view', 'board view')).toBe(1);
    expect(fuzzyScore('bv', 'board view')).toBeGreaterThan(1);
    expect(paletteMatches('board')[0]?.action).toBe('view-board');
  });
});
