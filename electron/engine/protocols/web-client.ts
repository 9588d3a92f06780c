import { fail } from '../../../shared/errors';
import { connectionAdvice } from '../channels/connection-advice';
import type { ConnectionOptions } from '../channels/credentials';
import { readTlsMaterial } from '../channels/tls-material';
import { proxyRoute } from '../proxy';
import { connectStreamWire } from './connect-stream-wire';
import { connectUnaryWire } from './connect-unary-wire';
import { grpcWebWire } from './grpc-web-wire';
import { createHttpOrigin, type HttpOrigin } from './http-origin';
import { startWebCall } from './start-web-call';
import type { WireAdapter, WireSettings } from './wire-adapter';
import type { HttpVersion, WebCall, WebCallHandlers, WebCallOptions, WebCodec, WebProtocol } from './web-protocol';
import { parseWebTarget, type WebTarget } from './web-target';

/** grpc-js's default receive limit, so one request fails the same way over every protocol. */
export const DEFAULT_MAX_RECEIVE_BYTES = 4 * 1024 * 1024;

export type WebClientOptions = ConnectionOptions & {
  /** A URL (`https://host/prefix`) or `host:port`. */
  target: string;
  protocol: WebProtocol;
  /** Connect only (default `proto`). */
  codec?: WebCodec;
  /** Unset: ALPN over TLS, HTTP/1.1 in plaintext. */
  http?: HttpVersion;
};

/** One connection's worth of web-protocol calls: one target, protocol and set of TLS settings. */
export interface WebClient {
  readonly protocol: WebProtocol;
  readonly codec: WebCodec;
  readonly target: WebTarget;
  /** The HTTP version in use, once known (negotiated by ALPN on the first call when not forced). */
  readonly httpVersion: HttpVersion | undefined;
  /** Starts a call; bad metadata and calls the protocol cannot carry fail here, before anything is sent. */
  start(options: WebCallOptions, handlers: WebCallHandlers): WebCall;
  /** No new calls; the HTTP connections close once the running calls have ended. */
  close(): void;
}

function wireFor(protocol: WebProtocol, codec: WebCodec, unary: boolean, settings: WireSettings): WireAdapter {
  if (protocol === 'connect') return unary ? connectUnaryWire(codec, settings) : connectStreamWire(codec, settings);
  return grpcWebWire(protocol === 'grpc-web-text', settings);
}

/** Bad targets, codecs, TLS files and proxy URLs fail here, before any call. */
export function createWebClient(options: WebClientOptions): WebClient {
  const codec = options.codec ?? 'proto';
  if (codec === 'json' && options.protocol !== 'connect') {
    fail('BAD_INPUT', `the json codec is only supported with --protocol connect (${options.protocol} uses proto)`);
  }
  const target = parseWebTarget(options.target, options.tls);
  const material = options.tls ? readTlsMaterial(options) : undefined;
  const authority = options.authority;
  // The route is chosen once per client: the environment is read when the connection is made, as grpc-js reads it.
  const proxy = proxyRoute(options.proxy, { host: target.host, port: target.port }, connectionAdvice().proxySetting);
  const origin: HttpOrigin = createHttpOrigin({
    target,
    ...(options.http ? { http: options.http } : {}),
    ...(options.tls && material ? { tls: { material, insecureSkipVerify: options.insecureSkipVerify } } : {}),
    ...(authority ? { authority } : {}),
    ...(proxy && { proxy }),
  });
  const maxReceiveBytes = options.maxReceiveMessageBytes ?? DEFAULT_MAX_RECEIVE_BYTES;
  // Closing lets running calls finish, as a pooled gRPC channel closes with its last user.
  let active = 0;
  let closing = false;
  const letGo = () => {
    active--;
    if (closing && active === 0) origin.close();
  };
  return {
      protocol: options.protocol,
      codec,
      target,
      get httpVersion() {
        return origin.version;
      },
      start(call, handlers) {
        const callCodec = options.protocol === 'connect' ? call.codec ?? codec : 'proto';
        if (callCodec === 'json' && !call.json) fail('BAD_INPUT', 'a connect call with the json codec needs the method\'s message types');
        const settings: WireSettings = { maxReceiveBytes, ...(options.compression ? { compression: options.compression } : {}), ...(callCodec === 'json' ? { json: call.json } : {}) };
        const adapter = wireFor(options.protocol, callCodec, call.kind === 'unary', settings);
        if (closing) fail('UNAVAILABLE', 'the connection was closed');
        const started = startWebCall({ origin, protocol: options.protocol, prefix: target.prefix, adapter }, call, { ...handlers, onEnd: (end) => (handlers.onEnd(end), letGo()) });
        active++;
        return started;
      },
      close() {
        closing = true;
        if (active === 0) origin.close();
      },
  };
}
