/**
 * Renderer ingest: 100,000 stream events through the client-side path the UI uses — the event pump
 * (batched per frame) into the store's applyEvents, a store subscriber like React's, and the timeline
 * filter the stream view runs over the whole log. Prints events/s and the longest synchronous block;
 * targets: at least 50,000 events/s, no block over 50 ms (one frame's budget is 16 ms).
 *
 * The renderer modules are loaded with require(): tsconfig.electron.json type-checks bench/, and a static
 * import would pull renderer sources into that project (TS6307). esbuild still bundles them.
 */
import type { FerryApi, FerryEvent } from '../shared/api';
import type { CallEvent } from '../shared/model';

interface StoreLike {
  getState(): { applyEvents(events: readonly FerryEvent[]): void; sessions: Record<string, { events: CallEvent[]; version: number }> };
  subscribe(listener: () => void): () => void;
}
const { createFerryStore } = require('../renderer/store/ferry-store') as { createFerryStore: (api: FerryApi) => StoreLike };
const { startEventPump } = require('../renderer/api/event-pump') as {
  startEventPump: (api: FerryApi, sink: { applyEvents(e: readonly FerryEvent[]): void }, o: { requestFrame: (f: () => void) => void; fallbackMs: number }) => () => void;
};
type Filtered = { rows: number[]; scanned: number } | undefined;
const { filterTimeline } = require('../renderer/features/stream-timeline/timeline-rows') as {
  filterTimeline: (events: readonly CallEvent[], length: number, filter: { direction: string; text: string }, preview: (e: CallEvent) => string | undefined, previous?: Filtered, maxScan?: number) => Filtered;
};
/** The timeline's per-render scan cap (SCAN_PER_FRAME in renderer/features/stream-timeline/timeline.tsx). */
const SCAN_PER_FRAME = 20_000;
/** A text search set in the stream view while the stream runs: the costliest filter per event. */
const LIVE_FILTER = { direction: 'received', text: 'message 9' };

const TOTAL = 100_000;
/** What the engine flushes per `call.events` (its session batching) and how many of those reach one frame. */
const EVENTS_PER_BATCH = 250;
const BATCHES_PER_FRAME = 8;

function listenerApi(): { api: FerryApi; emit: (event: FerryEvent) => void } {
  let listener: ((event: FerryEvent) => void) | undefined;
  const unused = async () => ({ ok: false as const, error: { code: 'UNIMPLEMENTED' as const, message: 'bench' } });
  const api = {
    openConnection: unused, reloadSchema: unused, closeConnection: unused, getMessageTemplate: unused, describeSymbol: unused,
    startCall: unused, sendMessage: unused, halfClose: unused, cancelCall: unused, releaseCall: unused, getMessage: unused, readEvents: unused, exportSession: unused,
    openWorkspace: unused, saveRequest: unused, deleteRequest: unused, renameRequest: unused, resolveTarget: unused,
    copyAsGrpcurl: unused, importGrpcurl: unused, listHistory: unused, checkAssertions: unused,
    onEvent: (l: (event: FerryEvent) => void) => ((listener = l), () => (listener = undefined)),
  } as FerryApi;
  return { api, emit: (event) => listener?.(event) };
}

function batch(from: number, count: number): FerryEvent {
  const events: CallEvent[] = [];
  for (let i = 0; i < count; i++) {
    const seq = from + i;
    events.push({ type: 'call.message-received', seq, timeMs: seq * 0.01, index: seq - 1, size: 100 });
  }
  return { type: 'call.events', callId: 'bench-call', events };
}

function run(): { eventsPerSec: number; longestFrameMs: number; frames: number; longestFilterMs: number; matches: number } {
  const { api, emit } = listenerApi();
  const store = createFerryStore(api);
  const frames: Array<() => void> = [];
  startEventPump(api, store.getState(), { requestFrame: (f) => void frames.push(f), fallbackMs: 0 });
  let renders = 0;
  store.subscribe(() => renders++);

  let seq = 1;
  let filtered: Filtered;
  let longestFrameMs = 0;
  let frameCount = 0;
  const started = performance.now();
  while (seq <= TOTAL) {
    // The transport delivers a frame's worth of batches (message handler work, counted in the total) ...
    for (let b = 0; b < BATCHES_PER_FRAME && seq <= TOTAL; b++) {
      const count = Math.min(EVENTS_PER_BATCH, TOTAL - seq + 1);
      emit(batch(seq, count));
      seq += count;
    }
    // ... then the frame applies them and the timeline extends its filtered rows, in one synchronous block.
    const t0 = performance.now();
    frames.splice(0).forEach((flush) => flush());
    const log = store.getState().sessions['bench-call']?.events ?? [];
    filtered = filterTimeline(log, log.length, LIVE_FILTER, () => undefined, filtered);
    longestFrameMs = Math.max(longestFrameMs, performance.now() - t0);
    frameCount++;
  }
  const elapsed = performance.now() - started;
  const session = store.getState().sessions['bench-call'];
  if (!session || session.events.length !== TOTAL || renders !== frameCount) throw new Error(`lost events: ${session?.events.length} / ${TOTAL}, ${renders} renders for ${frameCount} frames`);

  // A new search re-scans the whole log, spread over frames of SCAN_PER_FRAME events each.
  let longestFilterMs = 0;
  let search: Filtered;
  do {
    const t0 = performance.now();
    search = filterTimeline(session.events, session.events.length, { direction: 'all', text: 'message 99' }, () => undefined, search, SCAN_PER_FRAME);
    longestFilterMs = Math.max(longestFilterMs, performance.now() - t0);
  } while (search && search.scanned < session.events.length);
  return { eventsPerSec: TOTAL / (elapsed / 1000), longestFrameMs, frames: frameCount, longestFilterMs, matches: filtered?.rows.length ?? 0 };
}

run(); // warm-up: JIT and allocation paths
const result = run();
console.log(`renderer ingest: ${TOTAL.toLocaleString('en')} events in ${result.frames} frames (${EVENTS_PER_BATCH * BATCHES_PER_FRAME} events a frame)`);
console.log(`  ingested           ${Math.round(result.eventsPerSec).toLocaleString('en')} events/s   (target ≥ 50,000)`);
console.log(`  longest frame      ${result.longestFrameMs.toFixed(2)} ms   (target ≤ 50 ms; apply + live filter "${LIVE_FILTER.text}", ${result.matches.toLocaleString('en')} matches)`);
console.log(`  new search         ${result.longestFilterMs.toFixed(2)} ms   (longest slice of ${SCAN_PER_FRAME.toLocaleString('en')} events; re-scanning all ${TOTAL.toLocaleString('en')} takes ${Math.ceil(TOTAL / SCAN_PER_FRAME)} frames)`);
