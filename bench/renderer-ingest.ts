/**
 * Renderer ingest: 1,000,000 live stream events through the client-side path the UI uses — the event pump
 * into the store's applyEvents (exact counts and a bounded window of recent events), a store subscriber
 * like React's, and the timeline's visible rows (the newest 40 looked up in the window, with their one-line
 * JSON previews built from the inline messages). Prints events/s, the longest synchronous block (one flush
 * plus its rows) and the heap after 1,000,000 events against after 100,000: the store keeps a window, not
 * the stream. Targets: at least 50,000 events/s, no block over 50 ms.
 *
 * It type-checks in the tests project (tsconfig.tests.json), which sees the renderer's modules and Node.
 */
import type { FerryApi, FerryEvent } from '../shared/api';
import type { CallEvent } from '../shared/model';
import { startEventPump } from '../renderer/api/event-pump';
import { rowPreview } from '../renderer/features/stream-timeline/timeline-rows';
import { createFerryStore } from '../renderer/store/ferry-store';
import { RECENT_EVENTS } from '../renderer/store/session-view';
import { err, ferryError } from '../shared/errors';

const TOTAL = 1_000_000;
const CHECKPOINT = 100_000;
/** What the engine flushes per `call.events` (its session batching). */
const EVENTS_PER_BATCH = 250;
/** Batches between two flushes: the pump flushes a fast stream every 100 ms, here at 60,000 events/s. */
const BATCHES_PER_FLUSH = 24;
const VISIBLE_ROWS = 40;
const PREVIEW_CHARS = 160;
const CALL = 'bench-call';

function listenerApi(): { api: FerryApi; emit: (event: FerryEvent) => void } {
  let listener: ((event: FerryEvent) => void) | undefined;
  const unused = async () => err(ferryError('UNIMPLEMENTED', 'bench'));
  const api = {
    ping: unused, openConnection: unused, checkConnection: unused, reloadSchema: unused, schemaChanges: unused, closeConnection: unused, getMessageTemplate: unused, describeSymbol: unused,
    startCall: unused, sendMessage: unused, halfClose: unused, cancelCall: unused, releaseCall: unused, getMessage: unused, readEvents: unused, exportSession: unused,
    openWorkspace: unused, createWorkspace: unused, saveRequest: unused, saveEnvironment: unused, deleteEnvironment: unused, saveMock: unused, deleteMock: unused, tryToken: unused, beginSignIn: unused, finishSignIn: unused, cancelSignIn: unused, importInsomnia: unused, importBloomRpc: unused, stageFiles: unused, deleteRequest: unused, renameRequest: unused, resolveTarget: unused,
    copyAsGrpcurl: unused, importGrpcurl: unused, listHistory: unused, clearHistory: unused, checkAssertions: unused, captureValues: unused, runSavedRequest: unused, cancelSavedRequest: unused,
    runLoadTest: unused, loadTestProgress: unused, stopLoadTest: unused, startMock: unused, setMockResponses: unused, mockCalls: unused, stopMock: unused,
    onEvent: (l: (event: FerryEvent) => void) => ((listener = l), () => (listener = undefined)),
  } as FerryApi;
  return { api, emit: (event) => listener?.(event) };
}

/** A batch as the WebSocket client hands it over: fresh objects, each message decoded inline (a 100 B message). */
function batch(from: number, count: number): FerryEvent {
  const events: CallEvent[] = [];
  for (let i = 0; i < count; i++) {
    const seq = from + i;
    events.push({ type: 'call.message-received', seq, timeMs: seq * 0.01, index: seq - 1, size: 100, message: { message: 'tick', index: seq - 1, payload: 'eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4' } });
  }
  return { type: 'call.events', callId: CALL, events };
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

interface Run {
  eventsPerSec: number;
  longestBlockMs: number;
  flushes: number;
  heapAtCheckpointMb: number;
  heapAtEndMb: number;
  largestWindow: number;
}

function run(): Run {
  const { api, emit } = listenerApi();
  const store = createFerryStore(api);
  const frames: Array<() => void> = [];
  startEventPump(api, store.getState(), { requestFrame: (f) => void frames.push(f), fallbackMs: 0, minIntervalMs: 0 });
  let renders = 0;
  store.subscribe(() => renders++);

  let seq = 1;
  let busyMs = 0;
  let longestBlockMs = 0;
  let flushes = 0;
  let largestWindow = 0;
  let heapAtCheckpointMb = 0;
  let previews = 0;
  while (seq <= TOTAL) {
    const pending: FerryEvent[] = [];
    for (let b = 0; b < BATCHES_PER_FLUSH && seq <= TOTAL; b++) {
      const count = Math.min(EVENTS_PER_BATCH, TOTAL - seq + 1);
      pending.push(batch(seq, count));
      seq += count;
    }
    // The transport's message handlers (the pump queues), then one flush and the rows it shows.
    const t0 = performance.now();
    for (const event of pending) emit(event);
    const t1 = performance.now();
    frames.splice(0).forEach((flush) => flush());
    const session = store.getState().sessions[CALL]!;
    for (let row = session.lastSeq - VISIBLE_ROWS + 1; row <= session.lastSeq; row++) {
      const event = session.recent.get(row);
      if (event && rowPreview(event, PREVIEW_CHARS) !== undefined) previews++;
    }
    const t2 = performance.now();
    busyMs += t2 - t0;
    longestBlockMs = Math.max(longestBlockMs, t2 - t1);
    largestWindow = Math.max(largestWindow, session.recent.size);
    flushes++;
    if (heapAtCheckpointMb === 0 && seq - 1 >= CHECKPOINT) heapAtCheckpointMb = heapMb();
  }
  const session = store.getState().sessions[CALL]!;
  if (session.lastSeq !== TOTAL || session.receivedCount !== TOTAL || session.receivedBytes !== TOTAL * 100 || renders !== flushes || previews !== flushes * VISIBLE_ROWS) {
    throw new Error(`lost events: last seq ${session.lastSeq}, ${session.receivedCount} counted of ${TOTAL}, ${renders} renders for ${flushes} flushes, ${previews} previews`);
  }
  return { eventsPerSec: TOTAL / (busyMs / 1000), longestBlockMs, flushes, heapAtCheckpointMb, heapAtEndMb: heapMb(), largestWindow };
}

run(); // warm-up: JIT and allocation paths
const result = run();
const n = (value: number) => Math.round(value).toLocaleString('en');
console.log(`renderer ingest: ${n(TOTAL)} events with inline messages, ${n(result.flushes)} flushes of ${n(EVENTS_PER_BATCH * BATCHES_PER_FLUSH)} events`);
console.log(`  ingested        ${n(result.eventsPerSec)} events/s   (target ≥ 50,000)`);
console.log(`  longest block   ${result.longestBlockMs.toFixed(2)} ms   (one flush and its ${VISIBLE_ROWS} visible rows; target ≤ 50 ms)`);
console.log(`  window          ${n(result.largestWindow)} events at most   (RECENT_EVENTS = ${n(RECENT_EVENTS)})`);
console.log(`  heap            ${result.heapAtEndMb.toFixed(1)} MB after ${n(TOTAL)} events, ${result.heapAtCheckpointMb.toFixed(1)} MB after the first ${n(CHECKPOINT)}   (${(result.heapAtEndMb / result.heapAtCheckpointMb).toFixed(2)}×; flat is 1.0×)`);
