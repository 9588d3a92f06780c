/**
 * One call through the engine facade, as the CLI makes it (`ferry call`, `ferry run`): nothing is kept
 * (keepSession: false), every message arrives decoded in its live event, and a `-d` sequence is sent one
 * message at a time, so a bad one is named ("message 2 of 3: …").
 */
import type { EnvironmentChoice, FerryApi, FerryEvent } from '../../shared/api';
import { err, fail, FerryFailure, unwrap } from '../../shared/errors';
import { isClientStreaming, type CallEvent, type CallKind, type ConnectionInfo, type MetadataEntry } from '../../shared/model';
import { inMessage, placeInRequest, withoutLeadingDot, type RequestSource } from '../engine';

export type EndedEvent = Extract<CallEvent, { type: 'call.ended' }>;

export interface EngineCallRequest {
  connectionId: string;
  method: string;
  /** The method's kind when the schema names it; absent, the engine's startCall reports the unknown method. */
  kind?: CallKind;
  /** JSON text of each message; a client or bidi stream may take them as they are read (`-d @-`). */
  messages: string[] | AsyncIterable<string>;
  /** Where each message came from (given whole or streamed), to place an error about one of its fields. */
  source?: RequestSource;
  metadata: MetadataEntry[];
  deadlineMs?: number;
  emitDefaults?: boolean;
  /** `ferry call --env`: the engine fills `{{variables}}` in, and adds the environment's metadata. */
  variables?: EnvironmentChoice;
  /** Every batch of the call's live events, as it arrives. */
  onEvents(events: CallEvent[]): void;
}

/**
 * The kind of `method` in an opened connection's schema: `pkg.Service/Method` or `pkg.Service.Method`, or
 * without the package (`Service/Method`, `Method`) when only one method matches, as the engine resolves it.
 */
export function methodKind(info: ConnectionInfo, method: string): CallKind | undefined {
  const name = withoutLeadingDot(method).replace('/', '.');
  const matches = info.services.flatMap((service) => service.methods).filter((m) => m.fullName === name || m.fullName.endsWith(`.${name}`));
  const exact = matches.find((m) => m.fullName === name);
  return exact?.kind ?? (matches.length === 1 ? matches[0]!.kind : undefined);
}

function checkMessageCount(request: EngineCallRequest): void {
  const { kind, messages } = request;
  if (kind !== undefined && !isClientStreaming(kind) && Array.isArray(messages) && messages.length > 1) {
    fail('BAD_INPUT', `${request.method} is a ${kind} method and takes one request message, but ${messages.length} were given`);
  }
}

/** A started call: its id, its end, and the subscription to drop when done with it. */
export interface OpenedCall {
  callId: string;
  /** Resolves with the call's `call.ended` event. */
  ended: Promise<EndedEvent>;
  /** Stops delivering events; call once the call has ended or been given up. */
  close(): void;
}

/**
 * Starts a call through the facade and delivers its live events; for client and bidi streams the caller
 * then sends with `sendMessage` and half-closes (see `runEngineCall`, or grpcurl mode's streamed `-d @`).
 * `body` is the request of a unary or server-stream call.
 */
export async function openEngineCall(api: FerryApi, request: Omit<EngineCallRequest, 'messages'>, body?: string): Promise<OpenedCall> {
  let callId: string | undefined;
  // Events can only arrive after startCall answers (the engine batches them), but hold any that come first.
  const early: FerryEvent[] = [];
  let resolveEnd: (event: EndedEvent) => void = () => undefined;
  const ended = new Promise<EndedEvent>((resolve) => (resolveEnd = resolve));
  const deliver = (event: FerryEvent): void => {
    if (event.type !== 'call.events' || event.callId !== callId) return;
    request.onEvents(event.events);
    const last = event.events[event.events.length - 1];
    if (last?.type === 'call.ended') resolveEnd(last);
  };
  const unsubscribe = api.onEvent((event) => (callId === undefined ? early.push(event) : deliver(event)));
  try {
    const started = unwrap(
      await api.startCall({
        connectionId: request.connectionId,
        method: request.method,
        metadata: request.metadata,
        keepSession: false,
        inlineMessageBytes: Number.MAX_SAFE_INTEGER,
        ...(request.emitDefaults && { emitDefaults: true }),
        ...(request.deadlineMs !== undefined && { deadlineMs: request.deadlineMs }),
        ...(body !== undefined && { body }),
        ...(request.variables && { variables: request.variables }),
      }),
    );
    callId = started.callId;
  } catch (reason) {
    unsubscribe();
    throw reason;
  }
  early.splice(0).forEach(deliver);
  return { callId, ended, close: unsubscribe };
}

/** Runs one call to its end and answers its `call.ended` event. */
export async function runEngineCall(api: FerryApi, request: EngineCallRequest): Promise<EndedEvent> {
  checkMessageCount(request);
  const streaming = request.kind === undefined || isClientStreaming(request.kind);
  let call: OpenedCall;
  try {
    call = await openEngineCall(api, request, streaming ? undefined : await firstMessage(request.messages));
  } catch (reason) {
    throw reason instanceof FerryFailure ? new FerryFailure(placeInRequest(reason.error, request.source, 0)) : reason;
  }
  try {
    if (streaming) await sendAll(api, call.callId, request.messages, request.source);
    return await call.ended;
  } finally {
    call.close();
  }
}

async function firstMessage(messages: string[] | AsyncIterable<string>): Promise<string> {
  if (Array.isArray(messages)) return messages[0] ?? '{}';
  for await (const message of messages) return message;
  return '{}';
}

/** Sends each message as it comes (a bad one is named, and the call cancelled), then half-closes. */
async function sendAll(api: FerryApi, callId: string, messages: string[] | AsyncIterable<string>, source: RequestSource | undefined): Promise<void> {
  const count = Array.isArray(messages) ? messages.length : undefined;
  let i = 0;
  try {
    for await (const body of messages) {
      const sent = await api.sendMessage(callId, body);
      if (!sent.ok) unwrap(err(inMessage(placeInRequest(sent.error, source, i), i, count)));
      i++;
    }
  } catch (reason) {
    await api.cancelCall(callId);
    throw reason;
  }
  await api.halfClose(callId);
}
