import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServeFixture, type ServeFixture } from '../../electron/serve/testing/serve-fixture';
import type { Engine } from '../../electron/engine';
import type { FerryEvent } from '../../shared/api';
import { unwrap, type FerryError } from '../../shared/errors';
import type { ConnectionConfig } from '../../shared/model';
import { until } from '../../tests/kit/until';
import { createWsClient, wsApiEndpoint, type WsClient } from './ws-client';

// The other end is the real `ferry serve` transport (electron/serve) over the real engine and a bench gRPC server.

const configFor = (target: string): ConnectionConfig => ({ target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } });

describe('createWsClient against ferry serve', () => {
  let fx: ServeFixture<Engine>;
  let client: WsClient;
  const protocolErrors: FerryError[] = [];
  const connect = (token = fx.serve.token) =>
    createWsClient(fx.apiUrl, token, { WebSocket: fx.WebSocket, onProtocolError: (error) => protocolErrors.push(error) });

  let config: ConnectionConfig;
  beforeEach(async () => {
    protocolErrors.length = 0;
    fx = await startServeFixture();
    config = configFor(fx.bench.target);
    client = connect();
  });
  afterEach(async () => {
    client.close();
    await fx.close();
  });

  it('queues commands until the socket opens, then matches answers to requests', async () => {
    const other = fx.bench.target.replace('127.0.0.1', 'localhost');
    const [first, second] = await Promise.all([client.openConnection(config), client.openConnection(configFor(other))]);
    expect(unwrap(first)).toMatchObject({ target: fx.bench.target });
    expect(unwrap(second)).toMatchObject({ target: other });
    expect(unwrap(await client.describeSymbol(unwrap(first).connectionId, 'ferry.testing.v1.EchoRequest'))).toContain('message EchoRequest {');
  });

  it('delivers events to every listener until it unsubscribes', async () => {
    const seen: FerryEvent[] = [];
    const other: FerryEvent[] = [];
    const stop = client.onEvent((event) => seen.push(event));
    client.onEvent((event) => other.push(event));
    const { connectionId } = unwrap(await client.openConnection(config));
    const { callId } = unwrap(await client.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [], body: '{"message":"a"}' }));
    await until(() => seen.some((e) => e.type === 'call.events' && e.events.some((c) => c.type === 'call.ended')));
    const types = seen.flatMap((e) => (e.type === 'call.events' && e.callId === callId ? e.events.map((c) => c.type) : []));
    expect(types).toEqual(['call.started', 'call.message-sent', 'call.half-closed', 'call.headers-received', 'call.message-received', 'call.trailers-received', 'call.ended']);
    expect(JSON.parse(unwrap(await client.getMessage(callId, 'received', 0)).json)).toEqual({ message: 'a' });
    stop();
    const before = seen.length;
    await client.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [], body: '{}' });
    await until(() => other.length > before);
    expect(seen.length).toBe(before);
  });

  it('passes on the server\'s validation errors and engine errors as values', async () => {
    const bad = await client.getMessage('call-1', 'sent', -1);
    expect(bad).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'args[2]: expected an integer >= 0', details: { fieldPath: 'args[2]', expected: 'an integer >= 0' } },
    });
    expect(await client.cancelCall('nope')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('drops invalid events and reports them', async () => {
    const seen: FerryEvent[] = [];
    client.onEvent((event) => seen.push(event));
    await client.describeSymbol('none', 'x');
    // Workspace events go to every client of ferry serve, so injected ones reach this socket.
    fx.injectEvent({ type: 'workspace.changed', root: '/w', paths: 'not a list' });
    fx.injectEvent({ type: 'workspace.changed', root: '/w', paths: ['/w/a.json'] });
    await until(() => seen.some((e) => e.type === 'workspace.changed' && e.root === '/w'));
    expect(seen.filter((e) => e.type === 'workspace.changed' && e.root === '/w')).toEqual([{ type: 'workspace.changed', root: '/w', paths: ['/w/a.json'] }]);
    expect(protocolErrors.map((e) => e.message)).toEqual([expect.stringMatching(/^event\.paths: expected an array/)]);
  });

  it('answers UNAVAILABLE for pending and later commands once the connection is lost', async () => {
    expect(await client.ping()).toEqual({ ok: true, value: undefined });
    await client.openConnection(config);
    const pending = client.openConnection(config);
    await fx.close();
    const lost = { ok: false, error: { code: 'UNAVAILABLE', message: 'connection to Ferry lost' } };
    // Its answer may have made it out before the close; either way it settles instead of waiting forever.
    await pending;
    expect(await client.halfClose('call-1')).toEqual(lost);
    // What the page asks first: its "not connected" banner shows on this answer.
    expect(await client.ping()).toEqual(lost);
    fx = await startServeFixture();
  });

  it('answers UNAVAILABLE when the server refuses the handshake (wrong token)', async () => {
    const stranger = connect('not-the-token');
    expect(await stranger.openConnection(config)).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: 'connection to Ferry lost' } });
  });

  it('resolves commands in flight when closed by the page', async () => {
    const pending = client.describeSymbol('conn-1', 'x');
    client.close();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
});

describe('wsApiEndpoint', () => {
  it('derives the socket URL and token from the page URL', () => {
    expect(wsApiEndpoint('http://127.0.0.1:4321/?token=abc_-1')).toEqual({ url: 'ws://127.0.0.1:4321/api', token: 'abc_-1' });
    expect(wsApiEndpoint('http://localhost:80/collections')).toEqual({ url: 'ws://localhost/api' });
  });
});
