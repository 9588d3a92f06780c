/**
 * Test-only: every way the tests reach the connect-node bench server over a web protocol. Imported only by
 * *.test.ts.
 */
import { unwrap } from '../../../shared/errors';
import type { ConnectBenchServer } from '../testing/connect-bench-server';
import { createWebClient, type WebClient, type WebClientOptions } from './web-client';
import type { HttpVersion, WebCodec, WebProtocol } from './web-protocol';

export interface ProtocolVariant {
  name: string;
  protocol: WebProtocol;
  codec?: WebCodec;
  /** Through @grpc-web/middleware rather than connect-node's own gRPC-Web handler. */
  viaProxy?: boolean;
  /**
   * The server can take client streams over HTTP/2. Not so for grpc-web-text through @grpc-web/middleware:
   * it decodes the request as one base64 string and stops at the first message's padding, while Ferry
   * encodes each message on its own so the server can read it at once (as Envoy decodes it).
   */
  clientStreams: boolean;
}

export const VARIANTS: readonly ProtocolVariant[] = [
  { name: 'grpc-web', protocol: 'grpc-web', clientStreams: true },
  { name: 'grpc-web (@grpc-web/middleware)', protocol: 'grpc-web', viaProxy: true, clientStreams: true },
  { name: 'grpc-web-text (@grpc-web/middleware)', protocol: 'grpc-web-text', viaProxy: true, clientStreams: false },
  { name: 'connect+proto', protocol: 'connect', codec: 'proto', clientStreams: true },
  { name: 'connect+json', protocol: 'connect', codec: 'json', clientStreams: true },
];

export const HTTP_VERSIONS: readonly HttpVersion[] = ['1.1', '2'];

export function clientFor(server: ConnectBenchServer, variant: ProtocolVariant, http: HttpVersion | undefined, extra: Partial<WebClientOptions> = {}): WebClient {
  const version = http ?? '2';
  return unwrap(createWebClient({
    target: variant.viaProxy ? server.proxyUrl(version) : server.url(version),
    protocol: variant.protocol,
    ...(variant.codec ? { codec: variant.codec } : {}),
    ...(http ? { http } : {}),
    tls: false,
    ...extra,
  } as WebClientOptions));
}
