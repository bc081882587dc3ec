// Undo toasts for dismissals (10 seconds, with quick reasons) and errors from refused commands.
import { useApp } from '../app/store-context';
import { DISMISSAL_REASONS } from '../../src-shared/domain/triage';
import './triage.css';

export function Toasts() {
  const toasts = useApp((state) => state.toasts);
  const undoDismiss = useApp((state) => state.undoDismiss);
  const dismissToast = useApp((state) => state.dismissToast);
  const dismissWithReason = useApp((state) => state.dismissWithReason);
  const openDialog = useApp((state) => state.openDialog);
  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {toasts.map((toast) => {
        const taskId = toast.kind === 'undo' ? toast.taskId : undefined;
        return (
          <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'group'}
            aria-label={toast.kind === 'error' ? undefined : toast.message}>
            <span>{toast.message}</span>
            {taskId !== undefined ? (
              <>
                <button type="button" onClick={() => undoDismiss(taskId)}>Undo</button>
                {/* Choosing a reason records it and commits the dismissal now; with no choice the default reason stays. */}
                <span className="reasons" role="group" aria-label="Reason">
                  {DISMISSAL_REASONS.map((reason) => (
                    <button key={reason} type="button" onClick={() => dismissWithReason(taskId, reason)}>{reason}</button>
                  ))}
                  <button type="button" onClick={() => openDialog({ kind: 'dismiss-reason', taskId })}>Other…</button>
                </span>
              </>
            ) : <button type="button" aria-label="Close notification" onClick={() => dismissToast(toast.id)}>×</button>}
          </div>
        );
      })}
    </section>
  );
}
