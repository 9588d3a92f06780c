import { useState } from 'react';
import { describeFerryError } from '../../../shared/errors';
import { KindBadge } from '../../components/kind-badge';
import { JsonEditor } from '../../editor';
import { bodyProblems, describeJsonProblem, isJsonWithPlaceholders, isStreamingRequest, useFerry, type RequestTab } from '../../store';
import { AssertionsEditor, assertionsSummary } from './assertions-editor';
import { CapturesEditor, capturesSummary } from './captures-editor';
import { DeadlineCountdown } from './deadline-countdown';
import { LoadTestPanel } from './load-test-panel';
import { MetadataTable } from './metadata-table';
import { TargetNotice } from './target-notice';
import { useVariableSuggestions } from '../variables';

export function requestModelPath(tabId: string): string {
  return `inmemory://ferry/request/${tabId}.json`;
}

function StreamControls({ tab, running }: { tab: RequestTab; running: boolean }) {
  const sendStreamMessage = useFerry((s) => s.sendStreamMessage);
  const halfClose = useFerry((s) => s.halfClose);
  const cancel = useFerry((s) => s.cancel);
  const halfClosed = useFerry((s) => (tab.callId ? s.sessions[tab.callId]?.halfClosed === true : false));
  if (!running) return null;
  return (
    <>
      {isStreamingRequest(tab) ? (
        <>
          <button type="button" className="button-primary" disabled={halfClosed} onClick={() => void sendStreamMessage(tab.id)} title="Send the editor's JSON as the next message on the open stream (Ctrl+Enter)">
            Send message
          </button>
          <button type="button" disabled={halfClosed} onClick={() => void halfClose(tab.id)} title="Half-close: tell the server no more messages will come">
            End stream
          </button>
        </>
      ) : null}
      <button type="button" className="button-danger" onClick={() => void cancel(tab.id)}>
        Cancel
      </button>
    </>
  );
}

/** Send, or for client and bidi streams Open stream (which sends nothing: each message goes with Send message). */
function StartButton({ tab, running }: { tab: RequestTab; running: boolean }) {
  const connected = useFerry((s) => s.connection.status === 'connected');
  const connectedTarget = useFerry((s) => (s.connection.status === 'connected' ? s.connection.info?.target : undefined));
  const send = useFerry((s) => s.send);
  const opensStream = isStreamingRequest(tab);
  if (opensStream && running) return null;
  const where = connectedTarget ?? 'the connected server';
  const title = !connected ? 'Connect first' : running ? 'A call is running in this tab' : opensStream ? `Open the stream to ${where}; then send messages one by one (Ctrl+Enter)` : `Send to ${where} (Ctrl+Enter)`;
  return (
    <button type="button" className="button-primary" disabled={!connected || running || tab.starting} aria-busy={tab.starting} title={title} onClick={() => void send(tab.id)}>
      {opensStream ? 'Open stream' : 'Send'}
    </button>
  );
}

export function RequestPanel({ tab }: { tab: RequestTab }) {
  const theme = useFerry((s) => s.ui.theme);
  const running = useFerry((s) => tab.callId !== undefined && s.sessions[tab.callId]?.ended !== true);
  const setBody = useFerry((s) => s.setBody);
  const resetBody = useFerry((s) => s.resetBody);
  const setDeadline = useFerry((s) => s.setDeadline);
  const setEditorProblem = useFerry((s) => s.setEditorProblem);
  const [showMetadata, setShowMetadata] = useState(false);
  const showSection = useFerry((s) => s.showSection);
  const showAssertions = tab.shown?.assertions === true;
  const showCaptures = tab.shown?.captures === true;
  const showLoadTest = tab.shown?.loadTest === true;
  const variables = useVariableSuggestions();
  const template = tab.template;
  const method = tab.method;

  if (!method) {
    return (
      <section className="request request-empty" aria-label="Request">
        <p className="empty-hint">Pick a method in the service list (Ctrl+K to filter) to start a request.</p>
      </section>
    );
  }

  // The parser's problem with the current text, else Monaco's while it describes the current text.
  const problems = bodyProblems(tab.body, tab.editorProblem);
  const shownProblem = problems.shown;
  return (
    <section className="request" aria-label="Request">
      <header className="request-head">
        <KindBadge kind={method.kind} />
        <code className="request-path" title={method.fullName}>
          {method.path}
        </code>
      </header>
      <div className="request-toolbar" role="toolbar" aria-label="Request controls">
        <StartButton tab={tab} running={running} />
        <StreamControls tab={tab} running={running} />
        <label className="field-inline">
          <span className="field-label">Deadline</span>
          <input className="input-narrow" aria-label="Deadline (seconds)" title="Deadline in seconds; empty for none" inputMode="decimal" placeholder="seconds" value={tab.deadlineSec} onChange={(e) => setDeadline(tab.id, e.target.value)} />
        </label>
        {running && tab.callStartedAt !== undefined && tab.callDeadlineMs !== undefined ? <DeadlineCountdown startedAt={tab.callStartedAt} deadlineMs={tab.callDeadlineMs} /> : null}
        <span className="toolbar-spacer" />
        <button type="button" className="button-ghost" aria-expanded={showMetadata} onClick={() => setShowMetadata(!showMetadata)}>
          Metadata{tab.metadata.length > 0 ? ` (${tab.metadata.filter((r) => r.enabled).length})` : ''}
        </button>
        <button type="button" className="button-ghost" aria-expanded={showAssertions} onClick={() => showSection(tab.id, 'assertions', !showAssertions)}>
          Assertions{assertionsSummary(tab)}
        </button>
        <button type="button" className="button-ghost" aria-expanded={showCaptures} onClick={() => showSection(tab.id, 'captures', !showCaptures)}>
          Captures{capturesSummary(tab)}
        </button>
        <button type="button" className="button-ghost" aria-expanded={showLoadTest} onClick={() => showSection(tab.id, 'loadTest', !showLoadTest)} title="Make this request many times and see its latency percentiles, calls a second and statuses (ferry bench)">
          Load test{tab.loadTest?.status === 'running' ? ' (running)' : ''}
        </button>
        <button type="button" className="button-ghost" disabled={template?.status !== 'ok'} onClick={() => resetBody(tab.id)} title="Replace the body with the schema's example message">
          Reset to example
        </button>
      </div>
      {tab.saved ? <TargetNotice /> : null}
      {showMetadata ? <MetadataTable tab={tab} /> : null}
      {showAssertions ? <AssertionsEditor tab={tab} /> : null}
      {showCaptures ? <CapturesEditor tab={tab} /> : null}
      {showLoadTest ? <LoadTestPanel tab={tab} /> : null}
      {tab.sendError ? (
        <p className="request-error" role="alert">
          {tab.sendError}
        </p>
      ) : null}
      {tab.bodyMark ? (
        <p className="request-warning" role="note">
          {tab.bodyMark}
        </p>
      ) : null}
      {template?.status === 'error' ? <p className="request-warning">No example or schema for {method.requestType}: {describeFerryError(template.error)}</p> : null}
      <div className="request-editor">
        <JsonEditor
          path={requestModelPath(tab.id)}
          value={tab.body}
          theme={theme}
          ariaLabel={`Request body for ${method.name}`}
          schema={template?.status === 'ok' ? template.value.jsonSchema : undefined}
          onChange={(text) => setBody(tab.id, text)}
          onProblem={(problem) => setEditorProblem(tab.id, problem)}
          problem={problems.blocking}
          acceptsSyntax={isJsonWithPlaceholders}
          variables={variables}
        />
      </div>
      <footer className="request-foot muted small">
        <span role="status" aria-label="Request body problems" className="error-text">
          {shownProblem ? describeJsonProblem(shownProblem) : null}
        </span>
        {shownProblem ? null : <span>{method.requestType}</span>}
      </footer>
    </section>
  );
}
