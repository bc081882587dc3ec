// Who else has this task open right now (awareness), so two operators do not
// work the same exception without knowing.
import { useEffect, useState } from 'react';
import { useServices } from '../app/store-context';
import type { PresenceState } from '../host/host';

export function AlsoHere({ taskId }: { taskId: string }) {
  const { host } = useServices();
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    const awareness = host.awareness;
    if (awareness === null) return;
    const update = () => {
      const here = new Set<string>();
      awareness.getStates().forEach((state, clientId) => {
        const presence = state as Partial<PresenceState>;
        if (clientId !== awareness.clientID && presence.openTaskId === taskId && typeof presence.user?.name === 'string') here.add(presence.user.name);
      });
      setNames([...here].sort());
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [host, taskId]);
  if (names.length === 0) return null;
  return <p className="also-here" role="note">Also looking at this: {names.join(', ')}</p>;
}
