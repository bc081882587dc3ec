// Undo toasts for dismissals (10 seconds) and errors from refused commands.
import { useApp } from '../app/store-context';

export function Toasts() {
  const toasts = useApp((state) => state.toasts);
  const undoDismiss = useApp((state) => state.undoDismiss);
  const dismissToast = useApp((state) => state.dismissToast);
  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : undefined}>
          <span>{toast.message}</span>
          {toast.kind === 'undo' && toast.taskId !== undefined
            ? <button type="button" onClick={() => undoDismiss(toast.taskId as string)}>Undo</button>
            : <button type="button" aria-label="Close notification" onClick={() => dismissToast(toast.id)}>×</button>}
        </div>
      ))}
    </section>
  );
}
