import { useEffect, useState } from 'react';
import { useFerry } from '../../store';

/** Past calls (newest first), searchable; each reopens as a new tab. Plus grpcurl copy and paste. */
export function HistoryPanel() {
  const query = useFerry((s) => s.workspace.historyQuery);
  const history = useFerry((s) => s.workspace.history);
  const grpcurl = useFerry((s) => s.workspace.grpcurl);
  const setQuery = useFerry((s) => s.setHistoryQuery);
  const load = useFerry((s) => s.loadHistory);
  const reopen = useFerry((s) => s.reopenHistory);
  const copy = useFerry((s) => s.copyAsGrpcurl);
  const paste = useFerry((s) => s.importGrpcurl);
  const [pasted, setPasted] = useState('');
  useEffect(() => void load(), [load]);

  return (
    <section className="history" aria-label="History">
      <div className="workspace-open">
        <button
          type="button"
          onClick={() =>
            void copy().then((text) => {
              if (text !== undefined) void navigator.clipboard?.writeText(text).catch(() => undefined);
            })
          }
        >
          Copy as grpcurl
        </button>
      </div>
      {grpcurl && <textarea aria-label="grpcurl command" readOnly value={grpcurl} rows={3} />}
      <form
        className="workspace-open"
        onSubmit={(event) => {
          event.preventDefault();
          void paste(pasted);
        }}
      >
        <input aria-label="grpcurl command to paste" value={pasted} onChange={(e) => setPasted(e.target.value)} />
        <button type="submit">Paste grpcurl command</button>
      </form>
      <form
        className="workspace-open"
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <input type="search" aria-label="Search history" value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      <ul className="collection-tree" aria-label="History entries">
        {history.map((entry) => (
          <li key={entry.id} className="collection-row">
            <button type="button" className="button-ghost collection-open" aria-label={`Reopen ${entry.method} at ${entry.time}`} onClick={() => reopen(entry.id)}>
              {entry.method.slice(entry.method.lastIndexOf('/') + 1)} <span className="muted small">{entry.status.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
