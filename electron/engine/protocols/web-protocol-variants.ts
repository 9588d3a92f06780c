/**
 * Test-only: every way the tests reach the connect-node bench server over a web protocol. Imported only by
 * *.test.ts.
 */
import { afterAll, beforeAll } from 'vitest';
import type { SchemaRegistry } from '../schema';
import { startConnectBenchServer, type ConnectBenchServer, type ConnectBenchServerOptions } from '../testing/connect-bench-server';
import { createWebClient, type WebClient, type WebClientOptions } from './web-client';
import type { HttpVersion, WebCodec, WebProtocol } from './web-protocol';
import { loadBenchSchema } from './web-test-kit';

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

function clientFor(server: ConnectBenchServer, variant: ProtocolVariant, http: HttpVersion | undefined, extra: Partial<WebClientOptions> = {}): WebClient {
  const version = http ?? '2';
  return createWebClient({
    target: variant.viaProxy ? server.proxyUrl(version) : server.url(version),
    protocol: variant.protocol,
    ...(variant.codec ? { codec: variant.codec } : {}),
    ...(http ? { http } : {}),
    tls: false,
    ...extra,
  } as WebClientOptions);
}

export interface ConnectBenchFixture {
  server(): ConnectBenchServer;
  schema(): SchemaRegistry;
  /** A client closed after the file's tests. */
  client(variant: ProtocolVariant, http: HttpVersion | undefined, extra?: Partial<WebClientOptions>): WebClient;
}

/** One connect-node bench server and the bench schema for a test file, with its clients closed at the end. */
export function useConnectBench(options: ConnectBenchServerOptions = {}): ConnectBenchFixture {
  let server: ConnectBenchServer | undefined;
  let schema: SchemaRegistry | undefined;
  const clients: WebClient[] = [];
  beforeAll(async () => {
    [server, schema] = await Promise.all([startConnectBenchServer(options), loadBenchSchema()]);
  });
  afterAll(async () => {
    clients.forEach((client) => client.close());
    await server?.close();
  });
  return {
    server: () => server!,
    schema: () => schema!,
    client(variant, http, extra) {
      const created = clientFor(server!, variant, http, extra);
      clients.push(created);
      return created;
    },
  };
}
