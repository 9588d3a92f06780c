import { useEffect, useMemo, useState } from 'react';
import { describeFerryError } from '../../../shared/errors';
import { isServerStreaming, type CallKind, type WireProtocol } from '../../../shared/model';
import { formatBytes, formatMs } from '../../components/format';
import { MetadataList } from '../../components/metadata-list';
import { StatusBadge } from '../../components/status-badge';
import { StatusView } from '../../components/status-view';
import { TabList } from '../../components/tab-list';
import { jsonPathAt, parseJson } from '../../../shared/json';
import { JsonDiff, JsonEditor, type EditorAction } from '../../editor';
import { valueAt } from '../../store/response-paths';
import { isStreamingRequest, messageKey, useFerry, type RequestTab, type SessionView } from '../../store';
import { Timeline } from '../stream-timeline';
import { ResponseActions } from './response-actions';

type View = 'response' | 'timeline' | 'headers' | 'trailers';

function CallStatusBadge({ tab, session }: { tab: RequestTab; session: SessionView | undefined }) {
  if (tab.starting) return <StatusBadge tone="warn" label="STARTING" role="status" ariaLabel="Call status" />;
  if (!session) return <StatusBadge tone="muted" label="NOT SENT" role="status" ariaLabel="Call status" />;
  if (!session.status && session.released) return <StatusBadge tone="muted" label="RELEASED" detail="Ferry no longer keeps this call" role="status" ariaLabel="Call status" />;
  if (!session.status) return <StatusBadge tone="info" label="RUNNING" role="status" ariaLabel="Call status" />;
  const { name, message } = session.status;
  return <StatusBadge tone={name === 'OK' ? 'ok' : 'error'} label={name} detail={message && message !== name ? message : undefined} role="status" ariaLabel="Call status" />;
}

/** Adds what the call answered (a unary response, a server stream's messages, an error) to the mock server's responses, for a request like this one. */
function RecordToMock({ tabId, json }: { tabId: string; json?: string }) {
  const record = useFerry((s) => s.recordToMock);
  const [said, setSaid] = useState<{ ok: boolean; text: string }>();
  useEffect(() => setSaid(undefined), [json]);
  return (
    <>
      <button type="button" className="button-ghost small" title="Answer a request like this one with this response (or this error) from the Mock server" onClick={() => void record(tabId, json).then(setSaid)}>
        Add to mock
      </button>
      {said ? (
        <span className={`small ${said.ok ? 'muted' : 'error-text'}`} role="status" aria-label="Add to mock">
          {said.text}
        </span>
      ) : null}
    </>
  );
}

/** The latest response message, fetched when the call has ended (a live stream is read in the timeline). */
function ResponseBody({ tabId, session, method, kind, previous }: { tabId: string; session: SessionView; method: string | undefined; kind: CallKind | undefined; previous: string | undefined }) {
  const [comparing, setComparing] = useState(false);
  const captureFromResponse = useFerry((s) => s.captureFromResponse);
  const assertFromResponse = useFerry((s) => s.assertFromResponse);
  const actions = useMemo<EditorAction[]>(
    () => [
      { id: 'ferry.capture-value', label: 'Capture This Value as a Variable', run: (offset, text) => captureFromResponse(tabId, jsonPathAt(text, offset)) },
      {
        id: 'ferry.assert-value',
        label: 'Assert This Value',
        run: (offset, text) => {
          const path = jsonPathAt(text, offset);
          assertFromResponse(tabId, path, valueAt(parseJson(text), path));
        },
      },
    ],
    [tabId, captureFromResponse, assertFromResponse],
  );
  const index = session.receivedCount - 1;
  const ready = session.ended && index >= 0;
  const entry = useFerry((s) => (ready ? s.messages[messageKey(session.callId, 'received', index)] : undefined));
  const loadMessage = useFerry((s) => s.loadMessage);
  const theme = useFerry((s) => s.ui.theme);
  useEffect(() => {
    if (ready) void loadMessage(session.callId, 'received', index);
  }, [ready, loadMessage, session.callId, index]);

  if (!session.ended) return <p className="empty-hint">{session.receivedCount} messages so far; the Timeline shows them live.</p>;
  const failure = session.status && session.status.code !== 0 ? <StatusView status={session.status} /> : null;
  if (index < 0 && failure && (kind === 'unary' || kind === 'server-stream'))
    return (
      <>
        {failure}
        <div className="response-actions" role="toolbar" aria-label="Response actions">
          <RecordToMock tabId={tabId} />
        </div>
      </>
    );
  if (index < 0) return failure ?? <p className="empty-hint">No response message.</p>;
  if (entry?.status === 'error') return <p className="error-text">{describeFerryError(entry.error)}</p>;
  if (entry?.status !== 'ok') return <p className="muted small">Loading response…</p>;
  return (
    <div className="response-json">
      {failure}
      {session.receivedCount > 1 ? <p className="muted small">Last of {session.receivedCount} messages; the Timeline has every one.</p> : null}
      <ResponseActions text={entry.value.json} method={method}>
        {kind === 'unary' ? <RecordToMock tabId={tabId} json={entry.value.json} /> : kind === 'server-stream' ? <RecordToMock tabId={tabId} /> : null}
        {previous !== undefined ? (
          <button type="button" className="button-ghost small" aria-pressed={comparing} onClick={() => setComparing(!comparing)}>
            Compare with previous response
          </button>
        ) : null}
      </ResponseActions>
      {comparing && previous !== undefined ? (
        <>
          <p className="muted small">{previous === entry.value.json ? 'The same as the previous response.' : 'Lines of the previous response that changed are shown removed, this response\'s added.'}</p>
          <JsonDiff original={previous} modified={entry.value.json} theme={theme} ariaLabel="Response compared with the previous one" />
        </>
      ) : (
        <>
          <JsonEditor path={`inmemory://ferry/response/${tabId}.json`} value={entry.value.json} readOnly theme={theme} ariaLabel="Response body" contextActions={actions} />
          <p className="muted small">Right-click a value to capture it as a variable or to assert it.</p>
        </>
      )}
    </div>
  );
}

const PROTOCOL_NAMES: Record<WireProtocol, string> = { grpc: 'gRPC', 'grpc-web': 'gRPC-Web', 'grpc-web-text': 'gRPC-Web (text)', connect: 'Connect' };

/** "gRPC-Web over HTTP/1.1": which protocol answered the call, as the response facts show it. */
function describeProtocol(protocol: WireProtocol, httpVersion: string | undefined): string {
  return `${PROTOCOL_NAMES[protocol]}${httpVersion ? ` over HTTP/${httpVersion}` : ''}`;
}

function emptyHint(tab: RequestTab): string {
  if (!tab.method) return 'Pick a method from the service list.';
  if (isStreamingRequest(tab)) return 'Open the stream (Ctrl+Enter), then send each message with Send message; what comes back shows here.';
  return 'Send the request to see the response here (Ctrl+Enter).';
}

export function ResponsePanel({ tab }: { tab: RequestTab }) {
  const session = useFerry((s) => (tab.callId === undefined ? undefined : s.sessions[tab.callId]));
  const streamsResponses = tab.method !== undefined && isServerStreaming(tab.method.kind);
  const [view, setView] = useState<View>(streamsResponses ? 'timeline' : 'response');
  const timings = session?.timings;

  const views = [
    { id: 'response', name: 'Response', label: 'Response' },
    { id: 'timeline', name: 'Timeline', label: `Timeline${session ? ` (${session.lastSeq})` : ''}` },
    { id: 'headers', name: 'Headers', label: `Headers${session?.headers ? ` (${session.headers.length})` : ''}` },
    { id: 'trailers', name: 'Trailers', label: `Trailers${session?.trailers ? ` (${session.trailers.length})` : ''}` },
  ];

  return (
    <section className="response" aria-label="Response">
      <header className="response-head">
        <CallStatusBadge tab={tab} session={session} />
        {session ? (
          <dl className="facts">
            <div>
              <dt>Headers</dt>
              <dd>{formatMs(timings?.headersMs)}</dd>
            </div>
            <div>
              <dt>First message</dt>
              <dd>{formatMs(timings?.firstMessageMs)}</dd>
            </div>
            <div>
              <dt>Total</dt>
              <dd>{formatMs(timings?.totalMs)}</dd>
            </div>
            <div>
              <dt>Received</dt>
              <dd>
                {formatBytes(session.receivedBytes)} in {session.receivedCount} msg
              </dd>
            </div>
            <div>
              <dt>Sent</dt>
              <dd>
                {formatBytes(session.sentBytes)} in {session.sentCount} msg
              </dd>
            </div>
            {session.protocol ? (
              <div>
                <dt>Protocol</dt>
                <dd aria-label="Answered over">{describeProtocol(session.protocol, session.httpVersion)}</dd>
              </div>
            ) : null}
          </dl>
        ) : null}
      </header>
      {session ? (
        <>
          <TabList items={views} activeId={view} onSelect={(id) => setView(id as View)} ariaLabel="Response views" className="subtabs" panelIdPrefix={`resp-${tab.id}`} />
          <div className="response-body" role="tabpanel" id={`resp-${tab.id}-${view}`} aria-label={views.find((v) => v.id === view)?.name}>
            {view === 'response' ? <ResponseBody tabId={tab.id} session={session} method={tab.method?.fullName} kind={tab.method?.kind} previous={tab.previousResponse} /> : null}
            {view === 'timeline' ? <Timeline session={session} /> : null}
            {view === 'headers' ? <MetadataList entries={session.headers} empty={session.ended ? 'No headers received.' : 'Waiting for headers…'} label="Response headers" /> : null}
            {view === 'trailers' ? <MetadataList entries={session.trailers} empty={session.ended ? 'No trailers received.' : 'Trailers arrive when the call ends.'} label="Response trailers" /> : null}
          </div>
        </>
      ) : (
        <p className="empty-hint">{emptyHint(tab)}</p>
      )}
    </section>
  );
}
