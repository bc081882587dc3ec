// The task's log as an activity stream: who, what changed, when; events the
// fold rejected are shown with the reason they did not apply.
import type { FoldedEvent } from '../../src-shared/domain/events';
import { useServices } from '../app/store-context';
import { describeActivity } from '../model/describe-event';
import type { Labels } from '../model/labels';
import { formatStamp } from '../views/format';

export function ActivityStream({ taskId, events, labels, signal = null }: {
  taskId: string;
  events: readonly FoldedEvent[];
  labels: Labels;
  /** The signal a suggestion-made task came from: its creation names it. */
  signal?: { source: string; signalKey: string } | null;
}) {
  const { repository } = useServices();
  const lines = describeActivity(taskId, events, {
    labels, context: repository.context(), titleOf: (id) => repository.view.get(id)?.title ?? 'a task not in this replica',
  });
  return (
    <section aria-label="Activity" className="activity">
      <h3>Activity</h3>
      <ol>
        {lines.map(({ event, text, rejected }) => (
          <li key={event.id} className={rejected ? 'rejected' : undefined}>
            <span className="who">{labels.person(event.actor)}</span> <span className="what">{text}
              {signal && event.type === 'task.created' ? ` from the ${signal.source} signal ${signal.signalKey}` : ''}</span>{' '}
            <time className="when">{formatStamp(event.at)}</time>
            {rejected && <span className="reason" role="note"> Rejected: {rejected.message}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
