import { memo, useEffect, useState } from 'react';
import type { PagedEvent } from '../../../shared/api';
import { describeFerryError } from '../../../shared/errors';
import { eventDirection, type CallEvent } from '../../../shared/model';
import { formatBytes, formatMs } from '../../components/format';
import { MetadataList } from '../../components/metadata-list';
import { copyToClipboard } from '../../components/clipboard';
import { StatusView } from '../../components/status-view';
import { JsonEditor } from '../../editor';
import { messageKey, useFerry } from '../../store';

function MessageView({ callId, event }: { callId: string; event: Extract<CallEvent, { index: number }> }) {
  const direction = eventDirection(event);
  const entry = useFerry((s) => s.messages[messageKey(callId, direction, event.index)]);
  const loadMessage = useFerry((s) => s.loadMessage);
  const theme = useFerry((s) => s.ui.theme);
  useEffect(() => void loadMessage(callId, direction, event.index), [loadMessage, callId, direction, event.index]);
  if (entry?.status === 'error') return <p className="error-text">{describeFerryError(entry.error)}</p>;
  if (entry?.status !== 'ok') return <p className="muted small">Loading message…</p>;
  return (
    <div className="inspector-json">
      <MessageActions text={entry.value.json} sent={direction === 'sent'} />
      <JsonEditor path="inmemory://ferry/inspector.json" value={entry.value.json} readOnly theme={theme} ariaLabel={`Message ${direction} ${event.index}`} />
    </div>
  );
}

/** Copy a message, or put a sent one back in the request editor to send it again (a stream's next message). */
function MessageActions({ text, sent }: { text: string; sent: boolean }) {
  const tabId = useFerry((s) => s.activeTabId);
  const setBody = useFerry((s) => s.setBody);
  const [said, setSaid] = useState<string | undefined>(undefined);
  useEffect(() => setSaid(undefined), [text]);
  const copy = async () => setSaid((await copyToClipboard(text)) ? 'Copied the message.' : 'The clipboard is not available here: select the text, then Ctrl+C.');
  return (
    <div className="response-actions" role="toolbar" aria-label="Message actions">
      <button type="button" className="button-ghost small" onClick={() => void copy()}>
        Copy message
      </button>
      {sent ? (
        <button
          type="button"
          className="button-ghost small"
          onClick={() => {
            setBody(tabId, text);
            setSaid('In the request editor: Send (or Send message) sends it again.');
          }}
        >
          Put in the request editor
        </button>
      ) : null}
      {said ? (
        <span className="muted small" role="status">
          {said}
        </span>
      ) : null}
    </div>
  );
}

/** The selected timeline event in full: a message's JSON (fetched on demand, cached), metadata, or status. */
function EventInspectorView({ callId, seq, event }: { callId: string; seq: number | undefined; event: PagedEvent | undefined }) {
  if (seq === undefined) return <section className="inspector empty-hint" aria-label="Event details">Select an event to inspect it. Use ↑ ↓ in the timeline.</section>;
  if (!event) {
    return (
      <section className="inspector" aria-label="Event details" aria-busy="true">
        <p className="muted small">Loading event #{seq}…</p>
      </section>
    );
  }
  const title = `${eventDirection(event)} #${event.seq} · ${event.type.replace('call.', '')} · ${formatMs(event.timeMs)}`;
  const isMessage = event.type === 'call.message-sent' || event.type === 'call.message-received';
  return (
    <section className="inspector" aria-label="Event details">
      <h4 className="inspector-title">
        {title}
        {'size' in event ? <span className="muted"> · {formatBytes(event.size)}</span> : null}
      </h4>
      {isMessage && event.bodyEvicted ? <p className="muted">This message’s body was dropped to keep Ferry within its limits; its time and size are kept.</p> : null}
      {isMessage && !event.bodyEvicted ? <MessageView callId={callId} event={event} /> : null}
      {event.type === 'call.headers-received' || event.type === 'call.trailers-received' ? <MetadataList entries={event.metadata} empty="No metadata." /> : null}
      {event.type === 'call.ended' ? <StatusView status={event.status} /> : null}
      {event.type === 'call.started' ? (
        <p>
          <code>{event.method}</code> on <code>{event.target}</code>
        </p>
      ) : null}
    </section>
  );
}

/** Memoized: a live stream re-renders the timeline ten times a second, the selected event rarely changes. */
export const EventInspector = memo(EventInspectorView);
