import type { FerryApi, FerryEvent } from '../../shared/api';

/** Where the pump delivers a frame's events: the store's `applyEvents`. */
export interface EventSink {
  applyEvents(events: readonly FerryEvent[]): void;
}

export interface EventPumpOptions {
  /** Schedules the next flush; defaults to requestAnimationFrame. */
  requestFrame?: (flush: () => void) => void;
  /**
   * Also flush after this many ms if no frame came: browsers stop animation frames in background tabs,
   * and a stream left running there would otherwise pile up unapplied. Defaults to 250.
   */
  fallbackMs?: number;
  /**
   * Flushes are at least this many ms apart (default 100): a fast stream updates the UI ten times a second
   * instead of every frame, which is what keeps each frame short. After a quiet spell the next event is
   * flushed on the next frame, so a unary answer or a bidi echo shows at once.
   */
  minIntervalMs?: number;
  /** Clock for `minIntervalMs`; defaults to performance.now. */
  now?: () => number;
}

/**
 * The renderer's only subscriber to `api.onEvent`. Events are queued as they arrive and handed to the
 * store on an animation frame, at most once per `minIntervalMs`, so a stream of thousands of messages a
 * second costs a few state updates (and renders) a second. Returns the disposer, which unsubscribes and
 * drops anything unflushed.
 */
export function startEventPump(api: FerryApi, sink: EventSink, options: EventPumpOptions = {}): () => void {
  const requestFrame = options.requestFrame ?? defaultRequestFrame();
  const fallbackMs = options.fallbackMs ?? 250;
  const minIntervalMs = options.minIntervalMs ?? 100;
  const now = options.now ?? (() => performance.now());
  let queue: FerryEvent[] = [];
  let scheduled = false;
  let lastFlush = -Infinity;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;

  const after = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const clearTimers = () => {
    timers.forEach((timer) => clearTimeout(timer));
    timers.clear();
  };

  function flush(): void {
    if (!scheduled || stopped) return;
    scheduled = false;
    clearTimers();
    lastFlush = now();
    const batch = queue;
    queue = [];
    sink.applyEvents(batch);
  }

  const unsubscribe = api.onEvent((event) => {
    queue.push(event);
    if (scheduled) return;
    scheduled = true;
    const wait = lastFlush + minIntervalMs - now();
    if (wait > 0) after(wait, () => requestFrame(flush));
    else requestFrame(flush);
    if (fallbackMs > 0) after(Math.max(wait, 0) + fallbackMs, flush);
  });

  return () => {
    stopped = true;
    clearTimers();
    queue = [];
    unsubscribe();
  };
}

function defaultRequestFrame(): (flush: () => void) => void {
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
  return raf ? (flush) => void raf(flush) : (flush) => void setTimeout(flush, 16);
}
