import type http from 'node:http';
import type http2 from 'node:http2';
import { isIP } from 'node:net';
import type tls from 'node:tls';
import { RECEIVE_WINDOW_BYTES, type TlsMaterial } from '../channels/credentials';
import { openHttp1Exchange } from './http1-exchange';
import { openHttp2Exchange } from './http2-exchange';
import { nodeHttp, nodeHttp2, nodeHttps, nodeTls } from './node-network';
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
}

/** The connections to one server: one HTTP/2 session, or a keep-alive pool of HTTP/1.1 sockets. */
export interface HttpOrigin {
  /** The HTTP version calls use, once known. */
  readonly version: HttpVersion | undefined;
  /** Connects when ALPN has to decide; rejects with the connection error. */
  resolveVersion(): Promise<HttpVersion>;
  /** Starts one request; the version must be resolved. */
  open(request: ExchangeRequest, handlers: ExchangeHandlers): HttpExchange;
  close(): void;
}

function tlsSettings(options: OriginOptions): tls.ConnectionOptions {
  const { material, insecureSkipVerify } = options.tls!;
  const name = options.authority ?? options.target.host;
  return {
    ...(material.ca ? { ca: material.ca } : {}),
    ...(material.cert ? { cert: material.cert } : {}),
    ...(material.key ? { key: material.key } : {}),
    // SNI may not be an IP address; the certificate check still uses the name (Node falls back to the host).
    ...(isIP(name) ? {} : { servername: name }),
    ...(options.authority ? { checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => nodeTls().checkServerIdentity(name, cert) } : {}),
    ...(insecureSkipVerify ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {}),
  };
}

export function createHttpOrigin(options: OriginOptions): HttpOrigin {
  const { target } = options;
  const secure = options.tls ? tlsSettings(options) : undefined;
  let version: HttpVersion | undefined = options.http ?? (secure ? undefined : '1.1');
  let negotiating: Promise<HttpVersion> | undefined;
  let session: http2.ClientHttp2Session | undefined;
  let agent: http.Agent | undefined;

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

  const currentSession = (): http2.ClientHttp2Session => {
    if (session && !session.closed && !session.destroyed) return session;
    return adopt(nodeHttp2().connect(target.origin, secure ? { ...secure, settings: WINDOW_SETTINGS, ALPNProtocols: ['h2'] } : { settings: WINDOW_SETTINGS }));
  };

  const currentAgent = (): http.Agent =>
    (agent ??= secure ? new (nodeHttps().Agent)({ keepAlive: true, ...secure, ALPNProtocols: ['http/1.1'] }) : new (nodeHttp().Agent)({ keepAlive: true }));

  const negotiate = (): Promise<HttpVersion> =>
    new Promise((resolve, reject) => {
      const socket = nodeTls().connect({ host: target.host, port: target.port, ...secure, ALPNProtocols: ['h2', 'http/1.1'] });
      socket.once('error', reject);
      socket.once('secureConnect', () => {
        socket.removeListener('error', reject);
        if (socket.alpnProtocol === 'h2') {
          adopt(nodeHttp2().connect(target.origin, { settings: WINDOW_SETTINGS, createConnection: () => socket }));
          return resolve('2');
        }
        socket.destroy();
        resolve('1.1');
      });
    });

  return {
    get version() {
      return version;
    },
    resolveVersion() {
      if (version) return Promise.resolve(version);
      negotiating ??= negotiate().then(
        (found) => (version = found),
        (reason: unknown) => {
          negotiating = undefined;
          throw reason;
        },
      );
      return negotiating;
    },
    open(request, handlers) {
      const authority = options.authority ?? (target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`);
      if (version === '2') return openHttp2Exchange(currentSession(), authority, request, handlers);
      return openHttp1Exchange({ secure: !!secure, host: target.host, port: target.port, authority, agent: currentAgent() }, request, handlers);
    },
    close() {
      session?.close();
      agent?.destroy();
    },
  };
}
