import type http from 'node:http';
import type http2 from 'node:http2';
import { isIP, type Socket } from 'node:net';
import type tls from 'node:tls';
import { RECEIVE_WINDOW_BYTES } from '../channels/credentials';
import { identityOptions, type TlsMaterial } from '../channels/tls-material';
import type { ProxyRoute } from '../proxy';
import { connectThroughProxy, handshake, tunnelingAgent } from './connect-through-proxy';
import { openHttp1Exchange } from './http1-exchange';
import { openHttp2Exchange } from './http2-exchange';
import { nodeHttp, nodeHttp2, nodeHttps, nodeTls } from './node-network';
import { Status } from './status-codes';
import type { ExchangeHandlers, ExchangeRequest, HttpExchange } from './http-exchange';
import type { HttpVersion } from './web-protocol';
import type { WebTarget } from './web-target';

const WINDOW_SETTINGS: http2.Settings = { initialWindowSize: RECEIVE_WINDOW_BYTES };

export interface OriginOptions {
  target: WebTarget;
  /** A forced version. Unset: ALPN decides over TLS (HTTP/2 preferred); plaintext uses HTTP/1.1, since
   * HTTP/2 without TLS needs prior knowledge that the server speaks it (as `buf curl` does). */
  http?: HttpVersion;
  tls?: { material: TlsMaterial; insecureSkipVerify?: boolean };
  /** Overrides the :authority / Host header and, over TLS, the name sent (SNI) and checked. */
  authority?: string;
  /** The HTTP proxy every connection goes through, a CONNECT tunnel each (proxy/proxy-route.ts); unset: direct. */
  proxy?: ProxyRoute;
}

/** The connections to one server: one HTTP/2 session, or a keep-alive pool of HTTP/1.1 sockets. */
export interface HttpOrigin {
  /** The HTTP version calls use, once known. */
  readonly version: HttpVersion | undefined;
  /**
   * What has to happen before `open`: undefined when a request can start at once; else a promise that settles
   * when the version is known (ALPN over TLS) and, through a proxy, an HTTP/2 session is up (a tunnel opens
   * asynchronously, and Node's http2.connect wants its socket at once). Rejects with the connection's error.
   */
  ready(): Promise<void> | undefined;
  /** Starts one request; `ready()` must have settled. */
  open(request: ExchangeRequest, handlers: ExchangeHandlers): HttpExchange;
  close(): void;
}

function tlsSettings(options: OriginOptions): tls.ConnectionOptions {
  const { material, insecureSkipVerify } = options.tls!;
  const name = options.authority ?? options.target.host;
  return {
    ...(material.ca ? { ca: material.ca } : {}),
    // A PEM certificate and its (decrypted) key, or a PKCS#12 bundle and its passphrase.
    ...identityOptions(material),
    // SNI may not be an IP address; the certificate check still uses the name (Node falls back to the host).
    ...(isIP(name) ? {} : { servername: name }),
    ...(options.authority ? { checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => nodeTls().checkServerIdentity(name, cert) } : {}),
    ...(insecureSkipVerify ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {}),
  };
}

/** An exchange that fails at once: a request that found no session through the proxy to start on. */
function failedExchange(handlers: ExchangeHandlers, message: string): HttpExchange {
  queueMicrotask(() => handlers.onError(Status.UNAVAILABLE, message));
  return { write: () => {}, end: () => {}, cancel: () => {} };
}

export function createHttpOrigin(options: OriginOptions): HttpOrigin {
  const { target, proxy } = options;
  const secure = options.tls ? tlsSettings(options) : undefined;
  let version: HttpVersion | undefined = options.http ?? (secure ? undefined : '1.1');
  let preparing: Promise<void> | undefined;
  let session: http2.ClientHttp2Session | undefined;
  let agent: http.Agent | undefined;
  let closed = false;

  const adopt = (created: http2.ClientHttp2Session): http2.ClientHttp2Session => {
    // Errors reach every open stream; without a listener the session's own 'error' would crash the process.
    created.on('error', () => {});
    // The same window as gRPC channels (see RECEIVE_WINDOW_BYTES): the stream's comes with the settings.
    created.once('connect', () => created.setLocalWindowSize(RECEIVE_WINDOW_BYTES));
    const forget = () => {
      if (session === created) session = undefined;
    };
    created.on('close', forget);
    created.on('goaway', forget);
    session = created;
    return created;
  };
  const liveSession = () => (session && !session.closed && !session.destroyed ? session : undefined);
  const sessionOver = (socket: Socket) => adopt(nodeHttp2().connect(target.origin, { settings: WINDOW_SETTINGS, createConnection: () => socket }));

  // Direct HTTP/2 connects synchronously; through a proxy the session comes from ready(), never from here.
  const directSession = (): http2.ClientHttp2Session =>
    adopt(nodeHttp2().connect(target.origin, secure ? { ...secure, settings: WINDOW_SETTINGS, ALPNProtocols: ['h2'] } : { settings: WINDOW_SETTINGS }));

  const currentAgent = (): http.Agent => {
    if (proxy) return (agent ??= tunnelingAgent(proxy, target, secure && { ...secure, ALPNProtocols: ['http/1.1'] }));
    return (agent ??= secure ? new (nodeHttps().Agent)({ keepAlive: true, ...secure, ALPNProtocols: ['http/1.1'] }) : new (nodeHttp().Agent)({ keepAlive: true }));
  };

  /** A connected socket offering `alpn` over TLS: through the proxy's tunnel, or straight to the server. */
  const dial = async (alpn: string[]): Promise<Socket> => {
    const tlsOptions = secure && { ...secure, ALPNProtocols: alpn };
    const socket = proxy ? await connectThroughProxy(proxy, target, tlsOptions) : await handshake({ host: target.host, port: target.port, ...tlsOptions });
    if (!closed) return socket;
    socket.destroy();
    throw new Error('the connection was closed');
  };

  // Over TLS, ALPN says which version the server speaks; an HTTP/2 answer keeps the connection as the session.
  const negotiate = async (): Promise<void> => {
    const socket = (await dial(['h2', 'http/1.1'])) as tls.TLSSocket;
    if (socket.alpnProtocol === 'h2') {
      sessionOver(socket);
      version = '2';
      return;
    }
    socket.destroy();
    version = '1.1';
  };

  /** One preparation at a time, shared by the calls that wait for it; a failed one is tried again by the next call. */
  const prepare = (step: () => Promise<void>): Promise<void> =>
    (preparing ??= step().finally(() => {
      preparing = undefined;
    }));

  return {
    get version() {
      return version;
    },
    ready() {
      if (preparing) return preparing;
      if (!version) return prepare(negotiate);
      if (version === '2' && proxy && !liveSession()) return prepare(async () => void sessionOver(await dial(['h2'])));
      return undefined;
    },
    open(request, handlers) {
      const authority = options.authority ?? (target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`);
      if (version === '2') {
        const current = liveSession() ?? (proxy ? undefined : directSession());
        // Only when the session died between ready() and now; dialing directly would bypass the proxy.
        if (!current) return failedExchange(handlers, `the HTTP/2 connection through proxy ${proxy!.address} closed before the request started`);
        return openHttp2Exchange(current, authority, request, handlers);
      }
      return openHttp1Exchange({ secure: !!secure, host: target.host, port: target.port, authority, agent: currentAgent() }, request, handlers);
    },
    close() {
      closed = true;
      session?.close();
      agent?.destroy();
    },
  };
}
