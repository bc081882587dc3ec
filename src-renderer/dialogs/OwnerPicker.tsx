// `e`: an owner picker with type-ahead over the workspace's members (by display
// name). Arrow keys move through the matches, Enter chooses the highlighted one;
// text that matches no member assigns no one.
import { useActions } from '../app/store-context';
import { Dialog, useTaskSubject } from './Dialog';
import { usePeople, usePersonCombobox } from './PersonCombobox';

const UNASSIGNED = { userId: '', displayName: 'Unassigned' };

export function OwnerPicker({ taskIds }: { taskIds: string[] }) {
  const people = usePeople();
  const { assign, closeDialog } = useActions();
  const choose = (person: { userId: string } | null) => {
    if (person !== null) assign(taskIds, person.userId === '' ? null : person.userId);
  };
  const field = usePersonCombobox({ label: 'Owner', people, autoFocus: true, extraOption: UNASSIGNED, onPick: choose, onEnter: choose });
  return (
    <Dialog title={taskIds.length === 1 ? 'Assign owner' : `Assign ${taskIds.length} tasks`} subject={useTaskSubject(taskIds)} onClose={closeDialog}>
      {field.element}
    </Dialog>
  );
}
