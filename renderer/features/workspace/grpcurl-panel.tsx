import { useState } from 'react';
import { copyToClipboard } from '../../components/clipboard';
import { useFerry } from '../../store';
import { PanelSection } from './panel-section';

/** grpcurl both ways: the open tab as a command to copy, and a pasted command opened as a new tab. */
export function GrpcurlPanel() {
  const grpcurl = useFerry((s) => s.workspace.grpcurl);
  const copy = useFerry((s) => s.copyAsGrpcurl);
  const paste = useFerry((s) => s.importGrpcurl);
  const [pasted, setPasted] = useState('');

  return (
    <PanelSection title="grpcurl">
      <button
        type="button"
        className="button-ghost"
        onClick={() =>
          void copy().then((text) => {
            if (text !== undefined) void copyToClipboard(text);
          })
        }
      >
        Copy as grpcurl
      </button>
      {grpcurl && <textarea aria-label="grpcurl command" className="mono" readOnly value={grpcurl} rows={4} />}
      <form
        className="workspace-stack"
        onSubmit={(event) => {
          event.preventDefault();
          void paste(pasted);
        }}
      >
        <textarea
          aria-label="grpcurl command to paste"
          className="mono"
          rows={2}
          spellCheck={false}
          placeholder="grpcurl -plaintext -d '{…}' host:port pkg.Service/Method"
          value={pasted}
          onChange={(e) => setPasted(e.target.value)}
        />
        <button type="submit" disabled={pasted.trim() === ''}>
          Paste grpcurl command
        </button>
      </form>
    </PanelSection>
  );
}
