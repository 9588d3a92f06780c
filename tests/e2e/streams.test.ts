/**
 * Streams through the UI: a server stream's timeline, a bidi conversation sent message by message and
 * half-closed, and cancelling a stream that would otherwise run on.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamTimeline, type TimelineRow } from './pages/stream-timeline';
import { waitUntil } from './pages/wait';
import { launchBrowser, openConnectedFerry, saveScreenshot } from './support';


/** A row as `<direction> #<seq> <what>`: what the event is, from its summary. */
function describeRow(row: TimelineRow): string {
  const what = /^(started|message \d+|headers|trailers|end of stream|cancelled|status \w+)/.exec(row.summary)?.[1] ?? row.summary;
  return `${row.direction} #${row.seq} ${what}`;
}

describe('streams', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows each message of a server stream in the timeline', async () => {
    const { app, assertNoPageErrors } = await openConnectedFerry(browser);
    await app.call('ServerStream', '{ "message": "tick", "count": 5 }');

    await app.response.waitForStatus('OK');
    const rows = await app.timeline.waitForEnd('OK');
    expect(StreamTimeline.receivedMessages(rows).map((r) => /^message \d+/.exec(r.summary)?.[0])).toEqual([
      'message 0',
      'message 1',
      'message 2',
      'message 3',
      'message 4',
    ]);
    assertNoPageErrors();
  });

  it('sends bidi messages one by one, half-closes, and records every event in order', async () => {
    const { app, assertNoPageErrors } = await openConnectedFerry(browser);
    const { request, response, timeline } = app;
    await app.explorer.openMethod('Bidi');
    // An empty body opens the stream without a first message.
    await request.setBody('Bidi', '');
    await request.send();
    await response.waitForStatus('RUNNING');

    for (const [i, word] of ['one', 'two', 'three'].entries()) {
      await request.setBody('Bidi', `{ "message": "${word}" }`);
      await request.sendMessage();
      // The echo comes back before the next message goes out, so the order below is deterministic.
      await timeline.waitForRows((rows) => StreamTimeline.receivedMessages(rows).length === i + 1, { what: `echo ${i + 1}` });
    }
    await request.endStream();
    await response.waitForStatus('OK');
    const rows = await timeline.waitForEnd('OK');

    const first = rows[0]?.seq ?? 0;
    const names = (directionAndKind: string[]) =>
      directionAndKind.map((entry, i) => {
        const [direction, kind] = entry.split(' ');
        return `${direction} #${first + i} ${kind}`;
      });
    expect(rows.map((r) => r.name)).toEqual(
      names([
        'sent started',
        'sent message',
        'received headers',
        'received message',
        'sent message',
        'received message',
        'sent message',
        'received message',
        'sent half-close',
        'received trailers',
        'received status',
      ]),
    );
    expect(rows.map(describeRow)).toEqual([
      `sent #${first} started`,
      `sent #${first + 1} message 0`,
      `received #${first + 2} headers`,
      `received #${first + 3} message 0`,
      `sent #${first + 4} message 1`,
      `received #${first + 5} message 1`,
      `sent #${first + 6} message 2`,
      `received #${first + 7} message 2`,
      `sent #${first + 8} end of stream`,
      `received #${first + 9} trailers`,
      `received #${first + 10} status OK`,
    ]);
    await saveScreenshot(app.page, 'bidi timeline');
    assertNoPageErrors();
  });

  it('cancels a running server stream: CANCELLED in the UI, and the server sees the cancellation', async () => {
    const { app, bench, assertNoPageErrors } = await openConnectedFerry(browser);
    await app.call('ServerStream', '{ "message": "endless", "count": 1000, "intervalMs": 50 }');
    await app.response.waitForStatus('RUNNING');
    // Only the newest rows are rendered while a long stream runs: read what is in view.
    await app.timeline.waitForRows((rows) => StreamTimeline.receivedMessages(rows).length >= 2, { what: 'two streamed messages', complete: false });
    expect(bench.stats.cancelled).toBe(0);

    await app.request.cancel();
    await app.response.waitForStatus('CANCELLED');
    await waitUntil(() => bench.stats.cancelled, (n) => n === 1, { what: 'the bench server to count one cancelled call' });
    const tail = await app.timeline.waitForEnd('CANCELLED', { complete: false });
    expect(tail.some((r) => r.direction === 'sent' && r.summary === 'cancelled')).toBe(true);
    // started, headers, some messages, cancelled, status: far fewer than the 1000 asked for.
    expect(await app.timeline.eventCount()).toBeLessThan(1000);
    assertNoPageErrors();
  });
});
