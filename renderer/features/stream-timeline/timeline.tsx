import { useEffect, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import type { CallEvent } from '../../../shared/model';
import { formatBytes, formatMs } from '../../components/format';
import { useThrottled } from '../../components/use-throttled';
import { VirtualList } from '../../components/virtual-list';
import { messageKey, useFerry, type SessionView } from '../../store';
import { EventInspector } from './event-inspector';
import { ExportButton } from './export-button';
import { compactJson, eventDirection, eventRowName, eventSize, eventSummary } from '../../../shared/model';
import { filterTimeline, rowOfSeq, type DirectionFilter, type FilteredRows } from './timeline-rows';

const ROW_HEIGHT = 22;
/** How often a live stream refreshes the rows (the store itself takes every frame). */
const REFRESH_MS = 100;
/** Events a filter scans per render; a new search over a long log continues in the next frames. */
const SCAN_PER_FRAME = 20_000;
const PAGE = 20;

/** Live, virtualized list of a call's events, with filters, a paused view and an inspector for the selected one. */
export function Timeline({ session }: { session: SessionView }) {
  const messages = useFerry((s) => s.messages);
  const [direction, setDirection] = useState<DirectionFilter>('all');
  const [text, setText] = useState('');
  const [pausedAt, setPausedAt] = useState<number | undefined>(undefined);
  const [selectedSeq, setSelectedSeq] = useState<number | undefined>(undefined);

  const { events, callId } = session;
  const liveLength = useThrottled(events.length, REFRESH_MS);
  const length = pausedAt ?? liveLength;
  const previewOf = (event: CallEvent): string | undefined => {
    if (event.type !== 'call.message-sent' && event.type !== 'call.message-received') return undefined;
    const entry = messages[messageKey(callId, eventDirection(event), event.index)];
    return entry?.status === 'ok' ? compactJson(entry.value.json) : undefined;
  };
  // The last filter result, extended in place while only new events arrive (same log, filter and cache).
  const cache = useRef<{ key: unknown[]; result: FilteredRows | undefined }>({ key: [], result: undefined });
  const key = [events, direction, text, messages];
  const reusable = cache.current.key.every((part, i) => part === key[i]) && cache.current.key.length === key.length;
  const filtered = filterTimeline(events, length, { direction, text }, previewOf, reusable ? cache.current.result : undefined, SCAN_PER_FRAME);
  cache.current = { key, result: filtered };
  const searching = filtered !== undefined && filtered.scanned < length;
  const [, continueScan] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!searching) return;
    const frame = requestAnimationFrame(continueScan);
    return () => cancelAnimationFrame(frame);
  });
  const rows = filtered?.rows;
  const count = rows ? rows.length : length;
  const eventAt = (row: number): CallEvent | undefined => events[rows ? (rows[row] ?? -1) : row];
  const selectedRow = selectedSeq === undefined ? undefined : rowOfSeq(selectedSeq, count, (row) => eventAt(row)?.seq);
  const selected = selectedRow === undefined ? undefined : eventAt(selectedRow);

  const moveSelection = (row: number) => {
    const target = eventAt(Math.max(0, Math.min(count - 1, row)));
    if (target) setSelectedSeq(target.seq);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const from = selectedRow ?? -1;
    const moves: Record<string, number> = { ArrowDown: from + 1, ArrowUp: from - 1, PageDown: from + PAGE, PageUp: from - PAGE, Home: 0, End: count - 1 };
    const row = moves[event.key];
    if (row === undefined) return;
    event.preventDefault();
    moveSelection(row);
  };

  const renderRow = (row: number) => {
    const event = eventAt(row);
    if (!event) return null;
    const dir = eventDirection(event);
    const size = eventSize(event);
    const isSelected = event.seq === selectedSeq;
    return (
      <div
        key={event.seq}
        role="row"
        aria-rowindex={row + 2}
        aria-selected={isSelected}
        aria-label={eventRowName(event)}
        className={`timeline-row ${isSelected ? 'timeline-selected' : ''} timeline-${event.type.replace('call.', '')}`}
        style={{ height: ROW_HEIGHT }}
        onClick={() => setSelectedSeq(event.seq)}
      >
        <span role="gridcell" className={`tl-dir tl-${dir}`}>{dir === 'sent' ? '↑ sent' : '↓ recv'}</span>
        <span role="gridcell" className="tl-seq">{event.seq}</span>
        <span role="gridcell" className="tl-time">{formatMs(event.timeMs)}</span>
        <span role="gridcell" className="tl-size">{size === undefined ? '' : formatBytes(size)}</span>
        <span role="gridcell" className="tl-summary">{eventSummary(event, previewOf(event))}</span>
      </div>
    );
  };

  return (
    <div className="timeline">
      <div className="timeline-toolbar" role="toolbar" aria-label="Timeline controls">
        <label className="field-inline">
          <span className="visually-hidden">Direction</span>
          <select value={direction} onChange={(e) => setDirection(e.target.value as DirectionFilter)}>
            <option value="all">All directions</option>
            <option value="sent">Sent only</option>
            <option value="received">Received only</option>
          </select>
        </label>
        <input type="search" aria-label="Search events" placeholder="Search events" title="Searches each row's summary, including the JSON of messages already opened" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="button" aria-pressed={pausedAt !== undefined} className="button-ghost" onClick={() => setPausedAt(pausedAt === undefined ? events.length : undefined)}>
          Pause view
        </button>
        <ExportButton callId={callId} method={session.method} />
        <span className="muted small" aria-live="polite">
          {pausedAt !== undefined ? `Paused · ${events.length - pausedAt} new events · ` : ''}
          {searching ? `Searching… ${Math.round((100 * (filtered?.scanned ?? 0)) / Math.max(1, length))}% · ` : ''}
          {rows ? `${count} of ${length}` : `${length}`} events
        </span>
      </div>
      <div className="timeline-body">
        <div className="timeline-grid" role="grid" aria-label="Stream timeline" aria-rowcount={count + 1} aria-readonly="true" tabIndex={0} onKeyDown={onKeyDown}>
          <div role="row" aria-rowindex={1} className="timeline-row timeline-head">
            <span role="columnheader" className="tl-dir">Direction</span>
            <span role="columnheader" className="tl-seq">Seq</span>
            <span role="columnheader" className="tl-time">Time</span>
            <span role="columnheader" className="tl-size">Size</span>
            <span role="columnheader" className="tl-summary">Summary</span>
          </div>
          <VirtualList count={count} rowHeight={ROW_HEIGHT} renderRow={renderRow} revealIndex={selectedRow} followTail={pausedAt === undefined && selectedSeq === undefined} className="timeline-rows" />
        </div>
        <EventInspector callId={callId} event={selected} />
      </div>
    </div>
  );
}
