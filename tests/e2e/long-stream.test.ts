/**
 * A renderer that does not grow, in Chromium through `ferry serve`: 200,000 streamed messages,
 * the first and the last row reached and opened, the session exported, and no task of the page's own over
 * 50 ms (PerformanceObserver 'longtask', with each task's main-thread CPU time from a trace beside it).
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamTimeline } from './pages/stream-timeline';
import { waitUntil } from '../kit/until';
import { launchBrowser, observeLongTasks, openConnectedFerry, saveScreenshot } from './support';

const MESSAGES = 200_000;
/** started, the request, half-close, headers, the messages, trailers, status. */
const EVENTS = MESSAGES + 6;

describe('a long stream', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('streams 200,000 messages, opens the first and the last, exports them, and no task of the page runs over 50 ms', async () => {
    const { app, assertNoPageErrors } = await openConnectedFerry(browser);
    const { timeline } = app;
    await app.explorer.openMethod('ServerStream');
    await app.request.setBody('ServerStream', `{ "message": "tick", "count": ${MESSAGES} }`);
    // From Send to the export: the whole run of the stream.
    const longTasks = await observeLongTasks(app.page);
    await app.request.send();
    await app.response.waitForStatus('OK', 120_000);
    await waitUntil(() => timeline.eventCount(), (n) => n === EVENTS, { what: `${EVENTS} rows in the timeline` });
    // The DOM holds the rows in view, not 200,000.
    expect(await timeline.renderedRows.count()).toBeLessThan(100);

    await timeline.press('Home');
    await timeline.waitForSelected('sent #1 started');
    const top = await timeline.waitForRows((rows) => StreamTimeline.receivedMessages(rows).length > 0, { what: 'the first received message in view', complete: false });
    const first = StreamTimeline.receivedMessages(top)[0]!;
    expect(first.summary).toBe('message 0  {"message":"tick"}');
    await timeline.open(first.name);
    await timeline.waitForInspector(`${first.name.replace(' message', '')} · message-received`, '"message": "tick"');

    await timeline.press('End');
    await timeline.waitForSelected(`received #${EVENTS} status`);
    const bottom = await timeline.readRows({ complete: false });
    const last = StreamTimeline.receivedMessages(bottom).at(-1)!;
    expect(last.summary).toBe(`message ${MESSAGES - 1}  {"message":"tick","index":${MESSAGES - 1}}`);
    await timeline.open(last.name);
    await timeline.waitForInspector(`"index": ${MESSAGES - 1}`);
    await saveScreenshot(app.page, 'long stream last message');

    // The export is read slice by slice into one file, saying how far it got.
    const [exported, progress] = await Promise.all([
      timeline.exportNdjson(),
      waitUntil(() => timeline.exportProgress.textContent(), (text) => /^Exporting… \d+%$/.test(text ?? ''), { what: 'the export progress' }),
    ]);
    expect(progress).toMatch(/^Exporting… \d+%$/);
    const lines = exported.text.trimEnd().split('\n');
    expect(exported.fileName).toMatch(/^ferry\.testing\.v1\.Bench\.ServerStream-[0-9a-f]{8}\.ndjson$/);
    expect(lines).toHaveLength(EVENTS);
    expect(JSON.parse(lines.at(-2)!)).toMatchObject({ seq: EVENTS - 1, type: 'call.trailers-received' });

    // A long task is the page's doing when its own main-thread work took over 50 ms. The observer's wall
    // time also counts waiting for a core, which a machine busy with other work adds to any task.
    const tasks = await longTasks.read();
    expect(tasks.filter((t) => t.cpuMs > 50), `long tasks (wall and CPU ms): ${JSON.stringify(tasks)}`).toEqual([]);
    assertNoPageErrors();
  }, 180_000);
});
