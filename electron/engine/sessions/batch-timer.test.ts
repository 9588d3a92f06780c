import { describe, expect, it } from 'vitest';
import { until } from '../../../tests/kit/until';
import { BatchTimer, type Paced } from './batch-timer';
import { monotonicMs } from '../monotonic-clock';
import { createSessionRecorder } from './session-recorder';
import { createTransientStore } from './session-store';

let ids = 0;
function paced(onFlush: (at: number) => void): Paced {
  return { pacedId: ids++, pacedAt: Infinity, flushNow: () => onFlush(monotonicMs()) };
}

const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('batch timer', () => {
  it('runs each flush once, no sooner than it is due, earliest first', async () => {
    const timer = new BatchTimer();
    const flushed: Array<{ name: string; late: number }> = [];
    const start = monotonicMs();
    const due = { late: start + 60, early: start + 20, middle: start + 40 };
    for (const [name, at] of Object.entries(due)) timer.schedule(paced((now) => flushed.push({ name, late: now - at })), at);
    await until(() => flushed.length === 3, 'three flushes');
    expect(flushed.map((f) => f.name)).toEqual(['early', 'middle', 'late']);
    // Node's timers count whole milliseconds; a flush may come up to 1 ms before its time, never more.
    for (const { late } of flushed) expect(late).toBeGreaterThan(-1);
  });

  it('runs what fell due while the loop was busy earliest first', async () => {
    const timer = new BatchTimer();
    const order: string[] = [];
    const start = monotonicMs();
    for (const [name, after] of [['third', 15], ['first', 5], ['second', 10]] as const) timer.schedule(paced(() => order.push(name)), start + after);
    while (monotonicMs() - start < 30) {
      // Busy: the timer can only fire once all three are due.
    }
    await until(() => order.length === 3, 'three flushes');
    expect(order).toEqual(['first', 'second', 'third']);
  });

  it('never runs a cancelled flush', async () => {
    const timer = new BatchTimer();
    let runs = 0;
    const cancelled = paced(() => runs++);
    let kept = false;
    timer.schedule(cancelled, monotonicMs() + 10);
    timer.schedule(paced(() => (kept = true)), monotonicMs() + 20);
    timer.cancel(cancelled);
    await until(() => kept, 'the flush left waiting');
    expect(runs).toBe(0);
  });

  it('lets a flush schedule again from inside its run', async () => {
    const timer = new BatchTimer();
    let runs = 0;
    const item: Paced = paced(() => {
      if (++runs < 3) timer.schedule(item, monotonicMs() + 5);
    });
    timer.schedule(item, monotonicMs() + 5);
    await until(() => runs === 3, 'three runs');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs).toBe(3);
  });

  it('keeps one Node timer for many paced recorders', async () => {
    const before = timeouts();
    const delivered: number[] = [];
    const recorders = Array.from({ length: 100 }, (_, i) => createSessionRecorder({ store: createTransientStore(), onEvents: () => delivered.push(i), batchIntervalMs: 30 }));
    for (const recorder of recorders) recorder.record({ type: 'call.half-closed' });
    expect(timeouts() - before).toBeLessThanOrEqual(1);
    await until(() => delivered.length === 100, 'every recorder delivered');
    expect([...delivered].sort((a, b) => a - b)).toEqual(recorders.map((_, i) => i));
  });
});
