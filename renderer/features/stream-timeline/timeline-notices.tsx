import { formatBytes } from '../../components/format';
import type { SessionView } from '../../store';

const count = (n: number) => n.toLocaleString('en');

/** Plain notices about what the timeline cannot show as it was: skipped, dropped or released events. */
export function TimelineNotices({ session }: { session: SessionView }) {
  const { skipped, evicted } = session;
  return (
    <>
      {session.released ? (
        <p className="request-warning small timeline-notice" role="status">
          This session was released: Ferry no longer keeps its events, so rows and messages that are not on screen cannot be read. The counts above are exact.
        </p>
      ) : null}
      {evicted ? (
        <p className="request-warning small timeline-notice" role="status">
          {evicted.scope === 'bodies' ? 'Message bodies of this call were dropped' : 'This call’s recorded events were dropped'}: {evicted.reason}. Counts are exact.
        </p>
      ) : null}
      {session.catchingUp ? (
        <p className="request-warning small timeline-notice" role="status" aria-label="Catching up">
          Catching up: {count(skipped.events)} events came in faster than this view could take them ({count(skipped.received)} received, {formatBytes(skipped.receivedBytes)}; {count(skipped.sent)} sent,{' '}
          {formatBytes(skipped.sentBytes)}). Counts are exact; those rows are read from Ferry as they come into view.
        </p>
      ) : null}
    </>
  );
}
