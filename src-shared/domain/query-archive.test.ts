import { describe, expect, test } from 'vitest';
import { replica } from '../doc/test-support';
import { archiveSearchText, matchesQuery, mentionsClosure, parseQuery, type Query, type QueryContext } from './query';

const parse = (text: string): Query => {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};

describe('is:archived', () => {
  test('parses, counts as naming closure, and matches only what the context says is archived', () => {
    const alice = replica('alice');
    const made = alice.create({ title: 'Seal dock 4' });
    if (!made.ok) throw new Error('create');
    const task = made.value;
    const live: QueryContext = { me: 'alice', now: Date.now(), isBlocked: () => false };
    expect(mentionsClosure(parse('is:archived'))).toBe(true);
    expect(matchesQuery(parse('is:archived'), task, live)).toBe(false);
    expect(matchesQuery(parse('-is:archived'), task, live)).toBe(true);
    const archive: QueryContext = { ...live, isArchived: () => true };
    expect(matchesQuery(parse('is:archived seal'), task, archive)).toBe(true);
    expect(matchesQuery(parse('is:archived crane'), task, archive)).toBe(false);
  });

  test('a misspelt value still names the choices', () => {
    const parsed = parseQuery('is:archive');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(/archived/);
  });
});

describe('what the list asks the archive', () => {
  test('asks with Show completed, is:archived or free text, never with -is:archived', () => {
    expect(archiveSearchText(null, false)).toBeNull();
    expect(archiveSearchText(parse('owner:me'), false)).toBeNull();
    expect(archiveSearchText(null, true)).toBe('');
    expect(archiveSearchText(parse('is:archived owner:me'), false)).toBe('owner:me');
    expect(archiveSearchText(parse('"dock 4" -tag:noise'), false)).toBe('"dock 4" -tag:noise');
    expect(archiveSearchText(parse('-is:archived seal'), true)).toBeNull();
    expect(archiveSearchText(parse('-seal'), false)).toBeNull();
  });

  test('what it sends parses back to the same terms', () => {
    for (const text of ['is:archived priority:high,low link:order:PO-1 "reefer alarm"', 'seal -owner:bob closed:2026-11-30']) {
      const sent = archiveSearchText(parse(text), true) as string;
      expect(parse(sent).terms).toEqual(parse(text).terms.filter((t) => !(t.key === 'is' && t.values.includes('archived'))));
    }
  });
});
