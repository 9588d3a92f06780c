/**
 * A load test of one method (`ferry bench`, the app's Load test): many whole calls, `concurrency` at a time,
 * and what came of them. The engine runs it; both front ends show the summary.
 */

export interface LoadPlan {
  /** Calls in flight at a time. */
  concurrency: number;
  /** Calls to make in all; absent with `durationMs`: as many as fit. */
  total?: number;
  durationMs?: number;
  /** Calls started per second over all of them; absent: as fast as calls end. */
  rate?: number;
}

/** A plan as asked, each limit only when given: never more calls in flight than calls in all. */
export function loadPlan(concurrency: number, limits: { total?: number | undefined; durationMs?: number | undefined; rate?: number | undefined }): LoadPlan {
  const { total, durationMs, rate } = limits;
  return {
    concurrency: total === undefined ? concurrency : Math.min(concurrency, total),
    ...(total !== undefined && { total }),
    ...(durationMs !== undefined && { durationMs }),
    ...(rate !== undefined && { rate }),
  };
}

/** Why the run stopped starting calls. */
export type LoadEnd = 'count' | 'duration' | 'interrupted';

export interface LatencySummary {
  fastest: number;
  slowest: number;
  mean: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
}

export interface LoadSummary {
  calls: number;
  ok: number;
  failed: number;
  /** From the first call's start to the last call's end. */
  wallMs: number;
  callsPerSecond: number;
  /**
   * Milliseconds from each call's start to its status; absent when no call ended. Fastest, slowest and mean
   * are exact; the percentiles are exact up to 10 million calls, and from a uniform sample of 10 million past that.
   */
  latencyMs?: LatencySummary;
  /** Ten equal buckets over the latencies the percentiles come from: each bucket's upper edge and its count. */
  histogram: Array<{ upToMs: number; count: number }>;
  /** Calls by how they ended (gRPC status names; Ferry's error code for a call that never got one), most first. */
  statuses: Array<{ status: string; count: number }>;
  errors: Array<{ status: string; message: string; count: number }>;
  /** Distinct error messages past the ones listed (their calls are in `statuses`). */
  otherErrors: number;
  ended: LoadEnd;
}

/** How far a running load test has got. */
export interface LoadProgress {
  calls: number;
  failed: number;
  elapsedMs: number;
}

/** `3,412 calls · 12 failed · 4.1 s · 832 calls/s`: a running load test's counts, as both front ends show them. */
export function describeLoadProgress(progress: LoadProgress): string {
  const seconds = progress.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(progress.calls / seconds) : 0;
  return `${progress.calls.toLocaleString('en')} calls · ${progress.failed.toLocaleString('en')} failed · ${seconds.toFixed(1)} s · ${rate.toLocaleString('en')} calls/s`;
}
