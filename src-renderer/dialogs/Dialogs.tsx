import { useEffect, useRef } from 'react';
import { useApp, useServices } from '../app/store-context';
import { OwnerPicker } from './OwnerPicker';
import { QuickCreate } from './QuickCreate';
import { ExportDialog, ImportDialog } from './TransferDialogs';
import { CommandPalette, DismissReasonDialog, OutcomePicker, StatusPicker } from './TriageDialogs';
import { ConfirmBatchClose, HandoffDialog, HelpDialog, ReasonDialog, SnoozeDialog } from './SmallDialogs';

export function Dialogs() {
  const { repository } = useServices();
  const dialog = useApp((state) => state.dialog);
  const wasOpen = useRef(false);
  // When a dialog closes, focus goes back to the list (on its selected task).
  useEffect(() => {
    if (dialog === null && wasOpen.current) (document.querySelector('[role="grid"]') as HTMLElement | null)?.focus();
    wasOpen.current = dialog !== null;
  }, [dialog]);
  if (dialog === null) return null;
  switch (dialog.kind) {
    case 'create': return <QuickCreate />;
    case 'assign': return <OwnerPicker taskIds={dialog.taskIds} />;
    case 'snooze': return <SnoozeDialog taskIds={dialog.taskIds} shiftEnds={repository.settings().shiftEnds} timeZone={repository.settings().timeZone} />;
    case 'help': return <HelpDialog />;
    case 'confirm-batch-close': return <ConfirmBatchClose taskIds={dialog.taskIds} />;
    case 'reason': return <ReasonDialog action={dialog.action} taskId={dialog.taskId} />;
    case 'handoff': return <HandoffDialog taskIds={dialog.taskIds} />;
    case 'export': return <ExportDialog />;
    case 'import': return <ImportDialog />;
    case 'palette': return <CommandPalette />;
    case 'set-status': return <StatusPicker taskIds={dialog.taskIds} />;
    case 'outcome': return <OutcomePicker taskIds={dialog.taskIds} />;
    case 'dismiss-reason': return <DismissReasonDialog taskId={dialog.taskId} />;
  }
}
