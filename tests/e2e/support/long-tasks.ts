/**
 * Long tasks in the page: main-thread tasks over 50 ms, as the browser's PerformanceObserver reports them,
 * which is what a user feels as a frozen UI.
 *
 * The observer measures wall time, so on a machine whose cores are busy with other work a 10 ms task that
 * waited for a core shows as a 150 ms one. A Chrome trace recorded beside it gives each task's main-thread
 * CPU time: the page's own work. `read` returns both, so a test can tell a task that was long because of
 * the page from one that was long because the machine was busy.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface LongTask {
  startMs: number;
  /** Wall time, as the PerformanceObserver reports it. */
  durationMs: number;
  /** Main-thread CPU time of the trace's task behind it: the page's own work. */
  cpuMs: number;
}

export interface LongTaskObserver {
  /** Every long task since `observeLongTasks`, in order; stops the trace. */
  read(): Promise<LongTask[]>;
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { data?: { performanceNow?: number } };
}

// Page-side scripts as text: this project has no DOM types (the page has them, the test does not).
const START = `(() => {
  const seen = [];
  const keep = (entries) => { for (const entry of entries) seen.push({ startMs: entry.startTime, durationMs: entry.duration }); };
  const observer = new PerformanceObserver((list) => keep(list.getEntries()));
  observer.observe({ type: 'longtask' });
  // Entries not yet handed to the callback are taken on reading.
  window.ferryLongTasks = () => (keep(observer.takeRecords()), seen);
})()`;
const READ = 'window.ferryLongTasks()';
/** A mark in the trace, on the page's main thread, at a known performance.now(): joins the two clocks. */
const MARK = `(() => { const now = performance.now(); console.timeStamp('ferry-clock'); return now; })()`;

async function startTrace(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (chunk) => events.push(...(chunk.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline', transferMode: 'ReportEvents' });
  return async () => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    return events;
  };
}

/** Each long task with the main-thread CPU time of the trace's task at the same time. */
function withCpuTime(tasks: Array<{ startMs: number; durationMs: number }>, events: TraceEvent[], markNowMs: number): LongTask[] {
  const mark = events.find((e) => e.name === 'TimeStamp' && JSON.stringify(e.args ?? {}).includes('ferry-clock'));
  if (!mark) throw new Error('the trace has no clock mark: cannot tell CPU time from wall time');
  const toTraceUs = (ms: number) => mark.ts + (ms - markNowMs) * 1000;
  const mainThread = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask');
  return tasks.map((task) => {
    // The two clocks agree to about a millisecond: look a little wider.
    const from = toTraceUs(task.startMs) - 1000;
    const to = toTraceUs(task.startMs + task.durationMs) + 1000;
    // The one top-level task the observer saw (nested tasks are shorter, so the longest is it).
    const cpuUs = Math.max(0, ...mainThread.filter((e) => e.ts < to && e.ts + (e.dur ?? 0) > from).map((e) => e.tdur ?? e.dur ?? 0));
    return { startMs: Math.round(task.startMs), durationMs: Math.round(task.durationMs), cpuMs: Math.round(cpuUs / 1000) };
  });
}

export async function observeLongTasks(page: Page): Promise<LongTaskObserver> {
  const cdp = await page.context().newCDPSession(page);
  const stopTrace = await startTrace(cdp);
  await page.evaluate(START);
  const markNowMs = await page.evaluate<number>(MARK);
  return {
    async read() {
      const tasks = await page.evaluate<Array<{ startMs: number; durationMs: number }>>(READ);
      const events = await stopTrace();
      await cdp.detach();
      return withCpuTime(tasks, events, markNowMs);
    },
  };
}
