import { expect, test } from 'vitest';
import { plural, withArticle } from './text';

test('plural and article', () => {
  expect(plural(1, 'task')).toBe('1 task');
  expect(plural(0, 'task')).toBe('0 tasks');
  expect(plural(2, 'unsent change')).toBe('2 unsent changes');
  expect(withArticle('operator')).toBe('an operator');
  expect(withArticle('lead')).toBe('a lead');
  expect(withArticle('integration')).toBe('an integration');
});
