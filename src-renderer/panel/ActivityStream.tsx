// The task's log as an activity stream: who, what, when; events the fold
// rejected are shown with the reason they did not apply.
import type { FoldedEvent } from '../../src-shared/domain/events';
import { formatStamp } from '../views/format';
import { describeEvent } from '../model/describe-event';

export function ActivityStream({ events, signal = null }: {
  events: readonly FoldedEvent[];
  /** The signal a suggestion-made task came from: its creation names it. */
  signal?: { source: string; signalKey: string } | null;
}) {
  return (
    <section aria-label="Activity" className="activity">
      <h3>Activity</h3>
      <ol>
        {events.map(({ event, rejected }) => (
          <li key={event.id} className={rejected ? 'rejected' : undefined}>
            <span className="who">{event.actor}</span> <span className="what">{describeEvent(event)}
              {signal && event.type === 'task.created' ? ` from the ${signal.source} signal ${signal.signalKey}` : ''}</span>{' '}
            <time className="when">{formatStamp(event.at)}</time>
            {rejected && <span className="reason" role="note"> Rejected: {rejected.message}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
