// The archived tasks the List shows under its live rows: asked of the host's archive when the
// filter asks for them (Show completed, is:archived, free text: archiveSearchText), debounced so
// typing does not send a request per keystroke, one page at a time.
import { useCallback, useEffect, useRef, useState } from 'react';
import { archiveSearchText } from '../../src-shared/domain/query';
import type { ArchivedTaskRow } from '../../src-shared/protocol/archive-api';
import { useApp, useServices } from '../app/store-context';

export const ARCHIVE_DEBOUNCE_MS = 300;

export interface ArchivedRows {
  /** null: the filter does not ask for archived tasks (or no archive is reachable from this host). */
  q: string | null;
  rows: ArchivedTaskRow[];
  total: number;
  loading: boolean;
  offline: boolean;
  error: string | null;
  more: (() => void) | null;
}

export function useArchivedRows(): ArchivedRows {
  const { host } = useServices();
  const archive = host.archive;
  const query = useApp((state) => state.query);
  const showCompleted = useApp((state) => state.showCompleted);
  const q = archive ? archiveSearchText(query, showCompleted) : null;
  const [state, setState] = useState<Omit<ArchivedRows, 'q' | 'more'> & { next: string | null }>(
    { rows: [], total: 0, loading: false, offline: false, error: null, next: null },
  );
  const asked = useRef(0);

  const load = useCallback((text: string, before: string | null) => {
    if (!archive) return;
    const request = ++asked.current;
    setState((previous) => ({ ...previous, loading: true }));
    archive.search(text, before).then((page) => {
      if (request !== asked.current) return; // a newer filter has been typed meanwhile
      setState((previous) => ({
        rows: before === null ? page.tasks : [...previous.rows, ...page.tasks.filter((row) => !previous.rows.some((r) => r.id === row.id))],
        total: page.total, loading: false, offline: page.offline, error: null, next: page.next,
      }));
    }, (error: unknown) => {
      if (request !== asked.current) return;
      setState((previous) => ({ ...previous, loading: false, error: error instanceof Error ? error.message : String(error) }));
    });
  }, [archive]);

  useEffect(() => {
    if (q === null) {
      asked.current += 1;
      setState({ rows: [], total: 0, loading: false, offline: false, error: null, next: null });
      return;
    }
    const timer = setTimeout(() => load(q, null), ARCHIVE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q, load]);

  const { next } = state;
  return {
    q, rows: state.rows, total: state.total, loading: state.loading, offline: state.offline, error: state.error,
    more: q !== null && next !== null ? () => load(q, next) : null,
  };
}
