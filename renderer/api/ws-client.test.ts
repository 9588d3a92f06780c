import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FerryApi, FerryEvent } from '../../shared/api';
import type { FerryError } from '../../shared/errors';
import type { ConnectionConfig } from '../../shared/model';
import { createWsClient, wsApiEndpoint, type WebSocketConstructorLike, type WsClient } from './ws-client';

/**
 * The other end is the real `ferry serve` transport (electron/serve) over the real engine and a bench gRPC
 * server. It lives
 * in the Node TypeScript project, so it is loaded by a computed path: the renderer project stays free of
 * Node types and of imports that point at electron/, and this test still runs both ends for real.
 */
interface ServeFixture {
  serve: { token: string; port: number };
  apiUrl: string;
  api: FerryApi;
  bench: { target: string };
  /** Pushes an event no real engine would send, to test the client's validation. */
  injectEvent(event: unknown): void;
  WebSocket: WebSocketConstructorLike;
  close(): Promise<void>;
}
const FIXTURE_MODULE = new URL('../../electron/serve/testing/serve-fixture.ts', import.meta.url).href;
const loadFixture = async () => ((await import(/* @vite-ignore */ FIXTURE_MODULE)) as { startServeFixture(): Promise<ServeFixture> }).startServeFixture();

const configFor = (target: string): ConnectionConfig => ({ target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } });

function valueOf<T>(result: { ok: true; value: T } | { ok: false; error: FerryError }): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('createWsClient against ferry serve', () => {
  let fx: ServeFixture;
  let client: WsClient;
  const protocolErrors: FerryError[] = [];
  const connect = (token = fx.serve.token) =>
    createWsClient(fx.apiUrl, token, { WebSocket: fx.WebSocket, onProtocolError: (error) => protocolErrors.push(error) });

  let config: ConnectionConfig;
  beforeEach(async () => {
    protocolErrors.length = 0;
    fx = await loadFixture();
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
    expect(valueOf(first)).toMatchObject({ target: fx.bench.target });
    expect(valueOf(second)).toMatchObject({ target: other });
    expect(valueOf(await client.describeSymbol(valueOf(first).connectionId, 'ferry.testing.v1.EchoRequest'))).toContain('message EchoRequest {');
  });

  it('delivers events to every listener until it unsubscribes', async () => {
    const seen: FerryEvent[] = [];
    const other: FerryEvent[] = [];
    const stop = client.onEvent((event) => seen.push(event));
    client.onEvent((event) => other.push(event));
    const { connectionId } = valueOf(await client.openConnection(config));
    const { callId } = valueOf(await client.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [], body: '{"message":"a"}' }));
    await until(() => seen.some((e) => e.type === 'call.events' && e.events.some((c) => c.type === 'call.ended')));
    const types = seen.flatMap((e) => (e.type === 'call.events' && e.callId === callId ? e.events.map((c) => c.type) : []));
    expect(types).toEqual(['call.started', 'call.message-sent', 'call.half-closed', 'call.headers-received', 'call.message-received', 'call.trailers-received', 'call.ended']);
    expect(JSON.parse(valueOf(await client.getMessage(callId, 'received', 0)).json)).toEqual({ message: 'a' });
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
    await client.openConnection(config);
    const pending = client.openConnection(config);
    await fx.close();
    const lost = { ok: false, error: { code: 'UNAVAILABLE', message: 'connection to Ferry lost' } };
    // Its answer may have made it out before the close; either way it settles instead of waiting forever.
    await pending;
    expect(await client.halfClose('call-1')).toEqual(lost);
    fx = await loadFixture();
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

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('timed out');
}
