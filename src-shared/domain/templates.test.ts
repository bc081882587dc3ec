import { expect, test } from 'vitest';
import { replica, syncPair } from '../doc/test-support';

test('creating from a template is one command; due offset counts from now', () => {
  const now = Date.parse('2026-11-21T08:00:00.000Z');
  const carol = replica('carol', undefined, () => now);
  const saved = carol.saveTemplate({
    name: 'Post-call follow-up', title: 'Send revised offer', description: 'Within 24h of the call',
    status: 'in_progress', dueOffsetMinutes: 24 * 60, ownerId: 'bob', watchers: ['carol'], tags: ['sales'],
    checklist: ['Draft', 'Send'],
  });
  if (!saved.ok) throw new Error(saved.error.message);
  const template = saved.value;
  const alice = replica('alice', undefined, () => now);
  syncPair(carol.doc, alice.doc);
  expect(alice.templates().map((t) => t.name)).toEqual(['Post-call follow-up']);
  // Templates are workspace settings: an operator uses them but does not change them.
  expect(alice.saveTemplate({ name: 'Mine', title: 'Mine' }).ok).toBe(false);
  const created = alice.createFromTemplate(template.id, { title: 'Send revised offer to ACME' });
  if (!created.ok) throw new Error(created.error.message);
  expect(created.value).toMatchObject({
    title: 'Send revised offer to ACME', description: 'Within 24h of the call', status: 'in_progress',
    dueAt: '2026-11-22T08:00:00.000Z', ownerId: 'bob', watchers: ['carol'], tags: ['sales'], origin: 'template',
    templateId: template.id,
  });
  expect(created.value.checklist.map((i) => i.text)).toEqual(['Draft', 'Send']);
});

test('an unknown template is refused', () => {
  const result = replica('alice').createFromTemplate('nope');
  expect(!result.ok && result.error.code).toBe('invalid_payload');
});
