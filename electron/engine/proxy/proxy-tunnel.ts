/**
 * A TCP tunnel through an HTTP proxy (HTTP CONNECT, RFC 9110 §9.3.6): the socket that comes back is a plain
 * connection to the destination, ready for TLS or HTTP as a direct one would be.
 */
import type { Socket } from 'node:net';
import { nodeHttp } from '../protocols/node-network';
import type { Destination, ProxyRoute } from './proxy-route';

/** Why no tunnel came: a sentence naming the proxy and the destination, and the setting likely at fault. */
export class ProxyTunnelError extends Error {
  constructor(
    message: string,
    /** The proxy's HTTP status, when it answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProxyTunnelError';
  }
}

/** `host:port` as CONNECT and Host name it (IPv6 in brackets). */
export function authorityOf(destination: Destination): string {
  return destination.host.includes(':') ? `[${destination.host}]:${destination.port}` : `${destination.host}:${destination.port}`;
}

function refusal(route: ProxyRoute, where: string, status: number, reason: string): string {
  const said = `proxy ${route.address} (${route.source}) refused to open a tunnel to ${where}: ${status} ${reason}`.trimEnd();
  if (status === 407) {
    return route.credentials === undefined
      ? `${said}; it wants a user name and password: give them in the proxy URL (http://user:password@${route.address})`
      : `${said}; it did not accept the user name and password in the proxy URL`;
  }
  if (status === 403) return `${said}; the proxy does not allow this destination (or this port)`;
  // What a web server that is no proxy answers a CONNECT with.
  if ([400, 404, 405, 501].includes(status)) return `${said}; is ${route.address} an HTTP proxy?`;
  return said;
}

/** Opens a tunnel to `destination`; rejects with a ProxyTunnelError after `timeoutMs` or on any failure. */
export function openTunnel(route: ProxyRoute, destination: Destination, timeoutMs = 20_000): Promise<Socket> {
  const where = authorityOf(destination);
  const headers: Record<string, string> = { host: where };
  if (route.credentials !== undefined) headers['proxy-authorization'] = `Basic ${Buffer.from(route.credentials).toString('base64')}`;
  return new Promise((resolve, reject) => {
    const request = nodeHttp().request({ host: route.host, port: route.port, method: 'CONNECT', path: where, headers, agent: false, setHost: false });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new ProxyTunnelError(`proxy ${route.address} (${route.source}) did not open a tunnel to ${where} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    // Node reports every answer to a CONNECT here, a refusal too.
    request.once('connect', (response, socket, head) => {
      clearTimeout(timer);
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        socket.destroy();
        reject(new ProxyTunnelError(refusal(route, where, status, response.statusMessage ?? ''), status));
        return;
      }
      // Bytes the proxy sent after its answer belong to the destination's side of the tunnel.
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    request.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new ProxyTunnelError(`cannot reach proxy ${route.address} (${route.source}): ${error.code ?? error.message}`));
    });
    request.end();
  });
}
