/**
 * The renderer's session store against the real engine (through `ferry serve` and the browser's WebSocket
 * client): exact counts and a bounded window over long streams, catching up after skipped batches, inline
 * messages, release, and the sliced export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerryEvent } from '../../shared/api';
import type { CallEvent } from '../../shared/model';
import type { FerryStore } from './ferry-store';
import { RECENT_EVENTS } from './session-view';
import { BENCH, startRealApi, type RealApi } from './testing/real-api';
import { unwrap } from '../../shared/errors';
import { until } from '../../tests/kit/until';

let real: RealApi;
beforeAll(async () => {
  real = await startRealApi();
});
afterAll(() => real.close());

/** A connected store whose tab has sent `body` to `method`; every real event reaches the store through `deliver`. */
type Deliver = (event: FerryEvent, apply: (e: FerryEvent) => void, store: FerryStore) => void;

async function sendThrough(method: string, body: string, deliver: Deliver = (e, apply) => apply(e)) {
  const store = await real.connectedStore();
  const s = () => store.getState();
  const stop = real.api.onEvent((event) => deliver(event, (e) => s().applyEvents([e]), store));
  s().openMethod(`${BENCH}.${method}`);
  await until(() => s().tabs[0]?.template?.status === 'ok');
  s().setBody(s().activeTabId, body);
  await s().send(s().activeTabId);
  const callId = s().tabs[0]?.callId as string;
  return { store, s, callId, stop };
}

async function untilEnded(store: FerryStore, callId: string): Promise<void> {
  await until(() => store.getState().sessions[callId]?.ended === true, 'the call to end', 30_000);
}

/** Every event the engine recorded for the call, read page by page. */
async function recorded(callId: string): Promise<CallEvent[]> {
  const all: CallEvent[] = [];
  for (let fromSeq = 1; ; ) {
    const page = unwrap(await real.api.readEvents(callId, { fromSeq, limit: 5_000 }));
    all.push(...page.events);
    if (page.nextSeq > page.total) return all;
    fromSeq = page.nextSeq;
  }
}

function exactCounts(events: CallEvent[]) {
  const counts = { sentCount: 0, receivedCount: 0, sentBytes: 0, receivedBytes: 0, lastSeq: events.length };
  for (const e of events) {
    if (e.type === 'call.message-sent') {
      counts.sentCount++;
      counts.sentBytes += e.size;
    } else if (e.type === 'call.message-received') {
      counts.receivedCount++;
      counts.receivedBytes += e.size;
    }
  }
  return counts;
}

describe('a long stream', () => {
  it('keeps exact counts while the window of events stays bounded', async () => {
    let largestWindow = 0;
    const { store, s, callId, stop } = await sendThrough('ServerStream', '{"message":"long","count":12000,"payloadSize":40}', (event, apply, store) => {
      apply(event);
      if (event.type === 'call.events') largestWindow = Math.max(largestWindow, store.getState().sessions[event.callId]?.recent.size ?? 0);
    });
    await untilEnded(store, callId);
    stop();
    const session = s().sessions[callId]!;
    expect(session).toMatchObject(exactCounts(await recorded(callId)));
    expect(session.receivedCount).toBe(12_000);
    expect(largestWindow).toBe(RECENT_EVENTS);
    expect(session.recent.get(session.lastSeq)?.type).toBe('call.ended');
    expect(session.recent.get(session.lastSeq - RECENT_EVENTS)).toBeUndefined();
    expect(session.catchingUp).toBe(false);
  });

  it('adds skipped batches to the counts, says it is catching up, and the skipped rows read back from the engine', async () => {
    // Coalesce the message events of every batch that holds messages 2400 to 2699, the way a transport
    // that fell behind does; the other batches arrive whole.
    const behind = (e: CallEvent) => e.type === 'call.message-received' && e.index >= 2_400 && e.index < 2_700;
    const seen: Array<{ coalesced: boolean; ended: boolean; catchingUp: boolean }> = [];
    const { store, s, callId, stop } = await sendThrough('ServerStream', '{"message":"skip","count":3000}', (event, apply, store) => {
      if (event.type !== 'call.events') return apply(event);
      const coalesced = event.events.some(behind);
      if (!coalesced) apply(event);
      else {
        const dropped = event.events.filter((e) => e.type === 'call.message-received');
        const receivedBytes = dropped.reduce((sum, e) => sum + (e.type === 'call.message-received' ? e.size : 0), 0);
        const kept = event.events.filter((e) => e.type !== 'call.message-received');
        apply({ ...event, events: kept, skipped: { events: dropped.length, sent: 0, received: dropped.length, sentBytes: 0, receivedBytes } });
      }
      const ended = event.events.some((e) => e.type === 'call.ended');
      seen.push({ coalesced, ended, catchingUp: store.getState().sessions[event.callId]?.catchingUp ?? false });
    });
    await untilEnded(store, callId);
    stop();
    expect(seen.some((b) => b.coalesced)).toBe(true);
    for (const batch of seen) expect(batch.catchingUp).toBe(batch.coalesced && !batch.ended);
    const session = s().sessions[callId]!;
    const events = await recorded(callId);
    expect(session).toMatchObject(exactCounts(events));
    expect(session.catchingUp).toBe(false);
    expect(session.skipped.events).toBeGreaterThanOrEqual(300);
    expect(session.skipped.received).toBe(session.skipped.events);
    // A skipped row is a hole in the window, and the engine has it.
    const hole = events.find((e) => behind(e) && e.seq > session.lastSeq - RECENT_EVENTS);
    expect(hole).toBeDefined();
    expect(session.recent.get(hole!.seq)).toBeUndefined();
    const page = unwrap(await s().readSessionEvents(callId, { fromSeq: hole!.seq, limit: 1, previewChars: 80 }));
    expect(page.events[0]).toMatchObject({ seq: hole!.seq, type: 'call.message-received', preview: expect.stringContaining('"skip"') });
  });
});

describe('inline messages', () => {
  it('shows a unary response from the live event, without asking the engine again', async () => {
    const { store, s, callId, stop } = await sendThrough('Echo', '{"message":"inline please"}');
    await untilEnded(store, callId);
    stop();
    // The engine forgets the call: only the live event can still answer.
    unwrap(await real.api.releaseCall(callId));
    await s().loadMessage(callId, 'received', 0);
    const entry = s().messages[`${callId}/received/0`];
    expect(entry?.status).toBe('ok');
    expect(entry?.status === 'ok' && JSON.parse(entry.value.json)).toEqual({ message: 'inline please' });
  });
});

describe('release', () => {
  it('releases the old session when the tab sends again, and the session when its tab closes', async () => {
    const { store, s, callId: first, stop } = await sendThrough('Echo', '{"message":"one"}');
    await untilEnded(store, first);
    await s().send(s().activeTabId);
    const second = s().tabs[0]?.callId as string;
    expect(second).not.toBe(first);
    await until(() => s().sessions[second]?.ended === true);
    expect(s().sessions[first]).toBeUndefined();
    await until(async () => !(await real.api.readEvents(first, { fromSeq: 1, limit: 1 })).ok, 'the first session to be released');
    expect(await real.api.readEvents(first, { fromSeq: 1, limit: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    s().closeTab(s().activeTabId);
    await until(async () => !(await real.api.readEvents(second, { fromSeq: 1, limit: 1 })).ok, 'the second session to be released');
    stop();
  });

  it('marks a session the engine no longer knows as released, instead of showing it as alive', async () => {
    const { store, s, callId, stop } = await sendThrough('ServerStream', '{"message":"gone","count":3}');
    await untilEnded(store, callId);
    stop();
    expect(s().sessions[callId]?.released).toBe(false);
    unwrap(await real.api.releaseCall(callId));
    const answer = await s().readSessionEvents(callId, { fromSeq: 1, limit: 10 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(s().sessions[callId]?.released).toBe(true);
  });

  it('records the engine dropping a call’s bodies', async () => {
    const { store, s, callId, stop } = await sendThrough('Echo', '{"message":"evict"}');
    await untilEnded(store, callId);
    stop();
    s().applyEvents([{ type: 'call.evicted', callId, scope: 'bodies', reason: 'the disk cap of 1 GiB was reached' }]);
    expect(s().sessions[callId]?.evicted).toEqual({ scope: 'bodies', reason: 'the disk cap of 1 GiB was reached' });
  });
});

describe('export', () => {
  it('streams the session slice by slice into one Blob, reporting progress', async () => {
    const { store, s, callId, stop } = await sendThrough('ServerStream', '{"message":"export","count":12000}');
    await untilEnded(store, callId);
    stop();
    const progress: Array<[number, number]> = [];
    const file = unwrap(await s().exportSession(callId, (done, total) => progress.push([done, total])));
    const lines = (await file.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(s().sessions[callId]!.lastSeq);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ seq: 1, type: 'call.started' });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual([lines.length, lines.length]);
    expect(progress.every(([done], i) => i === 0 || done > (progress[i - 1] as [number, number])[0])).toBe(true);
  });
});
