import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerryEvent } from '../../shared/api';
import { BENCH, startRealApi, type RealApi } from '../store/testing/real-api';
import { startEventPump } from './event-pump';
import { unwrap } from '../../shared/errors';
import { until } from '../../tests/kit/until';

function manualFrames() {
  const pending: Array<() => void> = [];
  return { requestFrame: (flush: () => void) => void pending.push(flush), runFrame: () => pending.splice(0).forEach((f) => f()) };
}

const ended = (events: FerryEvent[], callId: string) => events.some((e) => e.type === 'call.events' && e.callId === callId && e.events.some((c) => c.type === 'call.ended'));

describe('startEventPump over the real engine', () => {
  let real: RealApi;
  let connectionId: string;
  /** Every event the client heard, through a listener of its own beside the pump's. */
  const heard: FerryEvent[] = [];
  beforeAll(async () => {
    real = await startRealApi();
    real.api.onEvent((event) => heard.push(event));
    connectionId = unwrap(await real.api.openConnection({ target: real.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } })).connectionId;
  });
  afterAll(() => real.close());

  /** Runs a real call to its end; resolves once the client has heard every one of its events. */
  async function call(method: string, body: string): Promise<string> {
    const { callId } = unwrap(await real.api.startCall({ connectionId, method: `${BENCH}/${method}`, metadata: [], body }));
    await until(() => ended(heard, callId));
    return callId;
  }

  it('delivers everything that arrived during a frame as one batch, in order', async () => {
    const batches: FerryEvent[][] = [];
    const frames = manualFrames();
    const stop = startEventPump(real.api, { applyEvents: (e) => void batches.push([...e]) }, { requestFrame: frames.requestFrame, fallbackMs: 0, minIntervalMs: 0 });
    const from = heard.length;
    const streamed = await call('ServerStream', '{"message":"s","count":3}');
    const firstFrame = heard.slice(from);
    expect(firstFrame.length).toBeGreaterThan(0);
    expect(batches).toHaveLength(0);
    frames.runFrame();
    expect(batches).toEqual([firstFrame]);
    const received = firstFrame.flatMap((e) => (e.type === 'call.events' && e.callId === streamed ? e.events.filter((c) => c.type === 'call.message-received') : []));
    expect(received.map((c) => c.index)).toEqual([0, 1, 2]);

    await call('Echo', '{"message":"e"}');
    frames.runFrame();
    frames.runFrame();
    expect(batches).toEqual([firstFrame, heard.slice(from + firstFrame.length)]);
    stop();
  });

  it('flushes at once after a quiet spell, then at most once per minIntervalMs', async () => {
    const requested: number[] = [];
    const flushed: number[] = [];
    const pending: Array<() => void> = [];
    const stop = startEventPump(real.api, { applyEvents: () => void flushed.push(performance.now()) }, {
      requestFrame: (flush) => void (requested.push(performance.now()), pending.push(flush)),
      fallbackMs: 0,
      minIntervalMs: 80,
    });
    const runFrame = () => pending.splice(0).forEach((f) => f());
    await call('Echo', '{"message":"first"}');
    expect(requested).toHaveLength(1);
    runFrame();
    await call('Echo', '{"message":"soon after"}');
    await until(() => requested.length === 2);
    runFrame();
    expect(flushed).toHaveLength(2);
    expect((requested[1] as number) - (flushed[0] as number)).toBeGreaterThanOrEqual(70);
    stop();
  });

  it('flushes on the fallback timer when no frame comes (background tab)', async () => {
    const batches: FerryEvent[][] = [];
    const stop = startEventPump(real.api, { applyEvents: (e) => void batches.push([...e]) }, { requestFrame: () => undefined, fallbackMs: 5, minIntervalMs: 0 });
    const callId = await call('Echo', '{"message":"bg"}');
    await until(() => ended(batches.flat(), callId));
    expect(batches.length).toBeGreaterThan(0);
    stop();
  });

  it('unsubscribes and drops unflushed events when disposed', async () => {
    const frames = manualFrames();
    let applied = 0;
    const stop = startEventPump(real.api, { applyEvents: () => void applied++ }, { requestFrame: frames.requestFrame, fallbackMs: 0, minIntervalMs: 0 });
    await call('Echo', '{"message":"unflushed"}');
    stop();
    frames.runFrame();
    expect(applied).toBe(0);
    // Nothing reaches the disposed pump any more: events after it go to the other listener only.
    const from = heard.length;
    await call('Echo', '{"message":"later"}');
    expect(heard.length).toBeGreaterThan(from);
    frames.runFrame();
    expect(applied).toBe(0);
  });
});
