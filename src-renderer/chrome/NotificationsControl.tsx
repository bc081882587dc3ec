// The browser's due and overdue notices (Web Notifications), after the operator
// turns them on with this visible control: the browser asks for the permission
// only on that click, never on load. Which tasks and when follow the same rules
// as the desktop's notifier (src-shared/domain/due-notices.ts); clicking a
// notice opens its task. The desktop host shows main's notifications instead.
import { useEffect, useState } from 'react';
import { freshNotices, myDueSets } from '../../src-shared/domain/due-notices';
import { useApp, useServices } from '../app/store-context';

const CHECK_EVERY_MS = 30_000;
const supported = () => typeof window !== 'undefined' && 'Notification' in window;

export function NotificationsControl() {
  const { host, repository, store, preview } = useServices();
  const me = useApp((state) => state.me);
  // Read once (a lazy initial state): the permission getter asks the browser, and this control
  // redraws with the status bar on every change (it cost ~5 ms per quick create at 10,000 tasks).
  const [permission, setPermission] = useState<NotificationPermission>(() => (supported() ? Notification.permission : 'denied'));
  const active = supported() && host.kind === 'browser' && preview !== true;

  useEffect(() => {
    if (!active || permission !== 'granted') return;
    const announced = new Map<string, string>();
    const check = () => {
      for (const notice of freshNotices(announced, myDueSets(repository.view.all(), me, Date.now()))) {
        const shown = new Notification(notice.title, { body: notice.body, tag: notice.taskId ?? 'handoff-summary' });
        shown.onclick = () => {
          window.focus();
          if (notice.taskId !== null) store.getState().openPanel(notice.taskId);
          shown.close();
        };
      }
    };
    check();
    const timer = setInterval(check, CHECK_EVERY_MS);
    // A task made due or overdue now is announced within a second, not at the next tick.
    let queued: ReturnType<typeof setTimeout> | null = null;
    const stop = repository.view.subscribe(() => {
      queued ??= setTimeout(() => {
        queued = null;
        check();
      }, 1_000);
    });
    return () => {
      stop();
      clearInterval(timer);
      if (queued !== null) clearTimeout(queued);
    };
  }, [active, permission, repository, me, store]);

  if (!active) return null;
  if (permission === 'granted') return <span className="notifications">Notifications on</span>;
  if (permission === 'denied') return <span className="notifications" title="Allow notifications for this site in the browser's settings">Notifications blocked</span>;
  return (
    <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>Turn on notifications</button>
  );
}
