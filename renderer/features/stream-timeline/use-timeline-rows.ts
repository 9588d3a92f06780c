import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { EventQuery, PagedEvent } from '../../../shared/api';
import type { FerryError } from '../../../shared/errors';
import { useFerry, type SessionView } from '../../store';
import { startFilterScan, type EventFilter, type FilterScan, type ReadEvents } from './filter-scan';
import { createRowPager, type RowPager } from './row-pager';
import { isMessageEvent, rowPreview } from './timeline-rows';

/** Characters of one-line JSON per message row. */
export const PREVIEW_CHARS = 160;
/** Rows above and below the view read in the same answer, so a short scroll shows no placeholders. */
const READ_AROUND = 40;
/** Events per read, at most. */
const MAX_READ = 400;

export interface SearchProgress {
  /** 0…1 of the events looked at so far. */
  fraction: number;
  done: boolean;
  /** The match limit was reached. */
  capped: boolean;
  error?: FerryError;
}

export interface TimelineRows {
  /** Rows in the view: every event (1…last seq), or the filter's matches so far. */
  count: number;
  seqAt(row: number): number | undefined;
  rowOf(seq: number): number | undefined;
  /** The event with this seq when it is known (newest window or read back), else undefined: a placeholder. */
  eventOf(seq: number): PagedEvent | undefined;
  previewOf(event: PagedEvent): string | undefined;
  onVisibleRange(first: number, end: number): void;
  /** Set while a filter is active. */
  search?: SearchProgress;
  readError?: FerryError;
}

/** The engine still has the session's events to read. */
export function isReadable(session: SessionView): boolean {
  return !session.released && session.evicted?.scope !== 'session';
}

function useEngineObject<T extends { dispose(): void; subscribe(listener: () => void): () => void }>(create: (() => T) | undefined, deps: unknown[]): T | undefined {
  const [object, setObject] = useState<T | undefined>(undefined);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!create) return setObject(undefined);
    const created = create();
    setObject(created);
    created.subscribe(bump);
    return () => created.dispose();
  }, deps); // the caller lists what `create` depends on
  return object;
}

/**
 * The rows of a session's timeline: the newest come from the store's window, everything else is read from
 * the engine as it scrolls into view; a filter runs in the engine and keeps only the matching seqs.
 * `shownSeq` is the last seq the view shows (a paused view lags the session).
 */
export function useTimelineRows(session: SessionView, filter: EventFilter, shownSeq: number): TimelineRows {
  const readSessionEvents = useFerry((s) => s.readSessionEvents);
  const { callId } = session;
  const read: ReadEvents = useCallback((query: EventQuery) => readSessionEvents(callId, query), [readSessionEvents, callId]);
  const readable = isReadable(session);
  const filtered = filter.direction !== undefined || (filter.text ?? '') !== '';

  const pager: RowPager | undefined = useEngineObject(readable ? () => createRowPager(read) : undefined, [read, readable]);
  const scan: FilterScan | undefined = useEngineObject(readable && filtered ? () => startFilterScan(read, filter) : undefined, [read, readable, filter.direction, filter.text]);
  const lastSeq = useRef(session.lastSeq);
  lastSeq.current = session.lastSeq;
  useEffect(() => scan?.sessionGrew(lastSeq.current), [scan, session.lastSeq]);
  useEffect(() => pager?.reset(), [pager, session.evicted]);

  const matches = scan?.state.matches;
  const count = !filtered ? shownSeq : matches ? matches.countUpTo(shownSeq) : 0;
  const seqAt = (row: number) => (!filtered ? (row >= 0 && row < count ? row + 1 : undefined) : row < count ? matches?.seqAt(row) : undefined);
  const rowOf = (seq: number) => (!filtered ? (seq >= 1 && seq <= count ? seq - 1 : undefined) : matches?.rowOf(seq));
  const eventOf = (seq: number): PagedEvent | undefined => pager?.cache.get(seq) ?? session.recent.get(seq);
  const complete = (seq: number): boolean => {
    if (pager?.cache.has(seq)) return true;
    const event = session.recent.get(seq);
    return event !== undefined && (!isMessageEvent(event) || event.message !== undefined);
  };

  // Which rows to read: planned after every render for the rows last reported in view. Kept in refs, so a
  // scroll reports its range without another render.
  const visible = useRef<[number, number]>([0, 0]);
  const plan = useRef<() => void>(() => undefined);
  plan.current = () => {
    if (!pager) return;
    let first: number | undefined;
    let last = -1;
    for (let row = Math.max(0, visible.current[0] - READ_AROUND); row < Math.min(count, visible.current[1] + READ_AROUND); row++) {
      const seq = seqAt(row);
      if (seq === undefined || complete(seq)) continue;
      first ??= row;
      last = row;
    }
    if (first === undefined) return;
    const fromSeq = seqAt(first) as number;
    const limit = Math.min(MAX_READ, filtered ? last - first + 1 : (seqAt(last) as number) - fromSeq + 1);
    pager.want({ fromSeq, limit, previewChars: PREVIEW_CHARS, ...filter });
  };
  useEffect(() => plan.current());
  const onVisibleRange = useCallback((first: number, end: number) => {
    visible.current = [first, end];
    plan.current();
  }, []);

  const state = scan?.state;
  return {
    count,
    seqAt,
    rowOf,
    eventOf,
    previewOf: (event) => rowPreview(event, PREVIEW_CHARS),
    onVisibleRange,
    ...(filtered && {
      search: state
        ? { fraction: Math.min(1, state.scannedTo / Math.max(1, session.lastSeq)), done: state.done, capped: state.capped, ...(state.error && { error: state.error }) }
        : { fraction: 0, done: !readable, capped: false },
    }),
    ...(pager?.error && { readError: pager.error }),
  };
}
