import { memo } from 'react';
import type { PagedEvent } from '../../../shared/api';
import { eventDirection, eventRowName, eventSize, eventSummary } from '../../../shared/model';
import { formatBytes, formatMs } from '../../components/format';

export const ROW_HEIGHT = 22;

/**
 * Column widths: narrow fixed columns sized to their content (the seq column to the digits of the last
 * seq), so the Summary with its JSON preview takes the rest of the row.
 */
export function timelineColumns(lastSeq: number): string {
  const digits = Math.max(3, String(lastSeq).length);
  return `2ch calc(${digits}ch + 8px) calc(8ch + 8px) calc(7ch + 8px) minmax(0, 1fr)`;
}

export function TimelineHead({ columns }: { columns: string }) {
  return (
    <div role="row" aria-rowindex={1} className="timeline-row timeline-head" style={{ gridTemplateColumns: columns }}>
      <span role="columnheader" className="tl-dir" title="Direction: ↑ sent, ↓ received">
        <span aria-hidden="true">⇅</span>
        <span className="visually-hidden">Direction</span>
      </span>
      <span role="columnheader" className="tl-seq">Seq</span>
      <span role="columnheader" className="tl-time">Time</span>
      <span role="columnheader" className="tl-size">Size</span>
      <span role="columnheader" className="tl-summary">Summary</span>
    </div>
  );
}

function summaryOf(event: PagedEvent, preview: string | undefined): string {
  if (event.bodyEvicted) return `${eventSummary(event)}  (body dropped)`;
  return eventSummary(event, preview);
}

interface TimelineRowProps {
  row: number;
  seq: number;
  /** Undefined while the row is being read from the engine: a placeholder. */
  event: PagedEvent | undefined;
  preview: string | undefined;
  /** The engine no longer has the session: a row not at hand will never load. */
  unavailable: boolean;
  selected: boolean;
  columns: string;
  onSelect: (seq: number) => void;
}

/** One event as a grid row named `<direction> #<seq> <kind>`, or a placeholder named `#<seq> loading` (or `not available`). */
function TimelineRowView({ row, seq, event, preview, unavailable, selected, columns, onSelect }: TimelineRowProps) {
  const common = { role: 'row', 'aria-rowindex': row + 2, 'aria-selected': selected, onClick: () => onSelect(seq) } as const;
  const style = { height: ROW_HEIGHT, gridTemplateColumns: columns };
  const selectedClass = selected ? 'timeline-selected' : '';
  if (!event) {
    return (
      <div {...common} aria-busy={!unavailable} aria-label={`#${seq} ${unavailable ? 'not available' : 'loading'}`} className={`timeline-row timeline-placeholder ${selectedClass}`} style={style}>
        <span role="gridcell" className="tl-dir" />
        <span role="gridcell" className="tl-seq">{seq}</span>
        <span role="gridcell" className="tl-time" />
        <span role="gridcell" className="tl-size" />
        <span role="gridcell" className="tl-summary muted">{unavailable ? 'not available (session released)' : 'loading…'}</span>
      </div>
    );
  }
  const direction = eventDirection(event);
  const size = eventSize(event);
  return (
    <div {...common} aria-label={eventRowName(event)} className={`timeline-row ${selectedClass} timeline-${event.type.replace('call.', '')}`} style={style}>
      <span role="gridcell" className={`tl-dir tl-${direction}`} title={direction}>
        {direction === 'sent' ? '↑' : '↓'}
      </span>
      <span role="gridcell" className="tl-seq">{event.seq}</span>
      <span role="gridcell" className="tl-time">{formatMs(event.timeMs)}</span>
      <span role="gridcell" className="tl-size">{size === undefined ? '' : formatBytes(size)}</span>
      <span role="gridcell" className="tl-summary" title={preview}>
        {summaryOf(event, preview)}
      </span>
    </div>
  );
}

/** Rows keep their props while a stream appends below them: memo skips re-rendering them. */
export const TimelineRow = memo(TimelineRowView);
