// The screenshots' workspace says what its roster says: one members log, so
// Settings > Members shows Farah as the lead the fixture declares (a second log
// stamped alike once raced her back to operator).
import * as Y from 'yjs';
import { expect, it } from 'vitest';
import { createRepository } from '../../src-shared/doc/repository';
import { buildShowcaseUpdate, SHOWCASE_MEMBERS } from '../../bench/showcase-fixture';

it('the showcase workspace gives every member the role and name its roster declares', () => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, buildShowcaseUpdate(60));
  const repository = createRepository(doc, { actor: 'alice' });
  const members = new Map(repository.members().map((member) => [member.userId, member]));
  for (const { userId, role, displayName } of SHOWCASE_MEMBERS) {
    expect(members.get(userId)).toMatchObject({ userId, role, displayName });
  }
  expect(repository.roleOf('farah')).toBe('lead');
});
