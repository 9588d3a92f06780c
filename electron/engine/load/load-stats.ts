/**
 * What a load test counts while it runs and the summary it reports: every call's latency (kept whole, so
 * the percentiles are exact rather than estimated from buckets), how many ended with each status, and the
 * distinct error messages with their counts.
 */
import type { LatencySummary, LoadEnd, LoadSummary } from '../../../shared/model';
import { byCodeUnits } from '../../../shared/util';

/** How one call ended: its gRPC status name (`OK`, `UNAVAILABLE`), or Ferry's error code when it never got one. */
export interface CallOutcome {
  status: string;
  /** The status message or error text, for the error distribution; absent for OK. */
  message?: string;
}

/** More distinct messages than this are counted, not listed: a server putting ids in its errors would flood the report. */
const MAX_ERROR_KINDS = 20;
const HISTOGRAM_BUCKETS = 10;

/**
 * Latencies kept whole up to this many calls (8 bytes each: 80 MB); past it, a uniform sample of this size
 * (reservoir sampling), so a day-long test stays in bounds. Fastest, slowest and mean stay exact.
 */
export const KEPT_LATENCIES = 10_000_000;

/** Counts outcomes as calls end; `summary` is computed once, at the end. */
export class LoadTally {
  private latencies = new Float64Array(1024);
  private kept = 0;
  private count = 0;
  private sum = 0;
  private fastest = Infinity;
  private slowest = -Infinity;
  private readonly statuses = new Map<string, number>();
  private readonly errors = new Map<string, { status: string; message: string; count: number }>();
  private otherErrors = 0;

  constructor(
    private readonly capacity = KEPT_LATENCIES,
    private readonly random = Math.random,
  ) {}

  get calls(): number {
    return this.count;
  }

  get failed(): number {
    return this.count - (this.statuses.get('OK') ?? 0);
  }

  add(outcome: CallOutcome, latencyMs: number): void {
    this.count++;
    this.sum += latencyMs;
    this.fastest = Math.min(this.fastest, latencyMs);
    this.slowest = Math.max(this.slowest, latencyMs);
    this.keep(latencyMs);
    this.statuses.set(outcome.status, (this.statuses.get(outcome.status) ?? 0) + 1);
    if (outcome.status !== 'OK') this.addError(outcome.status, outcome.message ?? '');
  }

  /** Algorithm R: the n-th latency replaces a kept one with probability capacity / n. */
  private keep(latencyMs: number): void {
    if (this.kept < this.capacity) {
      if (this.kept === this.latencies.length) {
        const grown = new Float64Array(Math.min(this.capacity, this.latencies.length * 2));
        grown.set(this.latencies);
        this.latencies = grown;
      }
      this.latencies[this.kept++] = latencyMs;
      return;
    }
    const slot = Math.floor(this.random() * this.count);
    if (slot < this.capacity) this.latencies[slot] = latencyMs;
  }

  private addError(status: string, message: string): void {
    const key = `${status}\n${message}`;
    const known = this.errors.get(key);
    if (known) known.count++;
    else if (this.errors.size < MAX_ERROR_KINDS) this.errors.set(key, { status, message, count: 1 });
    else this.otherErrors++;
  }

  summary(wallMs: number, ended: LoadEnd): LoadSummary {
    const sorted = this.latencies.slice(0, this.kept).sort();
    const ok = this.statuses.get('OK') ?? 0;
    return {
      calls: this.count,
      ok,
      failed: this.count - ok,
      wallMs,
      callsPerSecond: wallMs > 0 ? (this.count * 1000) / wallMs : 0,
      ...(this.count > 0 && { latencyMs: { fastest: this.fastest, slowest: this.slowest, mean: this.sum / this.count, ...percentiles(sorted) } }),
      histogram: histogram(sorted),
      // Most first; ties by name, so a report does not depend on which call ended first.
      statuses: [...this.statuses].map(([status, count]) => ({ status, count })).sort((a, b) => b.count - a.count || byCodeUnits(a.status, b.status)),
      errors: [...this.errors.values()].sort((a, b) => b.count - a.count || byCodeUnits(a.status, b.status) || byCodeUnits(a.message, b.message)),
      otherErrors: this.otherErrors,
      ended,
    };
  }
}

/** The nearest-rank percentile of sorted values: the smallest value with at least p% of them at or below it. */
export function percentile(sorted: Float64Array, p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function percentiles(sorted: Float64Array): Omit<LatencySummary, 'fastest' | 'slowest' | 'mean'> {
  return { p50: percentile(sorted, 50), p75: percentile(sorted, 75), p90: percentile(sorted, 90), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

function histogram(sorted: Float64Array): Array<{ upToMs: number; count: number }> {
  if (sorted.length === 0) return [];
  const fastest = sorted[0]!;
  const width = (sorted[sorted.length - 1]! - fastest) / HISTOGRAM_BUCKETS;
  if (width === 0) return [{ upToMs: fastest, count: sorted.length }];
  const buckets = Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => ({ upToMs: fastest + width * (i + 1), count: 0 }));
  // A bucket holds what is up to its edge, the edge included.
  for (const value of sorted) buckets[Math.min(HISTOGRAM_BUCKETS - 1, Math.max(0, Math.ceil((value - fastest) / width) - 1))]!.count++;
  return buckets;
}
