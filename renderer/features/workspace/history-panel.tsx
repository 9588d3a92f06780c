import { useEffect, useState } from 'react';
import type { HistoryEntry } from '../../../shared/model';
import { formatMs, formatWhen } from '../../components/format';
import { ConfirmInline } from '../../components/confirm-inline';
import { StatusBadge } from '../../components/status-badge';
import { useFerry } from '../../store';
import { PanelSection } from './panel-section';

function HistoryRow({ entry }: { entry: HistoryEntry }) {
  const reopen = useFerry((s) => s.reopenHistory);
  const method = entry.method.slice(entry.method.lastIndexOf('/') + 1);
  const when = formatWhen(entry.time);
  const duration = formatMs(entry.timings.totalMs);
  return (
    <li className="history-row">
      <button
        type="button"
        className="button-ghost history-open"
        aria-label={`Reopen ${entry.method} to ${entry.target} at ${when}`}
        title={`${entry.method}\n${entry.target}\n${entry.time}${entry.status.message ? `\n${entry.status.name}: ${entry.status.message}` : ''}`}
        onClick={() => reopen(entry.id)}
      >
        <span className="history-line">
          <span className="history-method">{method}</span>
          <StatusBadge tone={entry.status.code === 0 ? 'ok' : 'error'} label={entry.status.name} />
          <span className="history-duration">{duration}</span>
        </span>
        <span className="history-line history-detail">
          <span className="history-target">{entry.target}</span>
          <time dateTime={entry.time}>{when}</time>
        </span>
      </button>
    </li>
  );
}

/** Past calls, newest first, each with its status, duration, target and time; the list follows the search as it is typed and each finished call. */
export function HistoryPanel() {
  const query = useFerry((s) => s.workspace.historyQuery);
  const history = useFerry((s) => s.workspace.history);
  const setQuery = useFerry((s) => s.setHistoryQuery);
  const load = useFerry((s) => s.loadHistory);
  const clear = useFerry((s) => s.clearHistory);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => void load(), [load]);
  const searching = query.trim() !== '';

  return (
    <PanelSection title="History">
      <input
        type="search"
        aria-label="Search history"
        placeholder="Method, target, status or body"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && void load()}
      />
      {history.length > 0 && !confirming ? (
        <button type="button" className="button-ghost small" onClick={() => setConfirming(true)}>
          Clear history
        </button>
      ) : null}
      {confirming ? (
        <ConfirmInline label="Clear history?" question="Delete every call in the history? Saved requests are not touched." confirm="Delete all" onConfirm={() => void clear()} onClose={() => setConfirming(false)} />
      ) : null}
      {history.length === 0 ? <p className="muted small">{searching ? `No call matches “${query.trim()}”.` : 'No calls yet: each call you send is listed here.'}</p> : null}
      <ul className="history-list" aria-label="History entries">
        {history.map((entry) => (
          <HistoryRow key={entry.id} entry={entry} />
        ))}
      </ul>
    </PanelSection>
  );
}
