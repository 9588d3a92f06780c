import { useEffect, useState } from 'react';
import { CopyCommand } from '../../components/copy-command';
import { ConfirmInline } from '../../components/confirm-inline';
import { mockCommand, mockFilePath, mockResponsesUnsaved, toConnectionConfig, useFerry } from '../../store';

/** The same mock as the `ferry mock` command a CI job runs from the workspace root. */
export function CopyMockCommand() {
  const form = useFerry((s) => s.connection.form);
  const mock = useFerry((s) => s.mock);
  const root = useFerry((s) => s.workspace.snapshot?.root);
  const built = toConnectionConfig(form);
  const command = built.ok ? mockCommand(built.config, mock, root) : undefined;
  const note = mock.file === undefined && mock.responses.trim() !== '' ? ' (save the responses to a file for the command to name them)' : '';
  return <CopyCommand label="Copy as ferry mock" title="The ferry mock command that serves this mock, e.g. in CI" command={command} copied={`Copied${note}.`} unavailableSuffix={`${note}.`} />;
}

/** Which workspace file the responses are, and Save as: mocks/<name>.ferry-mock.json, the file `ferry mock --responses` reads. */
export function MockFile() {
  const mock = useFerry((s) => s.mock);
  const mocks = useFerry((s) => s.workspace.snapshot?.mocks);
  const open = useFerry((s) => s.openMockFile);
  const setSaveName = useFerry((s) => s.setMockSaveName);
  const save = useFerry((s) => s.saveMockFile);
  const remove = useFerry((s) => s.deleteMockFile);
  const changed = useFerry((s) => s.mockFilesChanged);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (mocks) void changed(mocks);
  }, [mocks, changed]);
  if (!mocks) return <p className="muted small">Open a workspace to keep responses in its mocks folder, beside the requests, for ferry mock --responses.</p>;
  const unsaved = mockResponsesUnsaved(mock);
  return (
    <>
      <div className="load-fields">
        <label className="field-inline small">
          Responses file
          <select aria-label="Responses file" value={mock.file?.name ?? ''} onChange={(e) => open(e.target.value === '' ? undefined : e.target.value)}>
            <option value="">{mock.file ? 'None (keep the text here)' : 'None'}</option>
            {mocks.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        {mock.file && unsaved ? <span className="small muted">changed</span> : null}
      </div>
      <div className="load-fields">
        <label className="field-inline small" title="Saved as mocks/<name>.ferry-mock.json in the workspace">
          Save as
          <input aria-label="Save responses as" className="mono" placeholder="orders" value={mock.saveName} onChange={(e) => setSaveName(e.target.value)} />
        </label>
        <button type="button" className="button-ghost small" disabled={mock.saveName.trim() === '' || (mock.file?.name === mock.saveName.trim() && !unsaved)} onClick={() => void save()}>
          Save responses
        </button>
        {mock.saveConflict ? (
          <button type="button" className="button-danger small" onClick={() => void save(true)}>
            Save anyway
          </button>
        ) : null}
        {mock.file && !confirming ? (
          <button type="button" className="button-ghost small" onClick={() => setConfirming(true)}>
            Delete file
          </button>
        ) : null}
      </div>
      {confirming && mock.file ? (
        <ConfirmInline
          label="Delete the mock file?"
          question={`Delete ${mockFilePath(mock.file.name)} from the workspace? The responses stay in the box.`}
          confirm="Delete"
          onConfirm={() => void remove()}
          onClose={() => setConfirming(false)}
        />
      ) : null}
      {mock.fileNotice ? (
        <p className="small muted" role="status" aria-label="Mock file">
          {mock.fileNotice}
        </p>
      ) : null}
    </>
  );
}

