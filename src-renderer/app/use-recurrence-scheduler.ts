// Runs the recurrence scheduler (src-shared/doc/recurrence-scheduler.ts) while the app is open, in
// both hosts (the desktop's renderer writes into the same replica main syncs): once the replica is
// loaded, whenever the configuration changes (a template's rule arrives) and every
// SCHEDULER_INTERVAL_MS, online or not. Not in the read-only preview.
import { useEffect } from 'react';
import { createDueOccurrences, SCHEDULER_INTERVAL_MS } from '../../src-shared/doc/recurrence-scheduler';
import type { AppServices } from './store-context';

export function useRecurrenceScheduler(services: AppServices): void {
  const { repository, preview } = services;
  useEffect(() => {
    if (preview) return undefined;
    const tick = () => void createDueOccurrences(repository);
    tick();
    const timer = window.setInterval(tick, SCHEDULER_INTERVAL_MS);
    const unsubscribe = repository.onContextChange(tick);
    return () => {
      unsubscribe();
      window.clearInterval(timer);
    };
  }, [repository, preview]);
}
