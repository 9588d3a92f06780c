/**
 * Connections through an HTTP proxy for the web protocols and token endpoints: a CONNECT tunnel to the server,
 * then TLS over it when the server has TLS. The proxy sees the server's host and port and encrypted bytes only;
 * the server's certificate is checked against its own name, as on a direct connection. Plaintext HTTP goes
 * through a tunnel too (as grpc-js sends it), not as absolute-URI requests to the proxy.
 */
import type http from 'node:http';
import type { Socket } from 'node:net';
import type tls from 'node:tls';
import { openTunnel, type Destination, type ProxyRoute } from '../proxy';
import { nodeHttp, nodeHttps, nodeTls } from './node-network';

/** The host and port an http(s) URL dials (its scheme's default port when it names none), as a route and a CONNECT take them. */
export function destinationOf(url: URL): Destination {
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) };
}

/** tls.connect, settled once the handshake is done; a failed one rejects with OpenSSL's error as Node words it. */
export function handshake(options: tls.ConnectionOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = nodeTls().connect(options);
    const failed = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.once('error', failed);
    socket.once('secureConnect', () => {
      socket.removeListener('error', failed);
      resolve(socket);
    });
  });
}

/**
 * A socket to `destination` through the proxy `route`, TLS over the tunnel when `secure` is given (its
 * `servername` and checks as for a direct connection). Rejects with a ProxyTunnelError, or the TLS error.
 */
export async function connectThroughProxy(route: ProxyRoute, destination: Destination, secure: tls.ConnectionOptions | undefined, timeoutMs?: number): Promise<Socket> {
  const tunnel = await openTunnel(route, destination, timeoutMs);
  // `host` is what the certificate is checked against when no servername is set (an IP address has none).
  return secure ? handshake({ ...secure, socket: tunnel, host: destination.host }) : tunnel;
}

/**
 * A keep-alive HTTP/1.1 agent whose every socket is a tunnel through `route`. Node's Agent takes a socket
 * handed to `createConnection`'s callback later, so the request waits for the tunnel (and the handshake);
 * a failure reaches the request's 'error' with the ProxyTunnelError's own sentence.
 */
export function tunnelingAgent(route: ProxyRoute, destination: Destination, secure: tls.ConnectionOptions | undefined): http.Agent {
  // https.request refuses an agent whose protocol is not https:, although the socket is ours either way.
  const agent = secure ? new (nodeHttps().Agent)({ keepAlive: true }) : new (nodeHttp().Agent)({ keepAlive: true });
  agent.createConnection = (_options, callback) => {
    connectThroughProxy(route, destination, secure).then(
      (socket) => callback?.(null, socket),
      (error: Error) => callback?.(error, undefined as never),
    );
    return undefined;
  };
  return agent;
}
