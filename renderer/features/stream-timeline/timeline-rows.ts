import { eventDirection, eventSummary, type CallEvent, type MessageDirection } from '../../../shared/model';

export type DirectionFilter = 'all' | MessageDirection;

export interface TimelineFilter {
  direction: DirectionFilter;
  text: string;
}

/** Rows of a filtered timeline; `scanned` is how much of the log they cover, so appends extend them. */
export interface FilteredRows {
  rows: number[];
  scanned: number;
}

/**
 * Indices of the events among the first `length` that pass the filter, or undefined when nothing is
 * filtered (callers then map row i to event i without building a 100,000-entry array). Given the previous
 * result for the same log and filter, only the newly appended events are scanned: a live stream with a
 * filter set costs per frame what arrived in that frame, and `maxScan` caps one call so a new search over a
 * long log is spread over several frames (call again with the result until `scanned` reaches `length`).
 * Text search sees the summary line only, so a
 * message's body matches only once its JSON has been fetched (selected).
 */
export function filterTimeline(
  events: readonly CallEvent[],
  length: number,
  filter: TimelineFilter,
  previewOf: (event: CallEvent) => string | undefined,
  previous?: FilteredRows,
  maxScan = Infinity,
): FilteredRows | undefined {
  const text = filter.text.trim().toLowerCase();
  if (filter.direction === 'all' && text === '') return undefined;
  const extend = previous !== undefined && previous.scanned <= length;
  const rows = extend ? previous.rows : [];
  const from = extend ? previous.scanned : 0;
  const to = Math.min(length, from + maxScan);
  for (let i = from; i < to; i++) {
    const event = events[i] as CallEvent;
    if (filter.direction !== 'all' && eventDirection(event) !== filter.direction) continue;
    if (text !== '' && !eventSummary(event, previewOf(event)).toLowerCase().includes(text)) continue;
    rows.push(i);
  }
  return { rows, scanned: to };
}

/** The row showing the event with `seq` (rows are in log order, and seq grows along the log). */
export function rowOfSeq(seq: number, count: number, seqAt: (row: number) => number | undefined): number | undefined {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = seqAt(mid);
    if (at === undefined) return undefined;
    if (at === seq) return mid;
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
