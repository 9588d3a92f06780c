/**
 * Validators for everything the engine pushes: FerryEvent and the call events inside it. Unknown fields
 * are tolerated here (see ObjectRules): a receiver must not drop a whole batch because the engine added
 * a field the UI does not read yet.
 */
import type { CallEvent, CallStatus, CallTimings, ConnectivityState, MetadataEntry, RichErrorDetail } from '../../model';
import { GRPC_STATUS_NAMES } from '../../util';
import type { FerryEvent, SkippedEvents } from '../ferry-api';
import { anything, arrayOf, literal, number, object, optional, string, taggedUnion, type Shape, type Validator } from './guards';

function record<T>(shape: Shape<T>): Validator<T> {
  return object<T>(shape, { allowUnknownFields: true });
}

const count = number({ integer: true, min: 0 });
const millis = number({ min: 0 });

const metadataEntry = record<MetadataEntry>({ key: string(), value: string() });
const metadata = arrayOf(metadataEntry);

const richErrorDetail = record<RichErrorDetail>({
  typeUrl: string(),
  type: string(),
  value: optional(anything),
  raw: optional(string()),
});

const callStatus = record<CallStatus>({
  code: count,
  name: literal(...GRPC_STATUS_NAMES),
  message: string(),
  details: arrayOf(richErrorDetail),
});

const callTimings = record<CallTimings>({
  headersMs: optional(millis),
  firstMessageMs: optional(millis),
  totalMs: optional(millis),
});

// Every call event carries these; spread into each variant's shape.
const base = { seq: number({ integer: true, min: 1 }), timeMs: millis };

export const callEventValidator = taggedUnion<CallEvent, 'type'>('type', {
  'call.started': record({ ...base, type: literal('call.started'), method: string(), target: string() }),
  'call.headers-received': record({ ...base, type: literal('call.headers-received'), metadata }),
  'call.message-sent': record<Extract<CallEvent, { type: 'call.message-sent' }>>({ ...base, type: literal('call.message-sent'), index: count, size: count, message: optional(anything), messageError: optional(string()) }),
  'call.message-received': record<Extract<CallEvent, { type: 'call.message-received' }>>({ ...base, type: literal('call.message-received'), index: count, size: count, message: optional(anything), messageError: optional(string()) }),
  'call.half-closed': record({ ...base, type: literal('call.half-closed') }),
  'call.cancelled': record({ ...base, type: literal('call.cancelled') }),
  'call.trailers-received': record({ ...base, type: literal('call.trailers-received'), metadata }),
  'call.ended': record<Extract<CallEvent, { type: 'call.ended' }>>({
    ...base,
    type: literal('call.ended'),
    status: callStatus,
    timings: callTimings,
    protocol: optional(literal('grpc', 'grpc-web', 'grpc-web-text', 'connect')),
    httpVersion: optional(literal('1.1', '2')),
  }),
});

const connectivityState: Validator<ConnectivityState> = literal('IDLE', 'CONNECTING', 'READY', 'TRANSIENT_FAILURE', 'SHUTDOWN');

const skippedEvents = record<SkippedEvents>({ events: count, sent: count, received: count, sentBytes: count, receivedBytes: count });

export const ferryEventValidator = taggedUnion<FerryEvent, 'type'>('type', {
  'call.events': record<Extract<FerryEvent, { type: 'call.events' }>>({ type: literal('call.events'), callId: string({ nonEmpty: true }), events: arrayOf(callEventValidator), skipped: optional(skippedEvents) }),
  'call.evicted': record({ type: literal('call.evicted'), callId: string({ nonEmpty: true }), scope: literal('bodies', 'session'), reason: string() }),
  'connectivity.changed': record({ type: literal('connectivity.changed'), connectionId: string({ nonEmpty: true }), state: connectivityState }),
  'workspace.changed': record({ type: literal('workspace.changed'), root: string({ nonEmpty: true }), paths: arrayOf(string()) }),
  'history.changed': record<Extract<FerryEvent, { type: 'history.changed' }>>({ type: literal('history.changed'), entryId: optional(string({ nonEmpty: true })) }),
});
