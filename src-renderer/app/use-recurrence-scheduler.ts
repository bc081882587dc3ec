// Runs the recurrence scheduler (src-shared/doc/recurrence-scheduler.ts) while the app is open, in
// both hosts: once the replica is loaded, whenever the configuration changes (a template's rule
// arrives) and every SCHEDULER_INTERVAL_MS, online or not. Not in the read-only preview. Desktop
// main runs it on its own replica as well, window or not (desktop-session.ts). Occurrences this
// device knows are archived (its archive cache) are not made again.
import { useEffect } from 'react';
import { runRecurrenceScheduler } from '../../src-shared/doc/recurrence-scheduler';
import type { AppServices } from './store-context';

export function useRecurrenceScheduler(services: AppServices): void {
  const { repository, preview, host } = services;
  useEffect(() => {
    if (preview) return undefined;
    return runRecurrenceScheduler(repository, {
      every: (ms, run) => {
        const timer = window.setInterval(run, ms);
        return () => window.clearInterval(timer);
      },
      archivedIds: host.archive ? () => host.archive?.cachedIds() ?? [] : undefined,
    });
  }, [repository, preview, host]);
}
