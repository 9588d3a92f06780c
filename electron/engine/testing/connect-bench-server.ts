/**
 * The bench service (protos/ferry/testing/v1/bench.proto, same behaviour as bench-server.ts) served by
 * servers nobody here wrote, for the gRPC-Web and Connect tests and benchmarks:
 * - `@connectrpc/connect-node`: one handler answers gRPC, gRPC-Web (binary) and Connect (proto and json),
 *   with a registry built at test time from protoc's FileDescriptorSet (no generated code);
 * - `@grpc-web/middleware` in front of it: a second gRPC-Web implementation, the one that speaks
 *   grpc-web-text (connect-node answers 415 to it), translating to gRPC on the connect server's HTTP/2 port.
 * Plaintext listens on one port per HTTP version (h2c needs prior knowledge); TLS on one port for both (ALPN).
 * Reflection (v1 and v1alpha) is @grpc/reflection's, mounted through grpc-reflection-bridge.ts.
 */
import { createFileRegistry, fromBinary, toBinary, type DescMessage, type DescService, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import middleware from '@grpc-web/middleware';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeBenchDescriptorSet } from './bench-descriptor-set';
import { createReflectionBridges } from './grpc-reflection-bridge';

export type HttpVersion = '1.1' | '2';

export interface ConnectBenchServerOptions {
  tls?: {
    cert: Buffer;
    key: Buffer;
    /** Require client certificates signed by this CA. */
    clientCa?: Buffer;
    /** Offer only HTTP/1.1 in ALPN (an HTTPS server without HTTP/2), for connect-node's own port. */
    http1Only?: boolean;
  };
  /** Serve reflection v1 and v1alpha (default true). */
  reflection?: boolean;
  /** Serve under this path prefix (e.g. `/api`), as behind a gateway; the URLs then end with it (plain gRPC,
   * which has no prefix, then finds nothing). */
  pathPrefix?: string;
}

export interface ConnectBenchServer {
  /** Base URL of connect-node for the web protocols (`http://127.0.0.1:<port>` or `https://…`). */
  url(http: HttpVersion): string;
  /** Base URL of @grpc-web/middleware in front of connect-node (gRPC-Web binary and text). */
  proxyUrl(http: HttpVersion): string;
  /** `127.0.0.1:<port>` of connect-node over HTTP/2 (TLS when the server has it), for plain gRPC clients. */
  grpcTarget: string;
  /** `gzipRequests`: calls whose request messages came gzip-compressed. */
  stats: { calls: number; cancelled: number; gzipRequests: number };
  close(): Promise<void>;
}

type Msg = Record<string, unknown>;
type Server = http.Server | https.Server | http2.Http2Server | http2.Http2SecureServer;

/** Transport headers that are not user metadata, so the echo methods send back only what the caller set. */
const TRANSPORT_HEADERS = /^(?::|grpc-|connect-|x-grpc-web$|x-user-agent$|host$|connection$|keep-alive$|te$|content-|accept$|accept-encoding$|user-agent$|transfer-encoding$)/;

function echoHeaders(context: HandlerContext, prefix: string, into: Headers): void {
  context.requestHeader.forEach((value, key) => {
    if (!TRANSPORT_HEADERS.test(key)) into.append(`${prefix}${key}`, value);
  });
}

function richDetails(registry: FileRegistry): Array<{ desc: DescMessage; value: Msg }> {
  const detail = (typeName: string, value: Msg) => ({ desc: registry.getMessage(typeName)!, value });
  return [
    detail('google.rpc.ErrorInfo', { reason: 'BENCH_FAILURE', domain: 'bench.ferry.test', metadata: { attempt: '1' } }),
    detail('google.rpc.BadRequest', { fieldViolations: [{ field: 'message', description: 'must not be empty' }] }),
    detail('google.rpc.RetryInfo', { retryDelay: { seconds: 2n, nanos: 500_000_000 } }),
    detail('google.rpc.DebugInfo', { stackEntries: ['connect-bench-server.ts:1'], detail: 'thrown on purpose' }),
    detail('ferry.testing.v1.Node', { name: 'custom-detail' }),
  ];
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => resolve(true), ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve(false)), { once: true });
  });
}

function benchImplementation(registry: FileRegistry, stats: ConnectBenchServer['stats']) {
  const payload = (size: unknown) => new Uint8Array(Math.max(0, Number(size) || 0)).fill(0x61);
  const counted = (context: HandlerContext) => {
    stats.calls++;
    const encoding = ['grpc-encoding', 'connect-content-encoding', 'content-encoding'].map((name) => context.requestHeader.get(name));
    if (encoding.includes('gzip')) stats.gzipRequests++;
    context.signal.addEventListener('abort', () => stats.cancelled++, { once: true });
  };
  return {
    echo(req: Msg, context: HandlerContext) {
      counted(context);
      echoHeaders(context, 'echo-', context.responseHeader);
      echoHeaders(context, 'trailer-echo-', context.responseTrailer);
      return { message: req.message, payload: payload(req.payloadSize) };
    },
    fail(req: Msg, context: HandlerContext) {
      counted(context);
      const code = (Number(req.code) || Code.InvalidArgument) as Code;
      throw new ConnectError(String(req.message || 'bench failure'), code, undefined, richDetails(registry));
    },
    async slow(req: Msg, context: HandlerContext) {
      counted(context);
      await sleep(Number(req.delayMs), context.signal);
      return { message: 'slow done' };
    },
    async *serverStream(req: Msg, context: HandlerContext) {
      counted(context);
      const body = payload(req.payloadSize);
      for (let index = 0; index < Number(req.count) && !context.signal.aborted; index++) {
        if (Number(req.failAfter) > 0 && index === Number(req.failAfter)) throw new ConnectError(`failed after ${index} responses`, Code.Internal);
        yield { message: req.message, index, payload: body };
        if (Number(req.intervalMs) > 0) await sleep(Number(req.intervalMs), context.signal);
      }
    },
    async clientStream(requests: AsyncIterable<Msg>, context: HandlerContext) {
      counted(context);
      const messages: string[] = [];
      for await (const req of requests) messages.push(String(req.message));
      return { message: messages.join(','), index: messages.length };
    },
    async *bidi(requests: AsyncIterable<Msg>, context: HandlerContext) {
      counted(context);
      let index = 0;
      for await (const req of requests) yield { message: req.message, index: index++, payload: payload(req.payloadSize) };
    },
    inspect(req: Msg, context: HandlerContext) {
      counted(context);
      return req;
    },
  };
}

function mountReflection(router: ConnectRouter, registry: FileRegistry): void {
  for (const bridge of createReflectionBridges()) {
    const service = registry.getService(bridge.path.split('/')[1]!) as DescService;
    const method = service.methods[0]!;
    router.rpc(method, async function* (requests: AsyncIterable<Msg>) {
      const bytes = (async function* () {
        for await (const req of requests) yield toBinary(method.input, req as never);
      })();
      for await (const answer of bridge.handle(bytes)) yield fromBinary(method.output, answer);
    } as never);
  }
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // http2 servers wait for open sessions, http servers for keep-alive sockets: a test must not hang on them.
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

function secureServer(tls: NonNullable<ConnectBenchServerOptions['tls']>, handler: http.RequestListener): http2.Http2SecureServer | https.Server {
  const clientAuth = tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {};
  if (tls.http1Only) return https.createServer({ cert: tls.cert, key: tls.key, ...clientAuth }, handler);
  return http2.createSecureServer({ cert: tls.cert, key: tls.key, allowHTTP1: true, ...clientAuth }, handler as never);
}

export async function startConnectBenchServer(options: ConnectBenchServerOptions = {}): Promise<ConnectBenchServer> {
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, makeBenchDescriptorSet()));
  const stats = { calls: 0, cancelled: 0, gzipRequests: 0 };
  const bench = registry.getService('ferry.testing.v1.Bench')!;
  const prefix = options.pathPrefix ?? '';
  const handler = connectNodeAdapter({
    ...(prefix && { requestPathPrefix: prefix }),
    // The registry lets connect-node's JSON codec read and write Any values of the bench's own types.
    jsonOptions: { registry },
    routes: (router) => {
      router.service(bench, benchImplementation(registry, stats) as never);
      if (options.reflection !== false) mountReflection(router, registry);
    },
  });
  const sessions = new Set<http2.ServerHttp2Session>();
  const track = (server: http2.Http2Server | http2.Http2SecureServer) => server.on('session', (s) => (sessions.add(s), s.on('close', () => sessions.delete(s))));
  const h2c = http2.createServer(handler as never);
  track(h2c);
  const grpcPort = await listen(h2c);
  const proxy = middleware(`http://127.0.0.1:${grpcPort}`);
  const proxyHandler: http.RequestListener = (req, res) => proxy(req, res, () => ((res.statusCode = 404), res.end()));
  const servers: Server[] = [h2c];
  const start = async (server: Server) => (servers.push(server), listen(server));
  let url: (version: HttpVersion) => string;
  let proxyUrl: (version: HttpVersion) => string;
  let grpcTarget = `127.0.0.1:${grpcPort}`;
  if (options.tls) {
    const main = secureServer(options.tls, handler);
    const front = secureServer({ ...options.tls, http1Only: false }, proxyHandler);
    for (const server of [main, front]) if (!(server instanceof https.Server)) track(server);
    const [mainPort, frontPort] = [await start(main), await start(front)];
    url = () => `https://127.0.0.1:${mainPort}${prefix}`;
    proxyUrl = () => `https://127.0.0.1:${frontPort}${prefix}`;
    grpcTarget = `127.0.0.1:${mainPort}`;
  } else {
    const h1 = await start(http.createServer(handler));
    const frontH1 = await start(http.createServer(proxyHandler));
    const frontH2 = http2.createServer(proxyHandler as never);
    track(frontH2);
    const frontH2Port = await start(frontH2);
    url = (version) => `http://127.0.0.1:${version === '2' ? grpcPort : h1}${prefix}`;
    proxyUrl = (version) => `http://127.0.0.1:${version === '2' ? frontH2Port : frontH1}${prefix}`;
  }
  return {
    url,
    proxyUrl,
    grpcTarget,
    stats,
    close: async () => {
      for (const session of sessions) session.destroy();
      await Promise.all(servers.map(close));
    },
  };
}
