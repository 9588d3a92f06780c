import { describeFerryError } from '../../../shared/errors';
import type { Capture } from '../../../shared/model';
import { useFerry, type RequestTab } from '../../store';
import { captureResultFor, defaultCapture, isVariableName, shownCapturedValue } from '../../store/captures';

/** ` (2)`, or ` (2, 1 failed)` once taken: the toggle's label shows failures while the list is hidden. */
export function capturesSummary(tab: RequestTab): string {
  if (tab.captures.length === 0) return '';
  const check = tab.captureCheck?.callId === tab.callId ? tab.captureCheck : undefined;
  const failed = tab.captures.filter((c, i) => captureResultFor(check, i, c)?.failure !== undefined).length;
  return ` (${tab.captures.length}${failed > 0 ? `, ${failed} failed` : ''})`;
}

function CaptureRow({ capture, n, result, loading, onChange, onRemove }: { capture: Capture; n: number; result: ReturnType<typeof captureResultFor>; loading: boolean; onChange: (next: Capture) => void; onRemove: () => void }) {
  const taken = result && result.failure === undefined;
  return (
    <li className="assertion-row">
      <span aria-hidden="true">{'{{'}</span>
      <input aria-label={`Variable ${n}`} aria-invalid={!isVariableName(capture.variable) || undefined} value={capture.variable} spellCheck={false} size={12} onChange={(e) => onChange({ ...capture, variable: e.target.value })} />
      <span aria-hidden="true">{'}}'} from</span>
      <select aria-label={`Capture source ${n}`} value={capture.from} onChange={(e) => onChange({ ...capture, from: e.target.value as Capture['from'], path: e.target.value === 'header' ? '' : '$' })}>
        <option value="jsonPath">JSONPath</option>
        <option value="header">Header</option>
      </select>
      <input
        aria-label={capture.from === 'header' ? `Header name ${n}` : `Capture JSONPath ${n}`}
        aria-invalid={capture.path.trim() === '' || undefined}
        value={capture.path}
        spellCheck={false}
        placeholder={capture.from === 'header' ? 'x-session-id' : '$.field'}
        onChange={(e) => onChange({ ...capture, path: e.target.value })}
      />
      <label className="field-inline small">
        <input type="checkbox" aria-label={`Secret ${n}`} checked={capture.secret} onChange={(e) => onChange({ ...capture, secret: e.target.checked })} />
        Secret
      </label>
      <button type="button" className="icon-button" aria-label={`Remove capture ${n}`} onClick={onRemove}>
        ×
      </button>
      <span role="status" aria-label={`Capture ${n} result`} className={result ? (taken ? 'ok-text' : 'error-text') : 'muted'}>
        {result ? (taken ? `= ${shownCapturedValue(result.value, result.capture.secret)}` : `Failed: ${result.failure}`) : loading ? 'Capturing…' : 'Not captured'}
      </span>
    </li>
  );
}

/**
 * The tab's captures (saved with the request): after each call they set `{{variables}}` that later
 * requests use, in `ferry run` and on this page.
 */
export function CapturesEditor({ tab }: { tab: RequestTab }) {
  const setCaptures = useFerry((s) => s.setCaptures);
  const check = tab.captureCheck?.callId === tab.callId ? tab.captureCheck : undefined;
  const replace = (index: number, next: Capture) => setCaptures(tab.id, tab.captures.map((c, i) => (i === index ? next : c)));

  return (
    <div className="assertions" role="group" aria-label="Captures">
      {tab.captures.length > 0 ? (
        <ol className="assertion-list">
          {tab.captures.map((capture, i) => (
            <CaptureRow
              key={i}
              capture={capture}
              n={i + 1}
              result={captureResultFor(check, i, capture)}
              loading={check?.results.status === 'loading'}
              onChange={(next) => replace(i, next)}
              onRemove={() => setCaptures(tab.id, tab.captures.filter((_, j) => j !== i))}
            />
          ))}
        </ol>
      ) : (
        <p className="muted small">No captures yet. A capture takes a value from the response into a variable for the requests after this one.</p>
      )}
      {check?.results.status === 'error' ? <p className="request-error">Could not take the captures: {describeFerryError(check.results.error)}</p> : null}
      <div className="assertion-actions">
        <button type="button" className="button-ghost small" onClick={() => setCaptures(tab.id, [...tab.captures, defaultCapture(tab.captures)])}>
          Add capture
        </button>
      </div>
    </div>
  );
}
