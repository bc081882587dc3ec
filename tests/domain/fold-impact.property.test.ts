// Property: refolding only the tasks a settings change reaches (fold-impact.ts) gives the
// same states as folding every task again. A replica applies random task commands (with
// statuses, approvals, tracked sources, task types) interleaved with random changes to every
// setting the fold reads (status categories, order, labels, colours, hidden, added and removed
// statuses, mappings, approvers, self-approval, types requiring approval); after each change its
// incremental view must equal a fresh replica's fold of the same document.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { createRepository, type TaskRepository } from '../../src-shared/doc/repository';
import { replica } from '../../src-shared/doc/test-support';
import { DEFAULT_SETTINGS, DEFAULT_STATUSES } from '../../src-shared/domain/statuses';
import { STATUS_CATEGORIES, type StatusDefinition, type WorkspaceSettings } from '../../src-shared/domain/types';

const EXTRA: StatusDefinition[] = [
  { id: 'on_hold', label: 'On hold', category: 'waiting' },
  { id: 'shipped', label: 'Shipped', category: 'done' },
  { id: 'triage', label: 'Triage', category: 'unstarted' },
];
const ALL_IDS = [...DEFAULT_STATUSES, ...EXTRA].map((s) => s.id);
const TYPES = ['follow_up', 'qc', 'delivery'];

type Step =
  | { kind: 'task'; actor: number; task: number; command: number; arg: number }
  | { kind: 'setting'; change: number; arg: number; arg2: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('task' as const), actor: fc.nat(1), task: fc.nat(8), command: fc.nat(9), arg: fc.nat(7) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('setting' as const), change: fc.nat(8), arg: fc.nat(8), arg2: fc.nat(5) }) },
);

function runTask(repo: TaskRepository, ids: string[], step: Extract<Step, { kind: 'task' }>): void {
  const id = ids[step.task % Math.max(1, ids.length)];
  const status = ALL_IDS[step.arg % ALL_IDS.length] as string;
  const made = (r: { ok: boolean; value?: unknown }) => { if (r.ok) ids.push((r.value as { id: string }).id); };
  switch (step.command) {
    case 0: return made(repo.create({ title: 't', status, type: TYPES[step.arg % 3] }));
    case 1: return made(repo.create({ title: 't', type: TYPES[step.arg % 3] }));
    case 2: return made(repo.create({ title: 'tracked', tracking: { mapping: step.arg % 2 ? 'advance' : 'feed', source: 's', sourceId: `x${ids.length}`, state: 'not_started' } }));
    default: break;
  }
  if (id === undefined) return;
  const commands = [
    () => repo.transition(id, status), () => repo.submit(id), () => repo.approve(id), () => repo.complete(id),
    () => repo.reopen(id), () => repo.edit(id, { type: TYPES[step.arg % 3] as string, requiresApproval: step.arg % 2 === 0 }),
    () => repo.updateSourceState('s', `x${step.arg}`, ['not_started', 'needs_review', 'done'][step.arg % 3] as string),
  ];
  commands[step.command % commands.length]?.();
}

function settingsChange(current: WorkspaceSettings, step: Extract<Step, { kind: 'setting' }>): Partial<WorkspaceSettings> {
  const statuses = current.statuses;
  const pick = statuses[step.arg % statuses.length] as StatusDefinition;
  switch (step.change) {
    case 0: return { statuses: statuses.map((s) => (s.id === pick.id ? { ...s, category: STATUS_CATEGORIES[step.arg2 % 6] as StatusDefinition['category'] } : s)) };
    case 1: { // move one status to the front
      return { statuses: [pick, ...statuses.filter((s) => s.id !== pick.id)] };
    }
    case 2: return { statuses: statuses.map((s) => (s.id === pick.id ? { ...s, label: `${s.label}!`, color: '#123456', hidden: step.arg2 % 2 === 0 } : s)) };
    case 3: { // add a missing extra status, or remove one
      const missing = EXTRA.find((s) => !statuses.some((t) => t.id === s.id) && step.arg2 % 2 === 0);
      if (missing) return { statuses: [...statuses, missing] };
      return statuses.length > 6 ? { statuses: statuses.filter((s) => s.id !== pick.id) } : {};
    }
    case 4: return { statusMappings: { ...current.statusMappings, feed: { states: { not_started: ALL_IDS[step.arg % ALL_IDS.length] as string, done: 'completed' }, archived: 'cancelled' } } };
    case 5: return { approvers: step.arg2 % 2 ? ['alice'] : [] };
    case 6: return { allowSelfApproval: step.arg2 % 2 === 0 };
    case 7: return { approvalTypes: step.arg2 % 3 === 0 ? [] : [TYPES[step.arg2 % 3] as string] };
    default: return { statusMappings: { advance: DEFAULT_SETTINGS.statusMappings.advance as WorkspaceSettings['statusMappings'][string] } };
  }
}

test('refolding only the reached tasks equals refolding all of them, for any settings change', () => {
  fc.assert(fc.property(fc.array(stepArb, { minLength: 5, maxLength: 50 }), (steps) => {
    const admin = replica('adam'); // admins may change every key, approvers included
    const ids: string[] = [];
    const actors = [admin, createRepository(admin.doc, { actor: 'alice' })];
    for (const step of steps) {
      if (step.kind === 'task') runTask(actors[step.actor] as TaskRepository, ids, step);
      else {
        // A change may be refused (an unknown status in a mapping, a category left without a status): that is fine.
        admin.updateSettings(settingsChange(admin.settings(), step));
        const fresh = createRepository(admin.doc, { actor: 'reader' });
        for (const repo of actors) {
          expect(Object.fromEntries(repo.view.allWithDeleted().map((t) => [t.id, t]))).toEqual(Object.fromEntries(fresh.view.allWithDeleted().map((t) => [t.id, t])));
          expect(repo.view.allWithDeleted().map((t) => repo.view.events(t.id).map((e) => e.rejected?.code ?? null)))
            .toEqual(repo.view.allWithDeleted().map((t) => fresh.view.events(t.id).map((e) => e.rejected?.code ?? null)));
        }
        fresh.destroy();
      }
    }
    for (const repo of actors) repo.destroy();
  }), { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) });
});
