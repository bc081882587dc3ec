import { describe, expect, it } from 'vitest';
import { makeLabels } from '../model/labels';
import { rowLabel } from './format';
import type { TaskState } from '../../src-shared/domain/types';

describe('owners as people see them', () => {
  const { person: ownerLabel } = makeLabels([
    { userId: 'u-ann', role: 'operator', displayName: 'Ann Lee' },
    { userId: 'u-bo', role: 'lead' },
    { userId: 'wms', role: 'integration', displayName: 'Warehouse system' },
  ], []);

  it('shows the display name, the id only when no name is known, and Unassigned', () => {
    expect(ownerLabel('u-ann')).toBe('Ann Lee');
    expect(ownerLabel('u-bo')).toBe('u-bo');
    expect(ownerLabel('u-gone')).toBe('u-gone');
    expect(ownerLabel(null)).toBe('Unassigned');
    // An integration account is named too (it authors suggestions), though no one picks it as an owner.
    expect(ownerLabel('wms')).toBe('Warehouse system');
  });

  it('names the owner by display name and the status by its workspace label in the row label, blocked / ready last', () => {
    const task = { title: 'Restock gate B2 cones', status: 'in_progress', ownerId: 'u-ann', priority: 'high', resolution: null } as unknown as TaskState;
    expect(rowLabel(task, 'In progress', ownerLabel(task.ownerId))).toBe('Restock gate B2 cones, In progress, Ann Lee, High');
    expect(rowLabel(task, 'In progress', 'Ann Lee', 'blocked')).toBe('Restock gate B2 cones, In progress, Ann Lee, High, blocked');
  });
});
