// Runs the recurrence scheduler (src-shared/doc/recurrence-scheduler.ts) while the app is open, in
// both hosts (the desktop's renderer writes into the same replica main syncs): once the replica is
// loaded, whenever the configuration changes (a template's rule arrives) and every
// SCHEDULER_INTERVAL_MS, online or not. Not in the read-only preview. Occurrences this device knows
// are archived (its archive cache) are not made again.
import { useEffect } from 'react';
import { createDueOccurrences, SCHEDULER_INTERVAL_MS } from '../../src-shared/doc/recurrence-scheduler';
import type { AppServices } from './store-context';

export function useRecurrenceScheduler(services: AppServices): void {
  const { repository, preview, host } = services;
  useEffect(() => {
    if (preview) return undefined;
    let stopped = false;
    const tick = () => {
      const archive = host.archive;
      if (!archive) return void createDueOccurrences(repository);
      // A cache that cannot be read holds no ids: the relay still refuses a remade archived id.
      void archive.cachedIds().catch(() => []).then((ids) => {
        if (!stopped) createDueOccurrences(repository, repository.currentTime(), new Set(ids));
      });
    };
    tick();
    const timer = window.setInterval(tick, SCHEDULER_INTERVAL_MS);
    const unsubscribe = repository.onContextChange(tick);
    return () => {
      stopped = true;
      unsubscribe();
      window.clearInterval(timer);
    };
  }, [repository, preview, host]);
}
