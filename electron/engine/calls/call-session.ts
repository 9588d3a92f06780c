import type * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { FerryFailure, ferryError, type FerryError, type Result } from '../../../shared/errors';
import type { CallEvent, CallStatus, CallTimings, MetadataEntry } from '../../../shared/model';
import { formatMetadataForTrace, trace } from '../diagnostics/trace';
import type { MethodDescriptor, TypeLookup } from '../schema/method-descriptor';
import { createSessionLog, type MessageDirection, type SessionLog } from '../sessions/session-log';
import { describeStatus } from './call-status';
import { fromGrpcMetadata, toGrpcMetadata } from './metadata';
import { richDetailsFromTrailers } from './status-details';

/** ProtoJSON ↔ wire bytes, injected so the call layer only ever moves bytes (and sizes are exact). */
export interface CallCodec {
  /** Throws (ideally a FerryFailure naming the field path) when the JSON does not fit the type. */
  encode(type: protobuf.Type, json: unknown): Uint8Array;
  decode(type: protobuf.Type, bytes: Uint8Array): unknown;
}

export interface StartCallOptions {
  client: grpc.Client;
  method: MethodDescriptor;
  /**
   * The request of a unary or server-stream call: sent and half-closed at once, so an encode error means no
   * call starts. Client-stream and bidi calls take no `request`; they send with `send()`.
   */
  request?: unknown;
  metadata?: readonly MetadataEntry[];
  /** Deadline relative to the start of the call. */
  deadlineMs?: number;
  codec: CallCodec;
  /** For decoding rich error details (google.rpc.* and the server's own types). */
  types: TypeLookup;
  /** Receives events in batches: at once after a quiet spell, at most one batch per frame (16 ms) under load. */
  onEvents?: (events: CallEvent[]) => void;
  /** Memory bound for message bodies, see `SessionLogOptions.maxRetainedBytes`. */
  maxRetainedBytes?: number;
}

/** One running call of any of the four kinds. */
export interface CallSession {
  readonly method: MethodDescriptor;
  /** Sends one message (client-stream and bidi). Encode errors come back as values; the stream goes on. */
  send(json: unknown): Result<void>;
  /** No more messages from us. Idempotent; unary and server-stream calls are half-closed from the start. */
  halfClose(): void;
  /** Ends the call with CANCELLED (no-op once ended). */
  cancel(): void;
  /** Settles once the call has ended, never rejects. */
  readonly done: Promise<CallStatus>;
  /** The final status, once ended. */
  readonly status: CallStatus | undefined;
  readonly timings: CallTimings;
  events(): readonly CallEvent[];
  /** The exact wire bytes of a message (a copy owned by the session), or undefined if unknown or evicted. */
  messageBytes(direction: MessageDirection, index: number): Uint8Array | undefined;
  /** A message as ProtoJSON, decoded now (nothing is decoded before someone asks). */
  messageJson(direction: MessageDirection, index: number): Result<unknown>;
}

const passThrough = (bytes: Buffer): Buffer => bytes;
// grpc-js may hand us a slice of a 64 KiB read chunk: retaining it would retain the chunk (MACHINE-NOTES.md).
const copyBytes = (bytes: Buffer): Buffer => Buffer.from(bytes);

function failure<T>(error: FerryError): Result<T> {
  return { ok: false, error };
}

function encodeMessage(codec: CallCodec, type: protobuf.Type, json: unknown): Result<Buffer> {
  try {
    // Copied: the codec's output may sit in a shared pool buffer, and the session keeps it.
    return { ok: true, value: Buffer.from(codec.encode(type, json)) };
  } catch (reason) {
    if (reason instanceof FerryFailure) return failure(reason.error);
    const typeName = type.fullName.replace(/^\./, '');
    return failure(ferryError('BAD_INPUT', `invalid ${typeName} message: ${(reason as Error).message}`));
  }
}

/** Starts a call. Bad metadata, a missing request or a request that does not encode are errors; no call starts. */
export function startCall(options: StartCallOptions): Result<CallSession> {
  const { method } = options;
  const singleRequest = method.kind === 'unary' || method.kind === 'server-stream';
  if (singleRequest && options.request === undefined) {
    return failure(ferryError('BAD_INPUT', `${method.fullName} is a ${method.kind} method: it needs a request message`));
  }
  if (!singleRequest && options.request !== undefined) {
    return failure(ferryError('BAD_INPUT', `${method.fullName} is a ${method.kind} method: send its messages with send()`));
  }
  const metadata = toGrpcMetadata(options.metadata ?? []);
  if (!metadata.ok) return metadata;
  let request: Buffer | undefined;
  if (singleRequest) {
    const encoded = encodeMessage(options.codec, method.requestType, options.request);
    if (!encoded.ok) return encoded;
    request = encoded.value;
  }
  return { ok: true, value: openSession(options, metadata.value, request) };
}

function openSession(options: StartCallOptions, metadata: grpc.Metadata, request: Buffer | undefined): CallSession {
  const { client, method, codec } = options;
  const target = client.getChannel().getTarget();
  const log = createSessionLog({ onEvents: options.onEvents, maxRetainedBytes: options.maxRetainedBytes });
  const timings: CallTimings = {};
  const state = { halfClosed: false, statusReceived: false, readEnded: false, ended: false };
  let grpcStatus: grpc.StatusObject | undefined;
  let contentType: string | undefined;
  let finalStatus: CallStatus | undefined;
  let resolveDone: (status: CallStatus) => void = () => {};
  const done = new Promise<CallStatus>((resolve) => (resolveDone = resolve));

  log.record({ type: 'call.started', method: method.fullName, target });
  trace('call', () => `start ${method.path} on ${target} [${formatMetadataForTrace(options.metadata ?? [])}]`);
  const callOptions: grpc.CallOptions = options.deadlineMs !== undefined ? { deadline: Date.now() + options.deadlineMs } : {};
  // One session for all four kinds: on the wire they differ only in how many messages each side sends. A
  // request given up front goes out with grpc-js's server-stream call, which sends it and half-closes in one
  // step (measured: the writable-stream path costs about 10% of a loopback unary call).
  const duplex = request === undefined ? client.makeBidiStreamRequest(method.path, passThrough, copyBytes, metadata, callOptions) : undefined;
  const call = duplex ?? client.makeServerStreamRequest(method.path, passThrough, copyBytes, request!, metadata, callOptions);

  call.on('metadata', (headers: grpc.Metadata) => {
    timings.headersMs = log.elapsed();
    contentType = headers.get('content-type')[0]?.toString();
    log.record({ type: 'call.headers-received', metadata: fromGrpcMetadata(headers) });
  });
  call.on('data', (bytes: Buffer) => {
    timings.firstMessageMs ??= log.elapsed();
    const index = log.storeMessage('received', bytes);
    log.record({ type: 'call.message-received', index, size: bytes.byteLength });
  });
  // The status also arrives as 'status'; without an 'error' listener the stream would throw.
  call.on('error', () => {});
  call.on('status', (status: grpc.StatusObject) => {
    grpcStatus = status;
    state.statusReceived = true;
    finishWhenDrained();
  });
  // grpc-js emits 'status' right after pushing the end of the stream; 'end' fires once every message was read.
  call.on('end', () => {
    state.readEnded = true;
    finishWhenDrained();
  });

  function finishWhenDrained(): void {
    if (state.ended || !grpcStatus || !state.readEnded) return;
    state.ended = true;
    const sawHeaders = timings.headersMs !== undefined;
    const trailers = fromGrpcMetadata(grpcStatus.metadata);
    // A trailers-only response has no headers; a call that never reached the server has neither.
    if (sawHeaders || trailers.length > 0) log.record({ type: 'call.trailers-received', metadata: trailers });
    const details = richDetailsFromTrailers(grpcStatus.metadata, options.types, codec.decode);
    const responses = log.messageCount('received');
    finalStatus = describeStatus(grpcStatus, { kind: method.kind, target, responses, sawHeaders, contentType, details });
    timings.totalMs = log.elapsed();
    log.record({ type: 'call.ended', status: finalStatus, timings: { ...timings } });
    log.flush();
    trace('call', () => `end ${method.path}: ${finalStatus!.name} ${finalStatus!.message} (${timings.totalMs!.toFixed(1)} ms)`);
    resolveDone(finalStatus);
  }

  function write(bytes: Buffer): void {
    const index = log.storeMessage('sent', bytes);
    if (duplex) duplex.write(bytes);
    log.record({ type: 'call.message-sent', index, size: bytes.byteLength });
  }

  function halfClose(): void {
    if (state.halfClosed || state.statusReceived) return;
    state.halfClosed = true;
    duplex?.end();
    log.record({ type: 'call.half-closed' });
  }

  function send(json: unknown): Result<void> {
    if (request !== undefined) return failure(ferryError('FAILED_PRECONDITION', `${method.fullName} is a ${method.kind} method: its request was given at start`));
    if (state.statusReceived) return failure(ferryError('FAILED_PRECONDITION', 'the call has already ended'));
    if (state.halfClosed) return failure(ferryError('FAILED_PRECONDITION', 'the call is half-closed: no more messages can be sent'));
    const encoded = encodeMessage(codec, method.requestType, json);
    if (!encoded.ok) return encoded;
    write(encoded.value);
    return { ok: true, value: undefined };
  }

  function cancel(): void {
    if (state.statusReceived) return;
    log.record({ type: 'call.cancelled' });
    call.cancel();
  }

  function messageJson(direction: MessageDirection, index: number): Result<unknown> {
    return decodeStored(log, codec, direction === 'sent' ? method.requestType : method.responseType, direction, index);
  }

  if (request !== undefined) {
    write(request);
    halfClose();
  }

  return {
    method,
    send,
    halfClose,
    cancel,
    done,
    get status() {
      return finalStatus;
    },
    get timings() {
      return { ...timings };
    },
    events: () => log.events(),
    messageBytes: (direction, index) => log.messageBytes(direction, index),
    messageJson,
  };
}

function decodeStored(log: SessionLog, codec: CallCodec, type: protobuf.Type, direction: MessageDirection, index: number): Result<unknown> {
  const bytes = log.messageBytes(direction, index);
  if (!bytes) {
    const why = index >= 0 && index < log.messageCount(direction) ? 'its body was dropped to bound memory' : 'there is no such message';
    return failure(ferryError('BAD_INPUT', `${direction} message ${index}: ${why}`));
  }
  try {
    return { ok: true, value: codec.decode(type, bytes) };
  } catch (reason) {
    if (reason instanceof FerryFailure) return failure(reason.error);
    const typeName = type.fullName.replace(/^\./, '');
    return failure(ferryError('SCHEMA_ERROR', `${direction} message ${index} does not decode as ${typeName}: ${(reason as Error).message}`));
  }
}
