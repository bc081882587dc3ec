// The list's badge for a task that repeats: "Every weekday at 08:00" (the rule's zone is named
// when it is not the reader's). Descriptions are cached per rule: rows re-render while scrolling.
import { describeRecurrence, type Recurrence } from '../../src-shared/domain/recurrence';
import { readerZone } from '../panel/RecurrenceField';

const described = new Map<string, string>();

export function recurrenceText(recurrence: Recurrence): string {
  const key = `${recurrence.rrule}|${recurrence.time}|${recurrence.timeZone}`;
  let text = described.get(key);
  if (text === undefined) {
    text = describeRecurrence(recurrence, readerZone());
    if (described.size > 200) described.clear();
    described.set(key, text);
  }
  return text;
}

export function RecurrenceBadge({ recurrence }: { recurrence: Recurrence }) {
  const text = recurrenceText(recurrence);
  // The title comes first: in a narrow column the rule gives way to an ellipsis (whole in the tooltip).
  return <span className="badge badge-recurrence" title={`Repeats: ${text}`}><span aria-hidden="true">↻ </span>{text}</span>;
}
