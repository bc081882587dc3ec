// What the Overview, Calendar and Gantt share: showing a chart's tasks in the
// list (the filter bar's query language), rescheduling through the same
// repository command the task panel uses, and the date formats they print.
import { useCallback } from 'react';
import { withTerm } from '../../src-shared/domain/overview';
import type { Instant, TaskId } from '../../src-shared/domain/types';
import { useActions, useServices } from '../app/store-context';

/** Narrow the filter by a term and switch to the List: "show me these tasks". */
export function useShowInList(): (term: string) => void {
  const { store } = useServices();
  return useCallback((term: string) => {
    const state = store.getState();
    state.setFilter(withTerm(state.filterText, term));
    state.setView('list');
  }, [store]);
}

/** The panel's path: repository.schedule, and the domain's message if it refuses. */
export function useSchedule(): (taskId: TaskId, dates: { dueAt?: Instant | null; startAt?: Instant | null }) => boolean {
  const { repository } = useServices();
  const { report } = useActions();
  return useCallback((taskId, dates) => report(repository.schedule(taskId, dates)), [repository, report]);
}

export const weekdayDay = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
export const shortDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
export const monthDay = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
export const monthYear = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
export const clockTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
export const dayTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** Clip a label for an SVG text element (SVG has no text-overflow). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Activate on Enter or Space, as a button does; preventDefault keeps the app's global keys off it. */
export function onActivateKey(activate: () => void) {
  return (event: { key: string; preventDefault(): void }) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    activate();
  };
}

export { memoLast } from '../model/memo';
