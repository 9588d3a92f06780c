/**
 * Long tasks in the page (main-thread tasks over 50 ms, as the browser's PerformanceObserver reports them):
 * what a user feels as a frozen UI. Start observing, do the work, read what was seen.
 */
import type { Page } from 'playwright-core';

export interface LongTask {
  startMs: number;
  durationMs: number;
}

export interface LongTaskObserver {
  /** Every long task since `observeLongTasks`, in order. */
  read(): Promise<LongTask[]>;
}

// Page-side scripts as text: this project has no DOM types (the page has them, the test does not).
const START = `(() => {
  const seen = [];
  window.ferryLongTasks = seen;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) seen.push({ startMs: Math.round(entry.startTime), durationMs: Math.round(entry.duration) });
  }).observe({ type: 'longtask' });
})()`;
const READ = 'window.ferryLongTasks ?? []';

export async function observeLongTasks(page: Page): Promise<LongTaskObserver> {
  await page.evaluate(START);
  return { read: () => page.evaluate<LongTask[]>(READ) };
}
