import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { runLoad, type LoadCall } from './load-runner';

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A call that takes `ms`, and what the runner did with it: how many ran at once at most, which numbers it got. */
function instrumentedCall(ms = 1): { call: LoadCall; seen: number[]; mostInFlight: () => number } {
  const seen: number[] = [];
  let inFlight = 0;
  let most = 0;
  const call: LoadCall = async (n) => {
    seen.push(n);
    most = Math.max(most, ++inFlight);
    await tick(ms);
    inFlight--;
    return { status: 'OK' };
  };
  return { call, seen, mostInFlight: () => most };
}

describe('runLoad', () => {
  it('makes exactly `total` calls, numbered from 0, never more than `concurrency` at once', async () => {
    const { call, seen, mostInFlight } = instrumentedCall();
    const summary = await runLoad({ concurrency: 4, total: 30 }, call).done;
    expect(summary).toMatchObject({ calls: 30, ok: 30, failed: 0, ended: 'count' });
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(mostInFlight()).toBe(4);
  });

  it('stops starting calls when the duration runs out, and counts those in flight', async () => {
    const { call, seen } = instrumentedCall(5);
    const summary = await runLoad({ concurrency: 3, durationMs: 40 }, call).done;
    expect(summary.ended).toBe('duration');
    expect(summary.calls).toBe(seen.length);
    expect(summary.calls).toBeGreaterThanOrEqual(3);
  });

  it('ends with the count when `total` comes before the duration', async () => {
    const { call } = instrumentedCall();
    const summary = await runLoad({ concurrency: 2, total: 5, durationMs: 60_000 }, call).done;
    expect(summary).toMatchObject({ calls: 5, ended: 'count' });
  });

  it('starts the n-th call no sooner than n / rate seconds after the first', async () => {
    const starts: number[] = [];
    let begin = 0;
    const call: LoadCall = async (n) => {
      starts[n] = performance.now() - begin;
      return { status: 'OK' };
    };
    begin = performance.now();
    const rate = 200;
    const summary = await runLoad({ concurrency: 8, total: 12, rate }, call).done;
    expect(summary.calls).toBe(12);
    // A wait under 1 ms is not taken (a timer cannot be shorter), so a start may come up to 1 ms early.
    starts.forEach((at, n) => expect(at).toBeGreaterThanOrEqual((n * 1000) / rate - 1));
  });

  it('stops starting calls when aborted, lets those in flight end, and says it was interrupted', async () => {
    const controller = new AbortController();
    const { call, seen } = instrumentedCall(5);
    const run = runLoad({ concurrency: 2, durationMs: 60_000 }, call, controller.signal);
    await tick(20);
    controller.abort();
    const summary = await run.done;
    expect(summary.ended).toBe('interrupted');
    expect(summary.calls).toBe(seen.length);
    expect(summary.calls).toBeGreaterThanOrEqual(2);
    expect(run.progress()).toMatchObject({ calls: summary.calls, failed: 0 });
  });

  it('stops at once when a call waits long for its start time: a low rate does not hold up Stop', async () => {
    const controller = new AbortController();
    const { call } = instrumentedCall(0);
    // One call every 100 s: the second waits; the stop must not wait with it.
    const run = runLoad({ concurrency: 2, total: 10, rate: 0.01 }, call, controller.signal);
    await tick(10);
    controller.abort();
    const summary = await Promise.race([run.done, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5_000))]);
    expect(summary).toMatchObject({ calls: 1, ended: 'interrupted' });
  });

  it('counts failed calls by status', async () => {
    const call: LoadCall = async (n) => (n % 3 === 0 ? { status: 'UNAVAILABLE', message: 'down' } : { status: 'OK' });
    const summary = await runLoad({ concurrency: 2, total: 9 }, call).done;
    expect(summary).toMatchObject({ calls: 9, ok: 6, failed: 3, errors: [{ status: 'UNAVAILABLE', message: 'down', count: 3 }] });
  });

  it('stops at the first call that throws, after the calls in flight, and rejects with its error', async () => {
    let started = 0;
    let ended = 0;
    const call: LoadCall = async (n) => {
      started++;
      await tick(n === 0 ? 0 : 5);
      ended++;
      if (n === 0) throw new Error('the body does not fit');
      return { status: 'OK' };
    };
    await expect(runLoad({ concurrency: 3, total: 1000 }, call).done).rejects.toThrow('the body does not fit');
    expect(ended).toBe(started);
    expect(started).toBeLessThan(10);
  });
});
