/**
 * The long-task helper the long-stream test relies on: it must see a task that keeps the main thread busy,
 * and give it the CPU time it used. Needs /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, observeLongTasks } from './support';

describe('observeLongTasks', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('reports a task that keeps the main thread busy, with its CPU time', async () => {
    const page = await browser.newPage();
    await page.setContent('<p>busy</p>');
    const observer = await observeLongTasks(page);
    // One second of work in one of the page's own tasks (a timer; a DevTools evaluation is not one):
    // even on a busy machine it gets far more than 50 ms of a core. Resolves once the page has seen it.
    await page.evaluate(`new Promise((resolve) => {
      new PerformanceObserver((list, seen) => {
        if (list.getEntries().some((entry) => entry.duration >= 1000)) (seen.disconnect(), resolve());
      }).observe({ type: 'longtask' });
      setTimeout(() => {
        const end = performance.now() + 1000;
        while (performance.now() < end);
      }, 0);
    })`);
    const tasks = await observer.read();
    expect(tasks.filter((t) => t.durationMs >= 1000)).toHaveLength(1);
    expect(tasks.find((t) => t.durationMs >= 1000)?.cpuMs).toBeGreaterThan(50);
    await page.close();
  });
});
