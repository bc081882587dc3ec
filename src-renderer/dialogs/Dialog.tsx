// A modal dialog: role=dialog named by its heading. Esc is handled by the
// global key map (it closes the innermost open thing).
import { useId, type ReactNode } from 'react';
import { useServices } from '../app/store-context';

/** What a one-task dialog acts on: its title, so the operator sees which task a key opened it for. */
export function useTaskSubject(taskIds: readonly string[]): string | undefined {
  const { repository } = useServices();
  return taskIds.length === 1 ? repository.view.get(taskIds[0] as string)?.title : undefined;
}

export function Dialog({ title, subject, children, onClose, className }: {
  title: string;
  /** The task it acts on, under the heading (and the dialog's description). */
  subject?: string;
  children: ReactNode;
  onClose(): void;
  className?: string;
}) {
  const headingId = useId();
  const subjectId = useId();
  return (
    <div className="backdrop" onMouseDown={(event) => { if (event.target === event.currentTarget) onClose(); }}>
      <div role="dialog" aria-modal="true" aria-labelledby={headingId} aria-describedby={subject ? subjectId : undefined}
        className={`dialog ${className ?? ''}`}>
        <h2 id={headingId}>{title}</h2>
        {subject && <p id={subjectId} className="dialog-subject">{subject}</p>}
        {children}
      </div>
    </div>
  );
}
