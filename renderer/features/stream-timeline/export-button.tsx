import { useState } from 'react';
import { describeFerryError } from '../../../shared/errors';
import { useFerry } from '../../store';

/** Saves the whole recorded session (every event, messages with their JSON) as an NDJSON file. */
export function ExportButton({ callId, method }: { callId: string; method: string | undefined }) {
  const exportSession = useFerry((s) => s.exportSession);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const run = async () => {
    setBusy(true);
    setError(undefined);
    const result = await exportSession(callId);
    setBusy(false);
    if (!result.ok) return setError(describeFerryError(result.error));
    const url = URL.createObjectURL(new Blob(result.value, { type: 'application/x-ndjson' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${(method ?? 'session').replace(/[^\w.-]+/g, '_')}-${callId.slice(0, 8)}.ndjson`;
    link.click();
    // The click starts the download synchronously; revoke on the next turn so the browser has the blob.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  return (
    <>
      <button type="button" className="button-ghost" disabled={busy} aria-busy={busy} onClick={() => void run()}>
        Export NDJSON
      </button>
      {error ? (
        <span className="error-text small" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
