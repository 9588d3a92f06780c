/**
 * Streams through the UI: a server stream's timeline with one line of JSON per message, search in the engine,
 * catching up after skipped events, a bidi conversation sent message by message and
 * half-closed, and cancelling a stream that would otherwise run on.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerryApp } from './pages/ferry-app';
import { StreamTimeline, type TimelineRow } from './pages/stream-timeline';
import { waitUntil } from '../kit/until';
import { launchBrowser, openConnectedFerry, saveScreenshot, saveTourScreenshot, withCoalescing } from './support';

/** A row as `<direction> #<seq> <what>`: what the event is, from its summary. */
function describeRow(row: TimelineRow): string {
  const what = /^(started|message \d+|headers|trailers|end of stream|cancelled|status \w+)/.exec(row.summary)?.[1] ?? row.summary;
  return `${row.direction} #${row.seq} ${what}`;
}

/**
 * Opens a Bidi stream with no first message, sends one message per word (each echo comes back before the
 * next goes out, so the order of events is deterministic) and half-closes.
 */
async function bidiConversation(app: FerryApp, words: string[]): Promise<void> {
  const { request, response, timeline } = app;
  await app.explorer.openMethod('Bidi');
  await request.openStream();
  await response.waitForStatus('RUNNING');
  for (const [i, word] of words.entries()) {
    await request.setBody('Bidi', `{ "message": "${word}" }`);
    await request.sendMessage();
    await timeline.waitForRows((rows) => StreamTimeline.receivedMessages(rows).length === i + 1, { what: `echo ${i + 1}` });
  }
  await request.endStream();
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
    // Each message row shows its JSON on one line; the inspector shows it pretty-printed.
    const messages = StreamTimeline.receivedMessages(rows);
    expect(messages.map((r) => r.summary)).toEqual([
      'message 0  {"message":"tick"}',
      ...[1, 2, 3, 4].map((i) => `message ${i}  {"message":"tick","index":${i}}`),
    ]);
    await app.timeline.open(messages[3]!.name);
    await app.timeline.waitForInspector('"message": "tick"', '"index": 3');
    // In a 1280-pixel window with every pane open, the Summary column keeps most of the timeline's width.
    await app.page.setViewportSize({ width: 1280, height: 720 });
    const grid = await app.page.getByRole('grid').first().boundingBox();
    const summary = await app.page.getByRole('columnheader', { name: 'Summary' }).boundingBox();
    expect(summary!.width).toBeGreaterThan(0.5 * grid!.width);
    assertNoPageErrors();
  });

  it('searches every event and message body in the engine, and filters by direction', async () => {
    const { app, assertNoPageErrors } = await openConnectedFerry(browser);
    const { timeline } = app;
    await bidiConversation(app, ['alpha', 'beta', 'gamma']);
    await timeline.waitForEnd('OK');

    // "beta" is in no summary line, only in the bodies of the second message each way.
    await timeline.searchFor('BETA');
    expect((await timeline.readRows()).map((r) => r.summary)).toEqual(['message 1  {"message":"beta"}', 'message 1  {"message":"beta","index":1}']);
    expect(await timeline.statusLine.innerText()).toBe('2 of 11 events');
    await timeline.direction.selectOption({ label: 'Received only' });
    await timeline.searchFor('beta');
    expect((await timeline.readRows()).map((r) => r.name)).toEqual([expect.stringMatching(/^received #\d+ message$/)]);
    await timeline.searchFor('');
    expect((await timeline.readRows()).every((r) => r.direction === 'received')).toBe(true);
    assertNoPageErrors();
  });

  it('says it is catching up while events are coalesced, then reads the skipped rows back', async () => {
    // A transport that falls behind for messages 5 to 24: they arrive as counts only.
    const behind = (e: { type: string; index: number }) => e.type === 'call.message-received' && e.index >= 5 && e.index < 25;
    const { app, assertNoPageErrors } = await openConnectedFerry(browser, { wrapApi: (engine) => withCoalescing(engine, behind) });
    const { response, timeline } = app;
    await app.call('ServerStream', '{ "message": "tick", "count": 30, "intervalMs": 40 }');
    await waitUntil(() => timeline.catchingUp.isVisible(), (shown) => shown, { what: 'the catching-up notice' });
    expect(await timeline.catchingUp.innerText()).toMatch(/^Catching up: \d+ events came in faster than this view could take them \(\d+ received/);
    await response.waitForStatus('OK');
    await waitUntil(() => timeline.catchingUp.isVisible(), (shown) => !shown, { what: 'the notice to go once caught up' });
    expect(await timeline.statusLine.innerText()).toBe('20 skipped while behind, read on demand · 36 events');
    // The counts stayed exact.
    expect(await response.fact('Received')).toBe('238 B in 30 msg');

    await timeline.press('Home');
    const rows = await timeline.waitForRows((r) => StreamTimeline.receivedMessages(r).length >= 10, { what: 'the first messages, read back', complete: false });
    expect(StreamTimeline.receivedMessages(rows).slice(0, 10).map((r) => r.summary.split('  ')[0])).toEqual([...Array(10).keys()].map((i) => `message ${i}`));
    expect(await timeline.placeholders.count()).toBe(0);
    assertNoPageErrors();
  });

  it('sends bidi messages one by one, half-closes, and records every event in order', async () => {
    const { app, assertNoPageErrors } = await openConnectedFerry(browser);
    const { response, timeline } = app;
    await bidiConversation(app, ['one', 'two', 'three']);
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
    await saveTourScreenshot(app.page, 'stream timeline');
    assertNoPageErrors();
  });

  it('puts a sent message back in the request editor to send it again, and copies a received one', async () => {
    const { app, assertNoPageErrors } = await openConnectedFerry(browser);
    const { request, response, timeline } = app;
    await app.explorer.openMethod('Bidi');
    await request.openStream();
    await response.waitForStatus('RUNNING');
    for (const [i, word] of ['first', 'second'].entries()) {
      await request.setBody('Bidi', `{ "message": "${word}" }`);
      await request.sendMessage();
      await timeline.waitForRows((rows) => StreamTimeline.receivedMessages(rows).length === i + 1, { what: `echo ${i + 1}` });
    }
    await timeline.open(StreamTimeline.sentMessages(await timeline.readRows())[0]!.name);
    await timeline.waitForInspector('"message": "first"');
    await saveScreenshot(app.page, 'sent message in the inspector');
    const actions = timeline.inspector.getByRole('toolbar', { name: 'Message actions' });
    await actions.getByRole('button', { name: 'Put in the request editor' }).click();
    await waitUntil(() => request.visibleText(), (text) => text.includes('"message": "first"') && !text.includes('second'), { what: 'the first message back in the editor' });
    await request.sendMessage();
    const rows = await timeline.waitForRows((all) => StreamTimeline.receivedMessages(all).length === 3, { what: 'the echo of the message sent again' });
    expect(StreamTimeline.receivedMessages(rows)[2]!.summary).toBe('message 2  {"message":"first","index":2}');

    // A received message has no way back into the request (its type is the response's), but copies.
    await timeline.open(StreamTimeline.receivedMessages(rows)[1]!.name);
    await timeline.waitForInspector('"message": "second"');
    expect(await actions.getByRole('button', { name: 'Put in the request editor' }).count()).toBe(0);
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await actions.getByRole('button', { name: 'Copy message' }).click();
    await actions.getByRole('status').getByText('Copied the message.').waitFor();
    expect(JSON.parse(await app.page.evaluate(() => navigator.clipboard.readText()))).toEqual({ message: 'second', index: 1 });
    await request.endStream();
    await response.waitForStatus('OK');
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
