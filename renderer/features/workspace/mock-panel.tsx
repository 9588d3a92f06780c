import { useEffect, useState } from 'react';
import type { MockCallSeen } from '../../../shared/model';
import { copyToClipboard } from '../../components/clipboard';
import { formatWhen } from '../../components/format';
import { StatusBadge } from '../../components/status-badge';
import { mockCommand, mockFilePath, mockResponsesUnsaved, toConnectionConfig, useFerry } from '../../store';
import { PanelSection } from './panel-section';

const PLACEHOLDER = '{\n  "pkg.Service/Method": { "response": { … } }\n}';

function MockCallRow({ call }: { call: MockCallSeen }) {
  const method = call.method.slice(call.method.lastIndexOf('/') + 1);
  const metadata = Object.entries(call.metadata);
  return (
    <li className="mock-call">
      <details>
        <summary aria-label={`${call.method}${call.protocol ? ` over ${call.protocol}` : ''} answered ${call.status} at ${formatWhen(call.at)}`}>
          <span className="history-method">{method}</span> <StatusBadge tone={call.status === 'OK' ? 'ok' : 'error'} label={call.status} />{' '}
          {call.protocol ? <span className="muted small">{call.protocol} </span> : null}
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

function MockCalls() {
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

/** A copy button for an address, saying where the clipboard is refused what to copy by hand. */
function CopyButton({ text, label }: { text: string; label: string }) {
  const [said, setSaid] = useState<string>();
  return (
    <>
      <button type="button" className="button-ghost small" onClick={() => void copyToClipboard(text).then((ok) => setSaid(ok ? 'Copied.' : `The clipboard is not available here: ${text}`))}>
        {label}
      </button>
      {said ? <span className="muted"> {said}</span> : null}
    </>
  );
}

/** Where the running mock listens, and its addresses to copy into the client being built. */
function MockStatus() {
  const mock = useFerry((s) => s.mock);
  if (mock.status !== 'running' || !mock.started) return null;
  const { address, webUrl, methods, services } = mock.started;
  return (
    <p className="small" role="status" aria-label="Mock server status">
      Serving {methods} methods of {services} {services === 1 ? 'service' : 'services'} from {mock.serving} on <code>{address}</code> (plaintext gRPC, with server reflection)
      {webUrl ? (
        <>
          {' '}
          and <code>{webUrl}</code> (gRPC-Web and Connect)
        </>
      ) : null}
      .{' '}
      <CopyButton text={address} label="Copy address" />
      {webUrl ? <CopyButton text={webUrl} label="Copy web URL" /> : null}
    </p>
  );
}

/** The same mock as the `ferry mock` command a CI job runs from the workspace root. */
function CopyMockCommand() {
  const form = useFerry((s) => s.connection.form);
  const mock = useFerry((s) => s.mock);
  const root = useFerry((s) => s.workspace.snapshot?.root);
  const [said, setSaid] = useState<string>();
  const built = toConnectionConfig(form);
  const command = built.ok ? mockCommand(built.config, mock, root) : undefined;
  const unnamed = mock.file === undefined && mock.responses.trim() !== '';
  const copy = async (text: string) =>
    setSaid(`${(await copyToClipboard(text)) ? 'Copied' : `The clipboard is not available here: ${text}`}${unnamed ? ' (save the responses to a file for the command to name them)' : ''}.`);
  return (
    <>
      <button type="button" className="button-ghost small" disabled={command === undefined} title="The ferry mock command that serves this mock, e.g. in CI" onClick={() => command !== undefined && void copy(command)}>
        Copy as ferry mock
      </button>
      {said ? (
        <span className="small muted" role="status" aria-label="Copy as ferry mock">
          {said}
        </span>
      ) : null}
    </>
  );
}

/** Which workspace file the responses are, and Save as: mocks/<name>.ferry-mock.json, the file `ferry mock --responses` reads. */
function MockFile() {
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
        <div className="history-confirm" role="alertdialog" aria-label="Delete the mock file?">
          <p className="small">Delete {mockFilePath(mock.file.name)} from the workspace? The responses stay in the box.</p>
          <button
            type="button"
            className="button-danger"
            onClick={() => {
              setConfirming(false);
              void remove();
            }}
          >
            Delete
          </button>
          <button type="button" className="button-ghost" onClick={() => setConfirming(false)} autoFocus>
            Keep
          </button>
        </div>
      ) : null}
      {mock.fileNotice ? (
        <p className="small muted" role="status" aria-label="Mock file">
          {mock.fileNotice}
        </p>
      ) : null}
    </>
  );
}

/**
 * `ferry mock` in the app: the open connection's schema served on 127.0.0.1, each method answering the
 * responses typed here (or its response type's example), and the calls it answered.
 */
export function MockPanel() {
  const mock = useFerry((s) => s.mock);
  const connected = useFerry((s) => s.connection.status === 'connected');
  const method = useFerry((s) => s.tabs.find((tab) => tab.id === s.activeTabId)?.method);
  const setPort = useFerry((s) => s.setMockPort);
  const setResponses = useFerry((s) => s.setMockResponses);
  const setWeb = useFerry((s) => s.setMockWeb);
  const addExample = useFerry((s) => s.addMockExample);
  const start = useFerry((s) => s.startMock);
  const apply = useFerry((s) => s.applyMockResponses);
  const stop = useFerry((s) => s.stopMock);
  const running = mock.status === 'running';

  return (
    <PanelSection title="Mock server">
      <div className="load-fields">
        <label className="field-inline small" title="Empty: any free port">
          Port
          <input className="run-number" inputMode="numeric" placeholder="any" disabled={mock.status !== 'stopped'} value={mock.port} onChange={(e) => setPort(e.target.value)} />
        </label>
        <label className="field-inline small" title="Also serve the methods to browsers, over gRPC-Web and Connect, on a port of their own">
          <input type="checkbox" disabled={mock.status !== 'stopped'} checked={mock.web} onChange={(e) => setWeb(e.target.checked)} />
          gRPC-Web and Connect too
        </label>
        {running ? (
          <button type="button" className="button-danger small" onClick={() => void stop()}>
            Stop mock
          </button>
        ) : (
          <button type="button" className="button-primary small" disabled={!connected || mock.status === 'starting'} title={connected ? 'Serve the open connection\'s schema on 127.0.0.1' : 'Connect first'} onClick={() => void start()}>
            Start mock
          </button>
        )}
      </div>
      <MockStatus />
      <MockFile />
      <textarea
        aria-label="Mock responses"
        wrap="off"
        className="mono"
        rows={6}
        spellCheck={false}
        placeholder={PLACEHOLDER}
        value={mock.responses}
        onChange={(e) => setResponses(e.target.value)}
      />
      <div className="load-fields">
        <button type="button" className="button-ghost small" disabled={!connected || !method} title={method ? `Add ${method.responseType}'s example as ${method.name}'s answer` : 'Open a method first'} onClick={() => method && void addExample(method.fullName)}>
          {method ? `Add ${method.name}'s example` : "Add the open method's example"}
        </button>
        {running ? (
          <button type="button" className="button-ghost small" disabled={mock.responses === mock.applied} onClick={() => void apply()}>
            Apply responses
          </button>
        ) : null}
        <CopyMockCommand />
      </div>
      {mock.error ? (
        <p className="small error-text" role="alert">
          {mock.error}
        </p>
      ) : null}
      <p className="muted small">
        Methods the responses leave out answer their response type&apos;s example. An entry may list cases chosen by <code>when</code> (request fields) or <code>metadata</code>, a{' '}
        <code>status</code>, a <code>delayMs</code>, and fill strings from the request with <code>{'{{request.field}}'}</code>, as <code>ferry mock --responses</code> reads them.
      </p>
      {running || mock.calls.length > 0 ? <MockCalls /> : null}
    </PanelSection>
  );
}
