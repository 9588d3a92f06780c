import { describe, expect, it } from 'vitest';
import { LoadTally, percentile } from './load-stats';

const ok = { status: 'OK' };

describe('LoadTally', () => {
  it('gives nearest-rank percentiles over every latency, whatever order the calls ended in', () => {
    const tally = new LoadTally();
    // 1..100 ms, added backwards: the summary sorts them.
    for (let ms = 100; ms >= 1; ms--) tally.add(ok, ms);
    const summary = tally.summary(2000, 'count');
    expect(summary.latencyMs).toEqual({ fastest: 1, slowest: 100, mean: 50.5, p50: 50, p75: 75, p90: 90, p95: 95, p99: 99 });
    expect(summary).toMatchObject({ calls: 100, ok: 100, failed: 0, wallMs: 2000, callsPerSecond: 50, ended: 'count' });
  });

  it('keeps counting past its first buffer', () => {
    const tally = new LoadTally();
    for (let i = 0; i < 5000; i++) tally.add(ok, i % 7);
    const summary = tally.summary(1000, 'duration');
    expect(summary.calls).toBe(5000);
    expect(summary.latencyMs?.slowest).toBe(6);
    expect(summary.histogram.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(5000);
  });

  it('puts each latency in one of ten equal buckets from the fastest to the slowest', () => {
    const tally = new LoadTally();
    for (const ms of [10, 11, 19.9, 20, 55, 110]) tally.add(ok, ms);
    const { histogram } = tally.summary(100, 'count');
    expect(histogram.map((bucket) => bucket.upToMs)).toEqual([20, 30, 40, 50, 60, 70, 80, 90, 100, 110]);
    expect(histogram.map((bucket) => bucket.count)).toEqual([4, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('has one bucket when every call took the same time, and none when no call ended', () => {
    const same = new LoadTally();
    same.add(ok, 3);
    same.add(ok, 3);
    expect(same.summary(10, 'count').histogram).toEqual([{ upToMs: 3, count: 2 }]);
    const none = new LoadTally().summary(5, 'interrupted');
    expect(none).toMatchObject({ calls: 0, histogram: [], statuses: [], errors: [], ended: 'interrupted' });
    expect(none.latencyMs).toBeUndefined();
  });

  it('counts statuses, most first, and groups the errors by status and message', () => {
    const tally = new LoadTally();
    tally.add(ok, 1);
    for (let i = 0; i < 3; i++) tally.add({ status: 'UNAVAILABLE', message: 'connection refused' }, 1);
    tally.add({ status: 'NOT_FOUND', message: 'no order o-1' }, 1);
    tally.add({ status: 'UNAVAILABLE', message: 'connection reset' }, 1);
    const summary = tally.summary(10, 'count');
    expect(summary).toMatchObject({ calls: 6, ok: 1, failed: 5 });
    expect(tally.failed).toBe(5);
    expect(summary.statuses).toEqual([
      { status: 'UNAVAILABLE', count: 4 },
      { status: 'NOT_FOUND', count: 1 },
      { status: 'OK', count: 1 },
    ]);
    expect(summary.errors[0]).toEqual({ status: 'UNAVAILABLE', message: 'connection refused', count: 3 });
    expect(summary.errors.slice(1)).toEqual([
      { status: 'NOT_FOUND', message: 'no order o-1', count: 1 },
      { status: 'UNAVAILABLE', message: 'connection reset', count: 1 },
    ]);
  });

  it('lists at most twenty distinct error messages and counts the rest', () => {
    const tally = new LoadTally();
    for (let i = 0; i < 25; i++) tally.add({ status: 'NOT_FOUND', message: `no order o-${i}` }, 1);
    tally.add({ status: 'NOT_FOUND', message: 'no order o-3' }, 1);
    const summary = tally.summary(10, 'count');
    expect(summary.errors).toHaveLength(20);
    expect(summary.errors[0]).toEqual({ status: 'NOT_FOUND', message: 'no order o-3', count: 2 });
    expect(summary.otherErrors).toBe(5);
    expect(summary.statuses).toEqual([{ status: 'NOT_FOUND', count: 26 }]);
  });
});

describe('LoadTally past what it keeps whole', () => {
  it('keeps a uniform sample of its capacity, with fastest, slowest and mean exact', () => {
    // A fixed sequence stands in for Math.random, so the sample is the same every run.
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const tally = new LoadTally(1000, random);
    for (let ms = 1; ms <= 100_000; ms++) tally.add(ok, ms);
    const summary = tally.summary(1, 'count');
    expect(summary.calls).toBe(100_000);
    expect(summary.latencyMs).toMatchObject({ fastest: 1, slowest: 100_000, mean: 50_000.5 });
    // The sample's median is near the whole's (50,000): within 5% of the range.
    expect(Math.abs(summary.latencyMs!.p50 - 50_000)).toBeLessThan(5_000);
    expect(summary.histogram.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(1000);
  });
});

describe('percentile', () => {
  it('is the smallest value with at least p% of the values at or below it', () => {
    const sorted = Float64Array.from([1, 2, 3, 4]);
    expect([0, 25, 26, 50, 75, 99, 100].map((p) => percentile(sorted, p))).toEqual([1, 1, 2, 2, 3, 4, 4]);
  });
});
