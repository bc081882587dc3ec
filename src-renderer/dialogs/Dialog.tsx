// A modal dialog: role=dialog named by its heading. Esc is handled by the
// global key map (it closes the innermost open thing).
import { useId, type ReactNode } from 'react';

export function Dialog({ title, children, onClose, className }: {
  title: string;
  children: ReactNode;
  onClose(): void;
  className?: string;
}) {
  const headingId = useId();
  return (
    <div className="backdrop" onMouseDown={(event) => { if (event.target === event.currentTarget) onClose(); }}>
      <div role="dialog" aria-modal="true" aria-labelledby={headingId} className={`dialog ${className ?? ''}`}>
        <h2 id={headingId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
