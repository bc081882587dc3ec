import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUSES } from './statuses';
import { adjacentStatus } from './triage';

describe('adjacentStatus', () => {
  const ids = DEFAULT_STATUSES.map((status) => status.id);
  it('steps through the workspace order', () => {
    expect(adjacentStatus(DEFAULT_STATUSES, ids[0] as string, 1)?.id).toBe(ids[1]);
    expect(adjacentStatus(DEFAULT_STATUSES, ids[2] as string, -1)?.id).toBe(ids[1]);
  });
  it('stops at the ends and for an unknown status', () => {
    expect(adjacentStatus(DEFAULT_STATUSES, ids[0] as string, -1)).toBeNull();
    expect(adjacentStatus(DEFAULT_STATUSES, ids[ids.length - 1] as string, 1)).toBeNull();
    expect(adjacentStatus(DEFAULT_STATUSES, 'nope', 1)).toBeNull();
  });
});
