import { useState } from 'react';
import { describeFerryError } from '../../../shared/errors';
import { useFerry } from '../../store';

/** Saves the whole recorded session (every event, messages with their JSON) as an NDJSON file. */
export function ExportButton({ callId, method, disabled }: { callId: string; method: string | undefined; disabled: boolean }) {
  const exportSession = useFerry((s) => s.exportSession);
  const [progress, setProgress] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const busy = progress !== undefined;

  const run = async () => {
    setProgress(0);
    setError(undefined);
    const result = await exportSession(callId, (done, total) => setProgress(done / Math.max(1, total)));
    setProgress(undefined);
    if (!result.ok) return setError(describeFerryError(result.error));
    const url = URL.createObjectURL(result.value);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${(method ?? 'session').replace(/[^\w.-]+/g, '_')}-${callId.slice(0, 8)}.ndjson`;
    link.click();
    // The click starts the download synchronously; revoke on the next turn so the browser has the blob.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  return (
    <>
      <button type="button" className="button-ghost" disabled={busy || disabled} aria-busy={busy} onClick={() => void run()}>
        Export NDJSON
      </button>
      {busy ? (
        <span className="muted small" role="status" aria-label="Export progress">
          Exporting… {Math.floor(progress * 100)}%
        </span>
      ) : null}
      {error ? (
        <span className="error-text small" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
