import { useState } from 'react';
import { copyToClipboard } from '../../components/clipboard';
import { mockFilePath as mockFilePathOf, useFerry } from '../../store';
import { MockCalls } from './mock-calls';
import { CopyMockCommand, MockFile } from './mock-file';
import { PanelSection } from './panel-section';

const PLACEHOLDER = '{\n  "pkg.Service/Method": { "response": { … } }\n}';

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
      {mock.started.passthroughTo ? <>; the calls no case answers go to {mock.started.passthroughTo}</> : null}.{' '}
      <CopyButton text={address} label="Copy address" />
      {webUrl ? <CopyButton text={webUrl} label="Copy web URL" /> : null}
    </p>
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
  const setPassthrough = useFerry((s) => s.setMockPassthrough);
  const setRecord = useFerry((s) => s.setMockRecord);
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
      <div className="mock-options">
        <label className="field-inline small" title="Also serve the methods to browsers, over gRPC-Web and Connect, on a port of their own">
          <input type="checkbox" disabled={mock.status !== 'stopped'} checked={mock.web} onChange={(e) => setWeb(e.target.checked)} />
          gRPC-Web and Connect too
        </label>
        <label className="field-inline small" title="Calls no case of the responses answers go to the connection's server, over gRPC: a partial mock">
          <input type="checkbox" disabled={mock.status !== 'stopped'} checked={mock.passthrough} onChange={(e) => setPassthrough(e.target.checked)} />
          Pass the rest to the server
        </label>
        {mock.passthrough ? (
          <label className="field-inline small" title="Each passed unary or server-stream call becomes a case of the responses file, answered by the mock from then on (ferry mock --record)">
            <input type="checkbox" disabled={mock.status !== 'stopped'} checked={mock.record} onChange={(e) => setRecord(e.target.checked)} />
            Record them into {mock.file ? mockFilePathOf(mock.file.name) : 'the responses file'}
          </label>
        ) : null}
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
