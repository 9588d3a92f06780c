import type { EventPage, EventQuery, MessageDirection } from '../../../shared/api';
import type { FerryError, Result } from '../../../shared/errors';
import { createSeqRuns, type SeqRuns } from './seq-runs';

export type ReadEvents = (query: EventQuery) => Promise<Result<EventPage>>;

export interface EventFilter {
  direction?: MessageDirection;
  /** Matched by the engine against each event's summary and message JSON, ignoring case. */
  text?: string;
}

export interface ScanState {
  matches: SeqRuns;
  /** Every seq up to this one has been looked at. */
  scannedTo: number;
  /** Events the call had at the last answer. */
  total: number;
  /** The call has ended and every event was looked at. */
  done: boolean;
  /** The match limit was reached: later matches are not listed. */
  capped: boolean;
  error?: FerryError;
}

export interface FilterScan {
  readonly state: ScanState;
  /** Called after each answer (new matches, progress, the end or an error). */
  subscribe(listener: () => void): () => void;
  /** The live session has events up to `lastSeq`: a scan waiting at the end goes on. */
  sessionGrew(lastSeq: number): void;
  dispose(): void;
}

export interface FilterScanOptions {
  /** Events per answer, at most. */
  pageSize?: number;
  /** Runs of consecutive matches kept, at most (see SeqRuns): 8 bytes each. */
  maxRuns?: number;
  /** Least time between two scans of a live stream's new events. */
  liveIntervalMs?: number;
}

/**
 * Runs a filter through the engine: `readEvents` from seq 1, continuing from each answer's `nextSeq`, keeping
 * only the seqs of the matches (the rows in view are read again with their previews). On a live stream it
 * waits at the end for new events and goes on; it stops when the call has ended and all was seen.
 */
export function startFilterScan(read: ReadEvents, filter: EventFilter, options: FilterScanOptions = {}): FilterScan {
  const pageSize = options.pageSize ?? 5_000;
  const liveIntervalMs = options.liveIntervalMs ?? 250;
  const state: ScanState = { matches: createSeqRuns(options.maxRuns ?? 1_000_000), scannedTo: 0, total: 0, done: false, capped: false };
  const listeners = new Set<() => void>();
  let disposed = false;
  let known = 0;
  let wake: (() => void) | undefined;
  const notify = () => listeners.forEach((listener) => listener());

  const grown = (fromSeq: number) =>
    new Promise<void>((resolve) => {
      if (known >= fromSeq) return resolve();
      wake = () => {
        if (known >= fromSeq || disposed) resolve();
      };
    });

  async function run(): Promise<void> {
    for (let fromSeq = 1; !disposed; ) {
      const answer = await read({ fromSeq, limit: pageSize, ...filter });
      if (disposed) return;
      if (!answer.ok) {
        state.error = answer.error;
        return notify();
      }
      const page = answer.value;
      let lastSeen = page.nextSeq - 1;
      for (const event of page.events) {
        if (!state.matches.push(event.seq)) {
          state.capped = true;
          lastSeen = event.seq - 1;
          break;
        }
      }
      fromSeq = page.nextSeq;
      state.scannedTo = lastSeen;
      state.total = page.total;
      known = Math.max(known, page.total);
      state.done = !state.capped && page.ended && fromSeq > page.total;
      notify();
      if (state.capped || state.done) return;
      if (fromSeq > page.total) {
        await new Promise((resolve) => setTimeout(resolve, liveIntervalMs));
        await grown(fromSeq);
      }
    }
  }
  void run();

  return {
    state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sessionGrew(lastSeq) {
      known = Math.max(known, lastSeq);
      wake?.();
    },
    dispose() {
      disposed = true;
      wake?.();
      listeners.clear();
    },
  };
}
