/**
 * `ferry mock --web-port`: the schema's methods for browsers, over gRPC-Web (binary and text) and Connect
 * (unary and streaming, proto and json), with CORS. Routing and the HTTP edge live here; each call goes to the
 * same method mock as a gRPC call (mock-call.ts), so cases, `when`, metadata, delays, statuses, templates and
 * the report are the gRPC listener's. Bidi streams need HTTP/2 (an HTTP/1.1 request body ends before its answer
 * starts, as browsers send it); client streams are read whole, so they work over HTTP/1.1 too.
 */
import type { CallKind, MetadataEntry } from '../../../shared/model';
import { GRPC_STATUS } from '../../../shared/util';
import { failureEnd } from '../protocols/start-web-call';
import { isProtocolRequestHeader, metadataFromHeaders, type HeaderPairs } from '../protocols/web-metadata';
import type { MethodDescriptor } from '../schema';
import type { MockCallInput, MockCallSink, MockCallStart } from './mock-call';
import { listenHttp, type HttpListener, type WebRequest, type WebResponse } from './mock-http-listener';
import { corsHeaders, exposedHeaders, preflightHeaders } from './mock-web-cors';
import { connectGetWire, mockWebWire, type HeaderOf, type MockWebWire } from './mock-web-wires';

/** What answers one path: a method's mock (shared with the gRPC listener), or server reflection. */
export interface WebRoute {
  readonly kind: CallKind;
  /** The method's message types, which Connect's json codec needs; reflection has none (it speaks proto). */
  readonly method?: MethodDescriptor;
  start(call: MockCallStart, sink: MockCallSink): MockCallInput;
}

export interface MockWebOptions {
  host: string;
  port: number;
  tls?: { cert: Buffer; key: Buffer };
  /** What answers each path (`/pkg.Service/Method`). */
  routes: ReadonlyMap<string, WebRoute>;
}

/** What a browser sends on its own, which no app means as metadata (the report would fill with it). */
const BROWSER_HEADERS = /^(?:origin|referer|accept-language|cache-control|pragma|priority|dnt|sec-.*|access-control-request-.*)$/;

const HOW_TO_CALL = '/package.Service/Method, or a Connect GET of a unary method (?encoding=json&message=…)';
const ALLOWED_METHODS = 'GET, POST, OPTIONS';

/** setTimeout's longest delay; a longer deadline would fire at once. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

const headerOf =
  (request: WebRequest): HeaderOf =>
  (name) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };

/** The call's metadata, as grpc-js gives a gRPC call's: `-bin` values in base64, each value of a repeated header. */
function requestMetadata(request: WebRequest): MetadataEntry[] {
  const pairs: HeaderPairs = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) pairs.push([request.rawHeaders[i]!.toLowerCase(), request.rawHeaders[i + 1]!]);
  return metadataFromHeaders(pairs, (name) => isProtocolRequestHeader(name) || BROWSER_HEADERS.test(name));
}

// Node's HTTP/1.1 and HTTP/2 (compatibility API) responses have the same methods with different overloads,
// which TypeScript cannot call through their union: the few used here are typed once.
interface Response {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Buffer): unknown;
  end(chunk?: Buffer | string): unknown;
  readonly headersSent: boolean;
}
const asResponse = (response: WebResponse): Response => response as unknown as Response;

/** An answer that is no call (a preflight, a wrong method or content type): a status and a line of text. */
function plainAnswer(response: Response, httpStatus: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(httpStatus, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  response.end(text);
}

/**
 * Writes a call's answer in the wire's framing: the HTTP status, content type and the case's headers go with
 * the first bytes (each exposed to the page by CORS); Connect unary's message waits for the end, whose
 * trailers are headers too.
 */
function answerSink(response: Response, wire: MockWebWire, gone: () => boolean): MockCallSink {
  let metadata: Record<string, string> = {};
  let held: Buffer | undefined;
  /** The answer's head, once: its status, the case's headers and the wire's own, each exposed to the page. */
  const head = (httpStatus: number, contentType: string, own: Record<string, string> = {}) => {
    if (response.headersSent) return;
    const headers = { ...metadata, ...own };
    const names = Object.keys(headers);
    response.writeHead(httpStatus, { ...headers, 'content-type': contentType, ...(names.length > 0 && { 'access-control-expose-headers': exposedHeaders(names) }) });
  };
  return {
    headers(entries) {
      metadata = Object.fromEntries(entries.map(({ key, value }) => [key, value]));
    },
    message(bytes) {
      if (gone()) return;
      if (wire.holdsMessage) return void (held = wire.frame(bytes));
      head(200, wire.contentType);
      response.write(wire.frame(bytes));
    },
    end(status) {
      if (gone()) return;
      const last = wire.end(status);
      head(last.httpStatus, last.contentType, last.headers);
      response.end(held && last.httpStatus === 200 ? Buffer.concat([held, last.body]) : last.body);
    },
  };
}

/** The web front end of one call: the body's messages and its end go in, the answer comes out; a deadline or a client gone stops it. */
function serveCall(request: WebRequest, response: WebResponse, route: WebRoute, wire: MockWebWire): void {
  let closed = false;
  const start = { metadata: requestMetadata(request), protocol: wire.protocol, ...(wire.timeoutMs !== undefined && { deadlineMs: wire.timeoutMs }) };
  const input = route.start(start, answerSink(asResponse(response), wire, () => closed));
  const timer = wire.timeoutMs === undefined ? undefined : setTimeout(() => input.cancel({ code: GRPC_STATUS.DEADLINE_EXCEEDED, message: 'Deadline exceeded' }), Math.min(wire.timeoutMs, LONGEST_TIMER_MS));
  response.on('close', () => {
    closed = true;
    clearTimeout(timer);
    input.cancel();
  });
  let failed = false;
  const guarded = (step: () => void) => {
    if (failed) return;
    try {
      step();
    } catch (reason) {
      // A body that does not read (bad framing, JSON that does not fit, too large) ends the call with why.
      failed = true;
      input.cancel(failureEnd(reason));
    }
  };
  const body = wire.reader((bytes) => input.request(bytes));
  request.on('data', (chunk: Buffer) => guarded(() => body.push(chunk)));
  request.on('end', () =>
    guarded(() => {
      body.end();
      input.halfClose();
    }),
  );
  request.on('error', () => input.cancel());
}

const contentTypesOf = (kind: CallKind): string =>
  kind === 'unary' ? 'application/proto or application/json (Connect), application/grpc-web or application/grpc-web-text' : 'application/connect+proto or application/connect+json (Connect), application/grpc-web or application/grpc-web-text';

interface Refusal {
  httpStatus: number;
  text: string;
  headers?: Record<string, string>;
}

/** Why a request in a web protocol still cannot be a call of its route; undefined when it can. */
function refusalOf(route: WebRoute, wire: MockWebWire, name: string, httpVersion: string): Refusal | undefined {
  if (!wire.carries(route.kind)) return { httpStatus: 415, text: `ferry mock: ${name} is a ${route.kind} method, sent as ${contentTypesOf(route.kind)}` };
  if (wire.codec === 'json' && !route.method) return { httpStatus: 415, text: `ferry mock: ${name} is answered in proto only (application/connect+proto, application/grpc-web)` };
  // As connect-node answers; closing the connection unblocks a client that waits to stream.
  if (route.kind === 'bidi' && httpVersion.startsWith('1.')) return { httpStatus: 505, text: `ferry mock: ${name} is a bidi method, which needs HTTP/2; this request came over HTTP/${httpVersion}`, headers: { connection: 'close' } };
  return undefined;
}

/** Routes one HTTP request: a preflight, a call of a method, or an answer saying what the mock serves. */
function handle(routes: ReadonlyMap<string, WebRoute>, request: WebRequest, webResponse: WebResponse): void {
  const header = headerOf(request);
  const response = asResponse(webResponse);
  for (const [name, value] of Object.entries(corsHeaders(header))) webResponse.setHeader(name, value);
  if (request.method === 'OPTIONS') {
    response.writeHead(204, preflightHeaders(header));
    response.end();
    return;
  }
  const [path = '/', search = ''] = (request.url ?? '/').split('?');
  const route = routes.get(path);
  const get = request.method === 'GET' ? connectGetWire(new URLSearchParams(search), header, route?.method) : undefined;
  if (request.method !== 'POST' && !get) return plainAnswer(response, 405, `ferry mock answers gRPC-Web and Connect calls: POST ${HOW_TO_CALL}\n`, { allow: ALLOWED_METHODS });
  const wire = get ?? mockWebWire(header, route?.method);
  if (!wire) return plainAnswer(response, 415, `ferry mock: content-type "${header('content-type') ?? ''}" is neither gRPC-Web nor Connect (${contentTypesOf(route?.kind ?? 'unary')})\n`);
  const name = path.slice(1);
  if (!route) return answerSink(response, wire, () => false).end({ code: GRPC_STATUS.UNIMPLEMENTED, message: `ferry mock: the schema has no method ${name}` });
  if (get && route.kind !== 'unary') return plainAnswer(response, 405, `ferry mock: ${name} is a ${route.kind} method; Connect's GET carries unary calls only\n`, { allow: 'POST, OPTIONS' });
  const refusal = refusalOf(route, wire, name, request.httpVersion);
  if (refusal) return plainAnswer(response, refusal.httpStatus, `${refusal.text}\n`, refusal.headers);
  serveCall(request, webResponse, route, wire);
}

/** Listens for gRPC-Web and Connect calls of `routes` on the host and port (TLS with `tls`). */
export function listenMockWeb(options: MockWebOptions): Promise<HttpListener> {
  const handler = (request: WebRequest, response: WebResponse) => {
    try {
      handle(options.routes, request, response);
    } catch (reason) {
      // A bug answers this request with one line; thrown from an HTTP handler it would end the mock with a stack trace.
      const plain = asResponse(response);
      if (!plain.headersSent) plainAnswer(plain, 500, `ferry mock: internal error: ${(reason as Error).message}\n`);
    }
  };
  return listenHttp({ host: options.host, port: options.port, ...(options.tls && { tls: options.tls }), handler });
}
