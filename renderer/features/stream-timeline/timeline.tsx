import { useMemo, useState, type KeyboardEvent } from 'react';
import { VirtualList } from '../../components/virtual-list';
import type { SessionView } from '../../store';
import { EventInspector } from './event-inspector';
import type { EventFilter } from './filter-scan';
import { ROW_HEIGHT, TimelineHead, TimelineRow, timelineColumns } from './timeline-row';
import { TimelineNotices } from './timeline-notices';
import { TimelineToolbar, type DirectionFilter } from './timeline-toolbar';
import { useDebounced } from './use-debounced';
import { isReadable, useTimelineRows } from './use-timeline-rows';

/** Typing pauses this long before the engine searches. */
const SEARCH_DELAY_MS = 250;
const PAGE = 20;

/**
 * A call's events as a virtual grid of rows 1…last seq: the newest from the store's window, the rest read
 * from the engine as they scroll into view; filters run in the engine; an inspector for the selected event.
 */
export function Timeline({ session }: { session: SessionView }) {
  const [direction, setDirection] = useState<DirectionFilter>('all');
  const [text, setText] = useState('');
  const [pausedAt, setPausedAt] = useState<number | undefined>(undefined);
  const [selectedSeq, setSelectedSeq] = useState<number | undefined>(undefined);

  const searchText = useDebounced(text.trim(), SEARCH_DELAY_MS);
  const filter = useMemo<EventFilter>(() => ({ ...(direction !== 'all' && { direction }), ...(searchText !== '' && { text: searchText }) }), [direction, searchText]);
  // The event pump already spaces a busy stream's updates (100 ms), so the rows follow the session as is.
  const rows = useTimelineRows(session, filter, pausedAt ?? session.lastSeq);
  const { count } = rows;
  const readable = isReadable(session);
  const columns = timelineColumns(session.lastSeq);
  const selectedRow = selectedSeq === undefined ? undefined : rows.rowOf(selectedSeq);

  const onKeyDown = (event: KeyboardEvent) => {
    const from = selectedRow ?? -1;
    const moves: Record<string, number> = { ArrowDown: from + 1, ArrowUp: from - 1, PageDown: from + PAGE, PageUp: from - PAGE, Home: 0, End: count - 1 };
    const row = moves[event.key];
    if (row === undefined) return;
    event.preventDefault();
    const seq = rows.seqAt(Math.max(0, Math.min(count - 1, row)));
    if (seq !== undefined) setSelectedSeq(seq);
  };

  const renderRow = (row: number) => {
    const seq = rows.seqAt(row);
    if (seq === undefined) return null;
    const event = rows.eventOf(seq);
    return (
      <TimelineRow
        row={row}
        seq={seq}
        event={event}
        preview={event && rows.previewOf(event)}
        unavailable={!readable}
        selected={seq === selectedSeq}
        columns={columns}
        onSelect={setSelectedSeq}
      />
    );
  };

  return (
    <div className="timeline">
      <TimelineToolbar
        session={session}
        readable={readable}
        rows={rows}
        direction={direction}
        setDirection={setDirection}
        text={text}
        setText={setText}
        pausedAt={pausedAt}
        togglePause={() => setPausedAt(pausedAt === undefined ? session.lastSeq : undefined)}
      />
      <TimelineNotices session={session} />
      <div className="timeline-body">
        <div className="timeline-grid" role="grid" aria-label="Stream timeline" aria-rowcount={count + 1} aria-readonly="true" tabIndex={0} onKeyDown={onKeyDown}>
          <TimelineHead columns={columns} />
          <VirtualList
            count={count}
            rowHeight={ROW_HEIGHT}
            renderRow={renderRow}
            revealIndex={selectedRow}
            followTail={pausedAt === undefined && selectedSeq === undefined}
            onVisibleRange={rows.onVisibleRange}
            className="timeline-rows"
          />
        </div>
        <EventInspector callId={session.callId} seq={selectedSeq} event={selectedSeq === undefined ? undefined : rows.eventOf(selectedSeq)} />
      </div>
    </div>
  );
}
