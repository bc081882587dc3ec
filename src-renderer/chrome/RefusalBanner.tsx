// "3 changes were refused by the relay": what this device made that the relay would not store
// (a role changed while offline, say) and that could not be re-appended. It stays until the user
// dismisses it, and the changes can be exported as JSON first: nothing is lost silently.
import { useSyncExternalStore } from 'react';
import type { RefusalExport } from '../../src-shared/doc/refusal-recovery';
import { useServices } from '../app/store-context';
import { download } from './download';

const none = { get: () => null, subscribe: () => () => undefined };


export function RefusalBanner() {
  const { host } = useServices();
  const source = host.refusals ?? none;
  const refusals: RefusalExport | null = useSyncExternalStore(source.subscribe, source.get);
  if (refusals === null || refusals.changes.length === 0) return null;
  const count = refusals.changes.length;
  const reasons = [...new Set(refusals.changes.map((c) => c.reason))].join(' ');
  return (
    <section className="refusal-banner" role="alert" aria-label="Refused changes">
      <p>
        {count === 1 ? '1 change was' : `${count} changes were`} refused by the relay: {reasons}
        {' '}Everything else was kept and synced.
      </p>
      <button type="button" onClick={() => download(`handoff-refused-${refusals.workspaceId}-${refusals.exportedAt.slice(0, 10)}.json`, 'application/json', JSON.stringify(refusals, null, 2))}>
        Export refused changes
      </button>
      <button type="button" onClick={() => host.dismissRefusals?.()}>Dismiss</button>
    </section>
  );
}
