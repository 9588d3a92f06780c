import type { MockCallSeen } from '../../../shared/model';
import { formatWhen } from '../../components/format';
import { StatusBadge } from '../../components/status-badge';
import { useFerry } from '../../store';

function MockCallRow({ call }: { call: MockCallSeen }) {
  const method = call.method.slice(call.method.lastIndexOf('/') + 1);
  const metadata = Object.entries(call.metadata);
  return (
    <li className="mock-call">
      <details>
        <summary aria-label={`${call.method}${call.protocol ? ` over ${call.protocol}` : ''} ${call.passthrough ? 'passed to the server, which answered' : 'answered'} ${call.status} at ${formatWhen(call.at)}`}>
          <span className="history-method">{method}</span> <StatusBadge tone={call.status === 'OK' ? 'ok' : 'error'} label={call.status} />{' '}
          {call.protocol ? <span className="muted small">{call.protocol} </span> : null}
          {call.passthrough ? <span className="muted small">{call.recorded ? 'passed through, recorded ' : 'passed through '}</span> : null}
          <time className="muted small" dateTime={call.at}>
            {formatWhen(call.at)}
          </time>
        </summary>
        {metadata.length > 0 ? (
          <dl className="mock-metadata small mono" aria-label="Metadata received">
            {metadata.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        <pre className="mono small" aria-label="Requests received">
          {call.requests.map((request) => JSON.stringify(request, null, 2)).join('\n')}
        </pre>
      </details>
    </li>
  );
}

/** The calls the mock answered, newest first, each opened for its metadata and requests. */
export function MockCalls() {
  const calls = useFerry((s) => s.mock.calls);
  const missed = useFerry((s) => s.mock.missed);
  const clear = useFerry((s) => s.clearMockCalls);
  if (calls.length === 0) return <p className="muted small">No calls yet: each call the mock answers is listed here, newest first.</p>;
  return (
    <>
      <button type="button" className="button-ghost small" onClick={clear}>
        Clear calls
      </button>
      {missed > 0 ? <p className="muted small">{missed.toLocaleString('en')} calls came too fast to be listed.</p> : null}
      <ol className="mock-calls" aria-label="Mock calls" reversed>
        {[...calls].reverse().map((call) => (
          <MockCallRow key={call.seq} call={call} />
        ))}
      </ol>
    </>
  );
}

