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
}

/**
 * The renderer's only subscriber to `api.onEvent`. Events are queued as they arrive and handed to the
 * store once per animation frame, so a stream of thousands of messages a second costs one state update
 * (and one render) per frame. Returns the disposer, which unsubscribes and drops anything unflushed.
 */
export function startEventPump(api: FerryApi, sink: EventSink, options: EventPumpOptions = {}): () => void {
  const requestFrame = options.requestFrame ?? defaultRequestFrame();
  const fallbackMs = options.fallbackMs ?? 250;
  let queue: FerryEvent[] = [];
  let scheduled = false;
  let fallback: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function flush(): void {
    if (!scheduled || stopped) return;
    scheduled = false;
    if (fallback !== undefined) clearTimeout(fallback);
    fallback = undefined;
    const batch = queue;
    queue = [];
    sink.applyEvents(batch);
  }

  const unsubscribe = api.onEvent((event) => {
    queue.push(event);
    if (scheduled) return;
    scheduled = true;
    requestFrame(flush);
    if (fallbackMs > 0) fallback = setTimeout(flush, fallbackMs);
  });

  return () => {
    stopped = true;
    if (fallback !== undefined) clearTimeout(fallback);
    queue = [];
    unsubscribe();
  };
}

function defaultRequestFrame(): (flush: () => void) => void {
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
  return raf ? (flush) => void raf(flush) : (flush) => void setTimeout(flush, 16);
}
