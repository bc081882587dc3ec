// Runs the recurrence scheduler (src-shared/doc/recurrence-scheduler.ts) in the browser while the
// app is open: once the replica is loaded, whenever the configuration changes (a template's rule
// arrives) and every SCHEDULER_INTERVAL_MS, online or not. Not in the read-only preview, and not in
// the desktop window: desktop main runs it on the replica the window syncs with, window or not
// (desktop-session.ts), so a second run here would only repeat its work. Occurrences this browser
// knows are archived (its archive cache) are not made again.
import { useEffect } from 'react';
import { runRecurrenceScheduler } from '../../src-shared/doc/recurrence-scheduler';
import type { AppServices } from './store-context';

export function useRecurrenceScheduler(services: AppServices): void {
  const { repository, preview, host } = services;
  useEffect(() => {
    if (preview || host.kind === 'desktop') return undefined;
    return runRecurrenceScheduler(repository, {
      every: (ms, run) => {
        const timer = window.setInterval(run, ms);
        return () => window.clearInterval(timer);
      },
      archivedAmong: (taskIds) => host.archive?.cachedAmong?.(taskIds) ?? [],
    });
  }, [repository, preview, host]);
}
