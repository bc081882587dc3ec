import { describe, expect, it } from 'vitest';
import type { TaskState } from '../../src-shared/domain/types';
import type { HandoffGroup } from './handoff-groups';
import { MAX_EXPANDED_TASKS, memorySeenHandoffs, opensExpanded } from './seen-handoffs';

const group = (handoffId: string, taskCount: number): HandoffGroup => ({
  handoffId, from: 'lea', at: '2026-12-07T08:00:00.000Z-0000', note: '',
  tasks: Array.from({ length: taskCount }, () => ({}) as TaskState),
});

describe('"Handed to you" opens expanded', () => {
  it('for a short handoff not seen yet, collapsed once seen', () => {
    const seen = memorySeenHandoffs();
    expect(opensExpanded([group('h1', 2)], seen)).toBe(true);
    seen.add(['h1']);
    expect(opensExpanded([group('h1', 2)], seen)).toBe(false);
    expect(opensExpanded([group('h1', 2), group('h2', 1)], seen)).toBe(true);
  });
  it('never when it holds more than a few tasks', () => {
    expect(opensExpanded([group('h1', MAX_EXPANDED_TASKS + 1)], memorySeenHandoffs())).toBe(false);
  });
});
