// Which decisions on my tasks I have been told of: the first look (at start)
// only remembers what is already there; every later look returns one sentence
// per decision that arrived since (src-shared/domain/decision-notices.ts).
import { decisionNotice, describeDecision } from '../../src-shared/domain/decision-notices';
import type { TaskId, UserId } from '../../src-shared/domain/types';
import type { RepositoryPort } from '../model/repository-port';

export function watchDecisions(repo: RepositoryPort, me: UserId): { note(ids: Iterable<TaskId>): string[] } {
  const seen = new Set<string>();
  let first = true;
  return {
    note(ids) {
      const messages: string[] = [];
      const names = first ? null : new Map(repo.members().map((member) => [member.userId, member.displayName || member.userId]));
      for (const id of ids) {
        const task = repo.view.get(id);
        if (!task) continue;
        for (const { event, rejected } of repo.view.events(id)) {
          if (rejected !== null || seen.has(event.id)) continue;
          const notice = decisionNotice(task, event, me);
          if (notice === null) continue;
          seen.add(event.id);
          if (names !== null) messages.push(describeDecision(notice, (user) => names.get(user) ?? user));
        }
      }
      first = false;
      return messages;
    },
  };
}
