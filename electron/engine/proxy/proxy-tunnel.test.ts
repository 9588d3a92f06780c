import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectProxy, type ConnectProxy } from '../testing/connect-proxy';
import { parseProxyUrl } from './proxy-route';
import { openTunnel, ProxyTunnelError } from './proxy-tunnel';

let echo: net.Server;
let echoPort: number;
let open: ConnectProxy;
let guarded: ConnectProxy;

beforeAll(async () => {
  echo = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoPort = (echo.address() as AddressInfo).port;
  open = await startConnectProxy();
  guarded = await startConnectProxy({ credentials: 'ada:s3cret', refuse: ['127.0.0.1:1'] });
});

afterAll(async () => {
  await Promise.all([open.close(), guarded.close()]);
  await new Promise((resolve) => echo.close(resolve));
});

async function roundTrip(socket: net.Socket, text: string): Promise<string> {
  socket.write(text);
  const [chunk] = (await new Promise((resolve) => socket.once('data', (data: Buffer) => resolve([data])))) as Buffer[];
  socket.destroy();
  return chunk!.toString();
}

async function refusal(promise: Promise<unknown>): Promise<ProxyTunnelError> {
  const reason = await promise.then(() => undefined, (error: unknown) => error);
  expect(reason).toBeInstanceOf(ProxyTunnelError);
  return reason as ProxyTunnelError;
}

describe('openTunnel', () => {
  it('gives a socket to the destination through the proxy', async () => {
    const socket = await openTunnel(parseProxyUrl(open.url, 'the proxy setting'), { host: '127.0.0.1', port: echoPort });
    expect(await roundTrip(socket, 'ping')).toBe('ping');
    expect(open.tunnels).toContain(`127.0.0.1:${echoPort}`);
  });

  it('sends the URL\'s user and password as Basic proxy authorization', async () => {
    const socket = await openTunnel(parseProxyUrl(`http://ada:s3cret@127.0.0.1:${guarded.port}`, 'the proxy setting'), { host: '127.0.0.1', port: echoPort });
    expect(await roundTrip(socket, 'pong')).toBe('pong');
  });

  it('names the proxy, the destination and the fix for a 407', async () => {
    const error = await refusal(openTunnel(parseProxyUrl(guarded.url, 'https_proxy'), { host: '127.0.0.1', port: echoPort }));
    expect(error.status).toBe(407);
    expect(error.message).toBe(
      `proxy 127.0.0.1:${guarded.port} (https_proxy) refused to open a tunnel to 127.0.0.1:${echoPort}: 407 Proxy Authentication Required; it wants a user name and password: give them in the proxy URL (http://user:password@127.0.0.1:${guarded.port})`,
    );
    const wrong = await refusal(openTunnel(parseProxyUrl(`http://ada:nope@127.0.0.1:${guarded.port}`, 'the proxy setting'), { host: '127.0.0.1', port: echoPort }));
    expect(wrong.message).toMatch(/did not accept the user name and password in the proxy URL$/);
    expect(wrong.message).not.toContain('nope');
  });

  it('says when the proxy forbids the destination, and when there is no proxy at all', async () => {
    const forbidden = await refusal(openTunnel(parseProxyUrl(`http://ada:s3cret@127.0.0.1:${guarded.port}`, 'the proxy setting'), { host: '127.0.0.1', port: 1 }));
    expect(forbidden.message).toMatch(/refused to open a tunnel to 127\.0\.0\.1:1: 403 Forbidden; the proxy does not allow this destination/);
    const nobody = await refusal(openTunnel(parseProxyUrl('http://127.0.0.1:1', 'the proxy setting'), { host: '127.0.0.1', port: echoPort }));
    expect(nobody.message).toBe('cannot reach proxy 127.0.0.1:1 (the proxy setting): ECONNREFUSED');
  });

  it('tells a server that is not a proxy from one that is', async () => {
    const web = net.createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n')));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const port = (web.address() as AddressInfo).port;
    const error = await refusal(openTunnel(parseProxyUrl(`http://127.0.0.1:${port}`, 'the proxy setting'), { host: '127.0.0.1', port: echoPort }, 2_000));
    expect(error.message).toMatch(/refused to open a tunnel to 127\.0\.0\.1:\d+: 404 Not Found; is 127\.0\.0\.1:\d+ an HTTP proxy\?$/);
    await new Promise((resolve) => web.close(resolve));
  });
});
