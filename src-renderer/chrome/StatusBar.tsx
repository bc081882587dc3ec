// Online/offline/syncing, how many local changes the relay has not
// acknowledged, and who else is online (awareness).
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useApp, useServices } from '../app/store-context';
import type { ConnectionState, PresenceState } from '../host/host';
import { plural } from '../../src-shared/util/text';
import { NotificationsControl } from './NotificationsControl';

const LABELS: Record<ConnectionState['state'], string> = {
  offline: 'Offline', connecting: 'Connecting', syncing: 'Syncing', online: 'Online', signed_out: 'Signed out',
};

/** Others online: not this tab, and not my own earlier tab (a reload leaves it in awareness for ~30 s). */
function usePeers(me: string): PresenceState[] {
  const { host } = useServices();
  const [peers, setPeers] = useState<PresenceState[]>([]);
  useEffect(() => {
    const awareness = host.awareness;
    if (awareness === null) return;
    const update = () => {
      const others: PresenceState[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const user = (state as Partial<PresenceState>).user;
        if (clientId !== awareness.clientID && user && typeof user.name === 'string' && typeof user.id === 'string' && user.id !== me) {
          others.push({ user: { id: user.id, name: user.name }, openTaskId: (state as PresenceState).openTaskId ?? null });
        }
      });
      setPeers(others);
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [host, me]);
  return peers;
}

const NO_COUNT = { get: () => null, subscribe: () => () => undefined };

export function StatusBar() {
  const { host, signOut } = useServices();
  const overdue = useSyncExternalStore((host.overdueCount ?? NO_COUNT).subscribe, (host.overdueCount ?? NO_COUNT).get);
  const connection = useSyncExternalStore(host.connection.subscribe, host.connection.get);
  const me = useApp((state) => state.me);
  const peers = usePeers(me);
  const count = useApp((state) => state.visible.length);
  const unacked = connection.unacknowledged;
  const text = `${LABELS[connection.state]}${unacked > 0 ? ` · ${plural(unacked, 'change')} not yet on the relay` : ''}`;
  // Presence is only known while connected: offline, "no one else" would be a guess.
  const presence = connection.state !== 'online' ? 'Presence unknown while not connected'
    : peers.length === 0 ? 'No one else online' : `Online: ${[...new Set(peers.map((p) => p.user.name))].join(', ')}`;
  return (
    <footer className="status-bar">
      <span role="status" aria-label="Sync status" className={`sync sync-${connection.state}${unacked > 0 ? ' sync-unsent' : ''}`} title={connection.reason}>
        {text}{connection.reason && connection.state !== 'online' ? ` — ${connection.reason}` : ''}
      </span>
      <span className="count">{plural(count, 'task')}</span>
      {overdue !== null && <span aria-label="My overdue tasks" className="overdue">{overdue === 0 ? 'Nothing overdue' : `${overdue} overdue`}</span>}
      <span aria-label="Online now" className="peers">{presence}</span>
      <span className="me">{host.identity.displayName} ({me}) · {host.identity.workspaceId}</span>
      <NotificationsControl />
      <button type="button" onClick={signOut}>Sign out</button>
    </footer>
  );
}
