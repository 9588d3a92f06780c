import { describe, expect, it } from 'vitest';
import type { FerryEvent } from '../../shared/api';
import { createFakeApi } from '../store/testing/fake-api';
import { startEventPump } from './event-pump';

function manualFrames() {
  const pending: Array<() => void> = [];
  return { requestFrame: (flush: () => void) => void pending.push(flush), runFrame: () => pending.splice(0).forEach((f) => f()) };
}

const event = (seq: number): FerryEvent => ({ type: 'call.events', callId: 'c', events: [{ type: 'call.half-closed', seq, timeMs: seq }] });

describe('startEventPump', () => {
  it('delivers everything that arrived during a frame as one batch, in order', () => {
    const api = createFakeApi();
    const batches: FerryEvent[][] = [];
    const frames = manualFrames();
    startEventPump(api, { applyEvents: (e) => void batches.push([...e]) }, { requestFrame: frames.requestFrame, fallbackMs: 0 });
    api.emit(event(1));
    api.emit(event(2));
    api.emit(event(3));
    expect(batches).toHaveLength(0);
    frames.runFrame();
    expect(batches).toEqual([[event(1), event(2), event(3)]]);
    api.emit(event(4));
    frames.runFrame();
    frames.runFrame();
    expect(batches).toEqual([[event(1), event(2), event(3)], [event(4)]]);
  });

  it('flushes on the fallback timer when no frame comes (background tab)', async () => {
    const api = createFakeApi();
    const batches: FerryEvent[][] = [];
    startEventPump(api, { applyEvents: (e) => void batches.push([...e]) }, { requestFrame: () => undefined, fallbackMs: 5 });
    api.emit(event(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toEqual([[event(1)]]);
  });

  it('unsubscribes and drops unflushed events when disposed', () => {
    const api = createFakeApi();
    const frames = manualFrames();
    let applied = 0;
    const stop = startEventPump(api, { applyEvents: () => void applied++ }, { requestFrame: frames.requestFrame, fallbackMs: 0 });
    api.emit(event(1));
    stop();
    frames.runFrame();
    expect(applied).toBe(0);
    expect(api.listenerCount()).toBe(0);
  });
});
