/**
 * Runs a load test's calls: `concurrency` workers, each starting its next call as soon as its last one
 * ended (closed loop), or at the pace `rate` sets for all of them together (each call has a start time,
 * the n-th at n/rate seconds; a worker waits for its call's time and starts late ones at once, so a slow
 * server lowers the rate reached rather than bunching calls). The run stops starting calls once `total`
 * calls have started, once `durationMs` has passed, or when `signal` aborts; the calls in flight then end
 * on their own and are counted.
 */
import { monotonicMs } from '../monotonic-clock';
import type { LoadEnd, LoadPlan, LoadProgress, LoadSummary } from '../../../shared/model';
import { LoadTally, type CallOutcome } from './load-stats';

/**
 * One call. The number is the call's place in the run (0 first), for a caller cycling through data rows.
 * A call that ends badly answers its outcome; a throw is a mistake in the input that every call would
 * repeat (a body that does not fit its message), and stops the run with that error.
 */
export type LoadCall = (n: number) => Promise<CallOutcome>;

export interface LoadRun {
  /** Resolves when every started call has ended. */
  done: Promise<LoadSummary>;
  /** Counts so far. */
  progress(): LoadProgress;
}

export function runLoad(plan: LoadPlan, call: LoadCall, signal?: AbortSignal): LoadRun {
  const tally = new LoadTally();
  let started = 0;
  let ended: LoadEnd | undefined;
  let failure: unknown;
  /** Calls waiting for their start time (a low rate waits long): a stop wakes them, and they are not made. */
  const waiting = new Set<() => void>();
  const stop = (why: LoadEnd): void => {
    ended ??= why;
    for (const wake of [...waiting]) wake();
  };
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const wake = () => {
        clearTimeout(pending);
        waiting.delete(wake);
        resolve();
      };
      const pending = setTimeout(wake, ms);
      waiting.add(wake);
    });
  const onAbort = (): void => stop('interrupted');
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) stop('interrupted');
  const begin = monotonicMs();
  const timer = plan.durationMs === undefined ? undefined : setTimeout(() => stop('duration'), plan.durationMs);

  async function nextStart(): Promise<number | undefined> {
    if (ended !== undefined) return undefined;
    if (plan.total !== undefined && started >= plan.total) return undefined;
    const n = started++;
    if (plan.rate !== undefined) {
      const at = begin + (n * 1000) / plan.rate;
      // A timer counts from the event loop's clock, read when the loop last woke, so it can fire early: wait again.
      for (let wait = at - monotonicMs(); wait >= 1 && ended === undefined; wait = at - monotonicMs()) await sleep(wait);
      // The run may have stopped while this call waited for its time.
      if (ended !== undefined) return undefined;
    }
    return n;
  }

  async function worker(): Promise<void> {
    for (let n = await nextStart(); n !== undefined; n = await nextStart()) {
      const t0 = monotonicMs();
      try {
        const outcome = await call(n);
        tally.add(outcome, monotonicMs() - t0);
      } catch (reason) {
        failure ??= reason;
        stop('interrupted');
      }
    }
  }

  const done = Promise.all(Array.from({ length: plan.concurrency }, worker)).then(() => {
    const wallMs = monotonicMs() - begin;
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    if (failure !== undefined) throw failure;
    // Every call made: the count ended it, whatever stopped the run while the last ones were in flight.
    return tally.summary(wallMs, plan.total !== undefined && tally.calls === plan.total ? 'count' : (ended ?? 'count'));
  });
  return { done, progress: () => ({ calls: tally.calls, failed: tally.failed, elapsedMs: monotonicMs() - begin }) };
}
