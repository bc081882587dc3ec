// The shell an operator lives in: views, the task panel, dialogs, toasts and
// the status bar. It also owns the app's lifetime: the store's subscriptions,
// members from the relay, presence, and committing pending dismissals on close.
import { useEffect } from 'react';
import { useApp, useServices } from './store-context';
import { useRecurrenceScheduler } from './use-recurrence-scheduler';
import { useKeyboard } from './use-keyboard';
import { firstScreenKey } from './preview';
import { keepFirstScreenFresh } from '../store/first-screen-cache';
import { FilterBar } from '../chrome/FilterBar';
import { StatusBar } from '../chrome/StatusBar';
import { Toasts } from '../chrome/Toasts';
import { ViewTabs } from '../chrome/ViewTabs';
import { Dialogs } from '../dialogs/Dialogs';
import { TaskPanel } from '../panel/TaskPanel';
import { ListView } from '../views/ListView';
import { BoardView } from '../views/BoardView';
import { MyDayView } from '../views/MyDayView';
import { ApprovalsView } from '../views/ApprovalsView';
import { HandoffView } from '../views/HandoffView';
import { HandoffInbox } from '../views/HandoffInbox';
import { ReviewView } from '../views/ReviewView';
import { SettingsView } from '../views/settings/SettingsView';
import { RefusalBanner } from '../chrome/RefusalBanner';
import { OverviewView } from '../views/OverviewView';
import { CalendarView } from '../views/CalendarView';
import { GanttView } from '../views/GanttView';

export function App() {
  const services = useServices();
  const { store, host } = services;
  const view = useApp((state) => state.view);
  const panelTaskId = useApp((state) => state.panelTaskId);
  useKeyboard(services);
  useRecurrenceScheduler(services);

  useEffect(() => {
    const stop = store.getState().start();
    const stopCaching = services.preview || host.kind !== 'browser'
      ? () => undefined
      : keepFirstScreenFresh(store, firstScreenKey(host.identity));
    const onPageHide = () => store.getState().flushDismissals();
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      stopCaching();
      stop();
    };
  }, [store, host, services.preview]);

  // A clicked notification (desktop: main's, sent as 'task:open') opens its task.
  useEffect(() => host.onOpenTask?.((taskId) => store.getState().openPanel(taskId)), [host, store]);

  // Presence: which task I have open.
  useEffect(() => {
    const awareness = host.awareness;
    if (awareness === null) return;
    awareness.setLocalStateField('openTaskId', panelTaskId);
  }, [host, panelTaskId]);

  return (
    <div className="app">
      <header className="app-header">
        <ViewTabs />
        <FilterBar />
        <RefusalBanner />
      </header>
      <div className="app-body">
        <main className="app-main" aria-label="Tasks">
          <HandoffInbox />
          {view === 'list' && <ListView />}
          {view === 'board' && <BoardView />}
          {view === 'my-day' && <MyDayView />}
          {view === 'approvals' && <ApprovalsView />}
          {view === 'handoff' && <HandoffView />}
          {view === 'review' && <ReviewView />}
          {view === 'overview' && <OverviewView />}
          {view === 'calendar' && <CalendarView />}
          {view === 'gantt' && <GanttView />}
          {view === 'settings' && <SettingsView />}
        </main>
        {panelTaskId !== null && <TaskPanel taskId={panelTaskId} />}
      </div>
      <Dialogs />
      <Toasts />
      <StatusBar />
    </div>
  );
}
