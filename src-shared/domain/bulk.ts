// Bulk operations: apply one command to many tasks, keep going past refusals,
// and say in one sentence which did not apply and why. Pure: the command is a
// function, so the store passes a repository call and tests pass a stub.
import type { DomainError, Result } from './types';

export interface Refusal<Id> {
  id: Id;
  error: DomainError;
}

export interface BulkOutcome<Id> {
  applied: Id[];
  refused: Refusal<Id>[];
}

/** Run `command` on every id in order; a refusal never stops the rest. */
export function applyToMany<Id>(ids: readonly Id[], command: (id: Id) => Result<unknown>): BulkOutcome<Id> {
  const outcome: BulkOutcome<Id> = { applied: [], refused: [] };
  for (const id of ids) {
    const result = command(id);
    if (result.ok) outcome.applied.push(id);
    else outcome.refused.push({ id, error: result.error });
  }
  return outcome;
}

/**
 * The summary toast: "2 of 3 tasks completed. Not completed: “Lot 9”: That task is closed." (a reason that names
 * the task already is not prefixed with its name again).
 * Null when every task applied and there was only one (a single task needs no summary).
 */
export function summarizeBulk<Id>(outcome: BulkOutcome<Id>, verb: string, nameOf: (id: Id) => string, noun = 'task'): string | null {
  const total = outcome.applied.length + outcome.refused.length;
  if (outcome.refused.length === 0) return total > 1 ? `${total} ${noun}s ${verb}.` : null;
  const head = `${outcome.applied.length} of ${total} ${noun}${total === 1 ? '' : 's'} ${verb}`;
  // Most refusals already name the task ("“X” is completed; …"); name it once.
  const why = outcome.refused.map(({ id, error }) => {
    const name = nameOf(id);
    return error.message.includes(name) ? error.message : `“${name}”: ${error.message}`;
  }).join('; ');
  return `${head}. Not ${verb}: ${why}`;
}
