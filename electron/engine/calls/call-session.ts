import type protobuf from 'protobufjs';
import { FerryFailure, err, fail, ferryError, ok, unwrap, type Result } from '../../../shared/errors';
import { isClientStreaming, isServerStreaming, type CallEvent, type CallStatus, type CallTimings, type MessageDirection, type MetadataEntry } from '../../../shared/model';
import { formatMetadataForTrace, trace } from '../diagnostics/trace';
import type { MethodDescriptor, TypeLookup } from '../schema/method-descriptor';
import { createSessionRecorder, createTransientStore, type SessionRecorder, type SessionStore } from '../sessions';
import type { CallCodec } from './call-codec';
import { typeName } from '../codec';
import { describeStatus } from './call-status';
import type { OpenCallTransport, TransportStatus } from './call-transport';
import { decodeStatusDetails } from './status-details';

export interface StartCallOptions {
  transport: OpenCallTransport;
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
  /** Receives events in batches: the first `batchIntervalMs` after the start, then at once after a quiet spell, at most one per `batchIntervalMs` under load. */
  onEvents?: (events: CallEvent[]) => void;
  /** Minimum time between two batches (default 16 ms, one display frame; 0: one batch per I/O turn). */
  batchIntervalMs?: number;
  /** Where events and bodies are kept; default: nowhere beyond the live batch (a transient store). */
  store?: SessionStore;
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
  readonly eventCount: number;
  /** The recorded event with this sequence number (from 1); undefined past the end or when nothing is kept. */
  event(seq: number): CallEvent | undefined;
  messageCount(direction: MessageDirection): number;
  /** The exact wire bytes of a message, or undefined if unknown, evicted or not kept. */
  messageBytes(direction: MessageDirection, index: number): Uint8Array | undefined;
  /** A message as ProtoJSON, decoded when first asked (the last one decoded each way is kept); do not change it. */
  messageJson(direction: MessageDirection, index: number): Result<unknown>;
}

function encodeMessage(codec: CallCodec, type: protobuf.Type, json: unknown): Result<Uint8Array> {
  try {
    return ok(codec.encode(type, json));
  } catch (reason) {
    if (reason instanceof FerryFailure) return err(reason.error);
    return err(ferryError('BAD_INPUT', `invalid ${typeName(type)} message: ${(reason as Error).message}`));
  }
}

/** Starts a call. Throws on bad metadata, a missing request or a request that does not encode: no call starts. */
export function startCall(options: StartCallOptions): CallSession {
  const { method } = options;
  const single = !isClientStreaming(method.kind);
  if (single && options.request === undefined) fail('BAD_INPUT', `${method.fullName} is a ${method.kind} method: it needs a request message`);
  if (!single && options.request !== undefined) fail('BAD_INPUT', `${method.fullName} is a ${method.kind} method: send its messages with send()`);
  return openSession(options, single ? unwrap(encodeMessage(options.codec, method.requestType, options.request)) : undefined);
}

function openSession(options: StartCallOptions, request: Uint8Array | undefined): CallSession {
  const { method, codec } = options;
  const log: SessionRecorder = createSessionRecorder({
    store: options.store ?? createTransientStore(),
    ...(options.onEvents && { onEvents: options.onEvents }),
    ...(options.batchIntervalMs !== undefined && { batchIntervalMs: options.batchIntervalMs }),
    singleResponse: !isServerStreaming(method.kind),
  });
  const timings: CallTimings = {};
  const state: SessionState = { halfClosed: request !== undefined, ended: false, status: undefined };
  let contentType: string | undefined;
  let resolveDone: (status: CallStatus) => void = () => {};
  const done = new Promise<CallStatus>((resolve) => (resolveDone = resolve));

  const transport = options.transport(
    { path: method.path, metadata: options.metadata ?? [], ...(options.deadlineMs !== undefined && { deadlineMs: options.deadlineMs }), ...(request && { request }) },
    {
      headers(metadata) {
        timings.headersMs = log.elapsed();
        contentType = metadata.find((entry) => entry.key === 'content-type')?.value;
        log.record({ type: 'call.headers-received', metadata });
      },
      message(bytes) {
        timings.firstMessageMs ??= log.elapsed();
        const index = log.storeMessage('received', bytes);
        log.record({ type: 'call.message-received', index, size: bytes.byteLength });
      },
      end: finish,
    },
  );
  log.record({ type: 'call.started', method: method.fullName, target: transport.target });
  trace('call', () => `start ${method.path} on ${transport.target} [${formatMetadataForTrace(options.metadata ?? [])}]`);

  function finish(status: TransportStatus): void {
    if (state.ended) return;
    state.ended = true;
    const sawHeaders = timings.headersMs !== undefined;
    // A trailers-only response has no headers; a call that never reached the server has neither.
    if (sawHeaders || status.trailers.length > 0) log.record({ type: 'call.trailers-received', metadata: status.trailers });
    const details = status.details ? decodeStatusDetails(status.details, options.types, codec.decode) : [];
    const responses = log.messageCount('received');
    const finalStatus = describeStatus(status, { kind: method.kind, target: transport.target, responses, sawHeaders, details, ...(contentType !== undefined && { contentType }) });
    state.status = finalStatus;
    timings.totalMs = log.elapsed();
    const { protocol, httpVersion } = transport;
    log.record({ type: 'call.ended', status: finalStatus, timings: { ...timings }, protocol, ...(httpVersion && { httpVersion }) });
    log.flush();
    trace('call', () => `end ${method.path}: ${finalStatus.name} ${finalStatus.message} (${timings.totalMs!.toFixed(1)} ms)`);
    resolveDone(finalStatus);
  }

  function recordSent(bytes: Uint8Array): void {
    const index = log.storeMessage('sent', bytes);
    log.record({ type: 'call.message-sent', index, size: bytes.byteLength });
  }

  function halfClose(): void {
    if (state.halfClosed || state.ended) return;
    state.halfClosed = true;
    transport.halfClose();
    log.record({ type: 'call.half-closed' });
  }

  function send(json: unknown): Result<void> {
    if (request !== undefined) return err(ferryError('FAILED_PRECONDITION', `${method.fullName} is a ${method.kind} method: its request was given at start`));
    if (state.ended) return err(ferryError('FAILED_PRECONDITION', 'the call has already ended'));
    if (state.halfClosed) return err(ferryError('FAILED_PRECONDITION', 'the call is half-closed: no more messages can be sent'));
    const encoded = encodeMessage(codec, method.requestType, json);
    if (!encoded.ok) return encoded;
    recordSent(encoded.value);
    transport.send(encoded.value);
    return ok(undefined);
  }

  function cancel(): void {
    if (state.ended) return;
    log.record({ type: 'call.cancelled' });
    // Delivered now: a release follows a cancel at once, and a released store can no longer give back the
    // events of a batch still waiting to leave.
    log.flush();
    transport.cancel();
  }

  if (request !== undefined) {
    recordSent(request);
    log.record({ type: 'call.half-closed' });
  }

  return new LiveSession({ method, codec, log, timings, state, done, send, halfClose, cancel });
}

interface SessionState {
  halfClosed: boolean;
  ended: boolean;
  /** The final status, once ended. */
  status: CallStatus | undefined;
}

/** What the session object reads and calls of the wiring `openSession` set up. */
interface SessionParts {
  method: MethodDescriptor;
  codec: CallCodec;
  log: SessionRecorder;
  timings: CallTimings;
  state: SessionState;
  done: Promise<CallStatus>;
  send(json: unknown): Result<void>;
  halfClose(): void;
  cancel(): void;
}

// A class, not an object literal with getters: V8 makes such a literal a dictionary-mode object, several hundred
// bytes more per call and slower to read (see docs/PERFORMANCE.md).
class LiveSession implements CallSession {
  readonly method: MethodDescriptor;
  readonly done: Promise<CallStatus>;
  readonly send: (json: unknown) => Result<void>;
  readonly halfClose: () => void;
  readonly cancel: () => void;
  // The last message decoded each way: the live event, the history entry and the first getMessage of a unary
  // response all ask for the same one. Callers share the value and must not change it.
  private readonly lastDecoded: Record<MessageDirection, { index: number; json: Result<unknown> } | undefined> = { sent: undefined, received: undefined };

  constructor(private readonly parts: SessionParts) {
    this.method = parts.method;
    this.done = parts.done;
    this.send = parts.send;
    this.halfClose = parts.halfClose;
    this.cancel = parts.cancel;
  }

  get status(): CallStatus | undefined {
    return this.parts.state.status;
  }

  get timings(): CallTimings {
    return { ...this.parts.timings };
  }

  get eventCount(): number {
    return this.parts.log.eventCount;
  }

  event(seq: number): CallEvent | undefined {
    return this.parts.log.event(seq);
  }

  messageCount(direction: MessageDirection): number {
    return this.parts.log.messageCount(direction);
  }

  messageBytes(direction: MessageDirection, index: number): Uint8Array | undefined {
    return this.parts.log.messageBytes(direction, index);
  }

  /** A field, not a method: front ends pass it on as a function (e.g. to inline message bodies in events). */
  readonly messageJson = (direction: MessageDirection, index: number): Result<unknown> => {
    const last = this.lastDecoded[direction];
    if (last?.index === index) return last.json;
    const { log, codec, method } = this.parts;
    const json = decodeStored(log, codec, direction === 'sent' ? method.requestType : method.responseType, direction, index);
    if (json.ok) this.lastDecoded[direction] = { index, json };
    return json;
  };
}

function decodeStored(log: SessionRecorder, codec: CallCodec, type: protobuf.Type, direction: MessageDirection, index: number): Result<unknown> {
  const bytes = log.messageBytes(direction, index);
  if (!bytes) {
    const why = index >= 0 && index < log.messageCount(direction) ? 'its body is no longer kept (see the eviction notice)' : 'there is no such message';
    return err(ferryError('BAD_INPUT', `${direction} message ${index}: ${why}`));
  }
  try {
    return ok(codec.decode(type, bytes));
  } catch (reason) {
    if (reason instanceof FerryFailure) return err(reason.error);
    return err(ferryError('SCHEMA_ERROR', `${direction} message ${index} does not decode as ${typeName(type)}: ${(reason as Error).message}`));
  }
}
