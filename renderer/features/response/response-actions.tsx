import { useEffect, useState, type ReactNode } from 'react';
import { copyToClipboard } from '../../components/clipboard';

/** `ferry.testing.v1.Bench.Echo` → `Echo-response.json`. */
export function responseFileName(method: string | undefined): string {
  if (method === undefined) return 'response.json';
  return `${method.split(/[/.]/).pop()!.replace(/[^\w.-]+/g, '_')}-response.json`;
}

/**
 * Copy the shown response's JSON, or save it as a file (a download in a browser, a save dialog on the
 * desktop); `children` are the view's own actions, in the same toolbar.
 */
export function ResponseActions({ text, method, children }: { text: string; method: string | undefined; children?: ReactNode }) {
  const [said, setSaid] = useState<{ text: string; error: boolean } | undefined>(undefined);
  // A new response clears what was said about the last one.
  useEffect(() => setSaid(undefined), [text]);

  const copy = async () => {
    const copied = await copyToClipboard(text);
    setSaid(copied ? { text: 'Copied the response.', error: false } : { text: 'The clipboard is not available here: click into the response, then Ctrl+A and Ctrl+C.', error: true });
  };
  const save = () => {
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = responseFileName(method);
    link.click();
    // The click starts the download synchronously; revoke on the next turn so the browser has the blob.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  return (
    <div className="response-actions" role="toolbar" aria-label="Response actions">
      <button type="button" className="button-ghost small" onClick={() => void copy()}>
        Copy response
      </button>
      <button type="button" className="button-ghost small" onClick={save}>
        Save response
      </button>
      {children}
      {said ? (
        <span className={`small ${said.error ? 'error-text' : 'muted'}`} role="status">
          {said.text}
        </span>
      ) : null}
    </div>
  );
}
