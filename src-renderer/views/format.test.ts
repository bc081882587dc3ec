import { describe, expect, it } from 'vitest';
import { choosablePeople } from '../model/people';
import { ownerLabel, rowLabel } from './format';
import type { TaskState } from '../../src-shared/domain/types';

describe('owners as people see them', () => {
  const people = choosablePeople([
    { userId: 'u-ann', role: 'operator', displayName: 'Ann Lee' },
    { userId: 'u-bo', role: 'lead' },
  ], 'u-ann');

  it('shows the display name, the id only when no name is known, and Unassigned', () => {
    expect(ownerLabel('u-ann', people)).toBe('Ann Lee');
    expect(ownerLabel('u-bo', people)).toBe('u-bo');
    expect(ownerLabel('u-gone', people)).toBe('u-gone');
    expect(ownerLabel(null, people)).toBe('Unassigned');
  });

  it('names the owner by display name and the status by its workspace label in the row label, blocked / ready last', () => {
    const task = { title: 'Restock gate B2 cones', status: 'in_progress', ownerId: 'u-ann', priority: 'high', resolution: null } as unknown as TaskState;
    expect(rowLabel(task, 'In progress', ownerLabel(task.ownerId, people))).toBe('Restock gate B2 cones, In progress, Ann Lee, High');
    expect(rowLabel(task, 'In progress', 'Ann Lee', 'blocked')).toBe('Restock gate B2 cones, In progress, Ann Lee, High, blocked');
  });
});
