import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FerryEvent } from '../../../shared/api';
import { unwrap } from '../../../shared/errors';
import type { CallEvent } from '../../../shared/model';
import { until } from '../../../tests/kit/until';
import { createEngine, type Engine } from '../create-engine';
import { startBenchServer, type BenchServer } from '../testing/bench-server';
import { createClientHub } from './client-hub';

/** A client transport that collects what it delivers, and says it is behind while `behind` is set. */
function collectingTransport() {
  const delivered: FerryEvent[] = [];
  const transport = { behind: false, deliver: (events: FerryEvent[]) => void delivered.push(...events), isBehind: () => transport.behind };
  const callEvents = (callId: string): CallEvent[] => delivered.flatMap((e) => (e.type === 'call.events' && e.callId === callId ? e.events : []));
  const skipped = (callId: string): number => delivered.reduce((n, e) => n + (e.type === 'call.events' && e.callId === callId ? (e.skipped?.received ?? 0) : 0), 0);
  return { transport, callEvents, skipped };
}

describe('message bodies inline, decoded as events leave for a client', () => {
  let server: BenchServer;
  let engine: Engine;
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());
  afterEach(() => engine?.dispose());

  /** A hub over a real engine, counting how many messages the engine was asked to decode. */
  function hubWithCount() {
    engine = createEngine();
    const decodes = { count: 0 };
    const hub = createClientHub({ ...engine, decodeMessage: (callId, direction, index) => (decodes.count++, engine.decodeMessage(callId, direction, index)) });
    return { hub, decodes };
  }

  async function startStream(client: ReturnType<ReturnType<typeof createClientHub>['open']>, count: number): Promise<string> {
    const { connectionId } = unwrap(await client.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
    const body = JSON.stringify({ message: 'm', count });
    return unwrap(await client.startCall({ connectionId, method: 'ferry.testing.v1.Bench/ServerStream', metadata: [], body, inlineMessageBytes: 4096 })).callId;
  }

  it('carries every message decoded to a client that keeps up, while the engine emits none decoded', async () => {
    const { hub } = hubWithCount();
    const emitted: CallEvent[] = [];
    engine.onEvent((event) => event.type === 'call.events' && emitted.push(...event.events));
    const { transport, callEvents } = collectingTransport();
    const callId = await startStream(hub.open(transport), 5);
    await until(() => callEvents(callId).some((e) => e.type === 'call.ended'), 'the end of the call delivered');
    const received = callEvents(callId).filter((e) => e.type === 'call.message-received');
    expect(received.map((e) => e.message)).toEqual([0, 1, 2, 3, 4].map((index) => (index === 0 ? { message: 'm' } : { message: 'm', index })));
    expect(emitted.filter((e) => e.type === 'call.message-received').every((e) => e.message === undefined)).toBe(true);
  });

  it('never decodes the messages coalesced away while the client was behind', async () => {
    const { hub, decodes } = hubWithCount();
    const ended = new Promise<void>((resolve) => engine.onEvent((event) => event.type === 'call.events' && event.events.some((e) => e.type === 'call.ended') && resolve()));
    const { transport, callEvents, skipped } = collectingTransport();
    transport.behind = true;
    const callId = await startStream(hub.open(transport), 2000);
    await ended;
    transport.behind = false;
    await until(() => callEvents(callId).some((e) => e.type === 'call.ended'), 'the end of the call delivered');
    const delivered = callEvents(callId).filter((e) => e.type === 'call.message-received');
    expect(delivered.length + skipped(callId)).toBe(2000);
    expect(skipped(callId)).toBeGreaterThan(0);
    expect(decodes.count).toBe(delivered.length);
  });
});
