/**
 * The server's side of gRPC-Web and Connect for `ferry mock`: which protocol a request's content type asks
 * for, how its body splits into request messages, and how an answer is framed. The pieces are the ones the
 * engine's own client reads and writes (engine/protocols): envelopes, gzip, base64 chunks, the gRPC-Web
 * trailer frame, Connect's error JSON and end-stream message, ProtoJSON for Connect's json codec. Trailers
 * and error details go where each protocol puts them: the trailer frame (with `grpc-status-details-bin`),
 * Connect unary's `trailer-` headers and its error's `details`, Connect's end-stream `metadata` and `error`.
 */
import { fail } from '../../../shared/errors';
import type { CallKind, MetadataEntry } from '../../../shared/model';
import { GRPC_STATUS } from '../../../shared/util';
import { STATUS_DETAILS_KEY } from '../calls/status-details';
import { createJsonWire, DEFAULT_MAX_RECEIVE_BYTES, type JsonWire, type WebProtocol } from '../protocols';
import { createBase64ChunkDecoder } from '../protocols/base64-chunks';
import { connectErrorJson } from '../protocols/connect-error';
import { parseConnectTimeout } from '../protocols/connect-stream-wire';
import { createEnvelopeReader, encodeEnvelope, FLAG_COMPRESSED, FLAG_END_STREAM, FLAG_TRAILERS } from '../protocols/envelope';
import { trailerFramePayload } from '../protocols/grpc-web-trailers';
import { parseGrpcTimeout } from '../protocols/grpc-web-wire';
import { decompress } from '../protocols/message-compression';
import { httpStatusForConnectCode } from '../protocols/status-codes';
import type { HeaderPairs } from '../protocols/web-metadata';
import type { MethodDescriptor } from '../schema';
import type { MockStatus } from './mock-call';

/** What a request's body reader is fed; either may throw a FerryFailure (a body that does not read). */
export interface BodyReader {
  push(chunk: Buffer): void;
  /** The body is over: a message cut short fails here. */
  end(): void;
}

/** What differs between gRPC-Web (binary, text), Connect streaming and Connect unary on the mock's side. */
export interface MockWebWire {
  readonly protocol: WebProtocol;
  /** Connect's json carries ProtoJSON text; every other wire protobuf bytes. */
  readonly codec: 'proto' | 'json';
  /** The content type of an answer that carries messages. */
  readonly contentType: string;
  /** Whether this content type carries methods of this kind (Connect's unary types only unary methods, and the reverse). */
  carries(kind: CallKind): boolean;
  /** The deadline the request names (connect-timeout-ms, grpc-timeout), in milliseconds. */
  readonly timeoutMs: number | undefined;
  /** Splits the request body into request messages (protobuf bytes). */
  reader(onMessage: (bytes: Buffer) => void): BodyReader;
  /** One response message (protobuf bytes) as it goes into the body. */
  frame(bytes: Uint8Array): Buffer;
  /**
   * Whether the response message waits for the end (Connect unary: its trailers are headers, known only
   * then); otherwise each message is written as it comes.
   */
  readonly holdsMessage: boolean;
  /** The answer's last bytes, and its head for an answer that has sent nothing before. */
  end(status: MockStatus): WireEnd;
}

/** How an answer ends: its last bytes, and what goes in its head when nothing was sent before. */
export interface WireEnd {
  httpStatus: number;
  contentType: string;
  /** Headers of the wire's own (Connect unary's `trailer-` ones). */
  headers?: Record<string, string>;
  body: Buffer;
}

/** A request header's value, by lower-case name. */
export type HeaderOf = (name: string) => string | undefined;

/** What the mock takes from a client, as grpc-js's server does by default. */
const MAX_REQUEST_BYTES = DEFAULT_MAX_RECEIVE_BYTES;
const EMPTY = Buffer.alloc(0);

/** Connect's json codec, from the mock's side: response bytes out as ProtoJSON text, the request's JSON in as bytes. */
function jsonWireOf(method: MethodDescriptor | undefined, codec: 'proto' | 'json'): JsonWire | undefined {
  return codec === 'json' && method ? createJsonWire(method.responseType, method.requestType, { whose: "the request's", code: 'INVALID_ARGUMENT' }) : undefined;
}

const pairsOf = (metadata: readonly MetadataEntry[] = []): HeaderPairs => metadata.map(({ key, value }) => [key, value]);

/** Connect's error object for a status: its code, message and details. */
const connectError = (status: MockStatus) => connectErrorJson(status.code, status.message, status.details?.connect);

const inbound = (json: JsonWire | undefined, bytes: Buffer): Buffer => (json ? Buffer.from(json.fromWire(bytes)) : bytes);
const outbound = (json: JsonWire | undefined, bytes: Uint8Array): Buffer => (json ? Buffer.from(json.toWire(bytes)) : Buffer.from(bytes));

/** Enveloped request messages (gRPC-Web, Connect streaming), each inflated and turned into protobuf bytes. */
function envelopedBody(onMessage: (bytes: Buffer) => void, encoding: string | undefined, json?: JsonWire): BodyReader {
  const envelopes = createEnvelopeReader((flags, payload) => {
    // End-stream and trailer envelopes are the server's to send: a client's would mean nothing here.
    if (flags & (FLAG_END_STREAM | FLAG_TRAILERS)) return;
    onMessage(inbound(json, flags & FLAG_COMPRESSED ? decompress(payload, encoding, MAX_REQUEST_BYTES, 'client') : payload));
  }, MAX_REQUEST_BYTES);
  return {
    push: (chunk) => envelopes.push(chunk),
    end() {
      if (envelopes.pendingBytes > 0) fail('INVALID_ARGUMENT', 'the request body ended in the middle of a message');
    },
  };
}

/** The request body read whole (Connect unary), bounded as one message is. */
function wholeBody(onBody: (body: Buffer) => void): BodyReader {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    push(chunk) {
      size += chunk.byteLength;
      if (size > MAX_REQUEST_BYTES) fail('RESOURCE_EXHAUSTED', `Received message larger than max (more than ${MAX_REQUEST_BYTES} bytes)`);
      chunks.push(chunk);
    },
    end: () => onBody(Buffer.concat(chunks, size)),
  };
}

/** What Connect's unary and streaming wires share: the codec, the deadline header, and which kinds each carries. */
function connectWire(codec: 'proto' | 'json', unary: boolean, header: HeaderOf): Pick<MockWebWire, 'protocol' | 'codec' | 'carries' | 'timeoutMs'> {
  return { protocol: 'connect', codec, carries: (kind) => (kind === 'unary') === unary, timeoutMs: parseConnectTimeout(header('connect-timeout-ms')) };
}

/** A Connect GET's message, from its query rather than a body. */
interface QueryMessage {
  bytes: Buffer;
  compression: string | undefined;
}

/**
 * Connect unary: the whole body is the one message, compressed with HTTP's Content-Encoding; or, for a GET,
 * the message its query carries.
 */
function connectUnary(codec: 'proto' | 'json', header: HeaderOf, method: MethodDescriptor | undefined, query?: QueryMessage): MockWebWire {
  const contentType = `application/${codec}`;
  const json = jsonWireOf(method, codec);
  const encoding = query ? query.compression : header('content-encoding');
  const messageOf = (raw: Buffer): Buffer => {
    const body = encoding && encoding !== 'identity' ? decompress(raw, encoding, MAX_REQUEST_BYTES, 'client') : raw;
    // An empty body is the empty message, in JSON too (where `{}` would be its text).
    return body.byteLength === 0 ? EMPTY : inbound(json, body);
  };
  return {
    ...connectWire(codec, true, header),
    contentType,
    // A GET has no body: the query's message goes in when the (empty) request ends.
    reader: (onMessage) => (query ? { push: () => undefined, end: () => onMessage(messageOf(query.bytes)) } : wholeBody((raw) => onMessage(messageOf(raw)))),
    frame: (bytes) => outbound(json, bytes),
    holdsMessage: true,
    // A unary answer is its message and OK, or an error alone: the error's HTTP status and Connect's JSON body;
    // either way the trailers are headers, each prefixed `trailer-`.
    end: (status) => {
      const headers = Object.fromEntries(pairsOf(status.trailers).map(([key, value]) => [`trailer-${key}`, value]));
      return status.code === GRPC_STATUS.OK
        ? { httpStatus: 200, contentType, headers, body: EMPTY }
        : { httpStatus: httpStatusForConnectCode(status.code), contentType: 'application/json', headers, body: Buffer.from(JSON.stringify(connectError(status))) };
    },
  };
}

/** Connect streaming: enveloped messages both ways, the answer closed by an end-stream message holding any error. */
function connectStream(codec: 'proto' | 'json', header: HeaderOf, method: MethodDescriptor | undefined): MockWebWire {
  const contentType = `application/connect+${codec}`;
  const json = jsonWireOf(method, codec);
  const encoding = header('connect-content-encoding');
  return {
    ...connectWire(codec, false, header),
    contentType,
    reader: (onMessage) => envelopedBody(onMessage, encoding, json),
    frame: (bytes) => encodeEnvelope(0, outbound(json, bytes)),
    holdsMessage: false,
    end: (status) => {
      // End-stream metadata maps each key to its list of values.
      const metadata: Record<string, string[]> = {};
      for (const [key, value] of pairsOf(status.trailers)) (metadata[key] ??= []).push(value);
      const endStream = { ...(status.code !== GRPC_STATUS.OK && { error: connectError(status) }), ...(status.trailers && status.trailers.length > 0 && { metadata }) };
      return { httpStatus: 200, contentType, body: encodeEnvelope(FLAG_END_STREAM, Buffer.from(JSON.stringify(endStream))) };
    },
  };
}

/**
 * gRPC-Web: gRPC's envelopes in the body and the status in a last envelope flagged 0x80 (always sent, so
 * every answer is 200 with a body). The text variant is base64 both ways; each frame is encoded on its own
 * (padding mid-body, as the engine's client and grpc-web's own decoder read it), so a message reaches the
 * client when it is written rather than when the next one completes its base64 group.
 */
function grpcWeb(text: boolean, header: HeaderOf): MockWebWire {
  const contentType = text ? 'application/grpc-web-text+proto' : 'application/grpc-web+proto';
  const encoding = header('grpc-encoding');
  const encoded = (frame: Buffer): Buffer => (text ? Buffer.from(frame.toString('base64'), 'latin1') : frame);
  return {
    protocol: text ? 'grpc-web-text' : 'grpc-web',
    codec: 'proto',
    contentType,
    carries: () => true,
    timeoutMs: parseGrpcTimeout(header('grpc-timeout')),
    reader(onMessage) {
      const envelopes = envelopedBody(onMessage, encoding);
      if (!text) return envelopes;
      const base64 = createBase64ChunkDecoder('client');
      return {
        push: (chunk) => envelopes.push(base64.push(chunk)),
        end() {
          if (base64.pendingChars > 0) fail('INVALID_ARGUMENT', 'the grpc-web-text request ended in the middle of a base64 group');
          envelopes.end();
        },
      };
    },
    frame: (bytes) => encoded(encodeEnvelope(0, bytes)),
    holdsMessage: false,
    end: (status) => {
      const trailers = pairsOf(status.trailers);
      if (status.details) trailers.push([STATUS_DETAILS_KEY, Buffer.from(status.details.status).toString('base64')]);
      return { httpStatus: 200, contentType, body: encoded(encodeEnvelope(FLAG_TRAILERS, trailerFramePayload(status.code, status.message, trailers))) };
    },
  };
}

/**
 * Connect's GET, which connect-es sends for side-effect-free unary methods when asked to (`useHttpGet`), so a
 * browser can cache the answer: the message in the query's `message` (percent-encoded, or URL-safe base64 with
 * `base64=1`), its codec in `encoding`, its compression in `compression`. Undefined for a GET that is not a
 * Connect call (a browser visiting the port).
 */
export function connectGetWire(query: URLSearchParams, header: HeaderOf, method: MethodDescriptor | undefined): MockWebWire | undefined {
  const codec = query.get('encoding');
  const message = query.get('message');
  if ((codec !== 'json' && codec !== 'proto') || message === null) return undefined;
  const bytes = query.get('base64') === '1' ? Buffer.from(message, 'base64url') : Buffer.from(message, 'utf8');
  return connectUnary(codec, header, method, { bytes, compression: query.get('compression') ?? undefined });
}

/**
 * The wire a request's content type asks for (parameters such as `; charset=utf-8` aside), or undefined for
 * one that is neither gRPC-Web nor Connect. `method` gives Connect's json codec its types; without it (an
 * unknown method) the wire only answers a status.
 */
export function mockWebWire(header: HeaderOf, method: MethodDescriptor | undefined): MockWebWire | undefined {
  const type = header('content-type')?.split(';')[0]?.trim().toLowerCase();
  switch (type) {
    case 'application/proto':
    case 'application/json':
      return connectUnary(type === 'application/json' ? 'json' : 'proto', header, method);
    case 'application/connect+proto':
    case 'application/connect+json':
      return connectStream(type === 'application/connect+json' ? 'json' : 'proto', header, method);
    case 'application/grpc-web':
    case 'application/grpc-web+proto':
      return grpcWeb(false, header);
    case 'application/grpc-web-text':
    case 'application/grpc-web-text+proto':
      return grpcWeb(true, header);
    default:
      return undefined;
  }
}
