import type { GrpcStatusName } from '../util/grpc-status';

/** One metadata entry; `-bin` keys carry base64 text in `value`. */
export interface MetadataEntry {
  key: string;
  value: string;
}

/** A decoded `google.rpc.Status` detail: the Any's type URL and its ProtoJSON, or why it could not be decoded. */
export interface RichErrorDetail {
  typeUrl: string;
  type: string;
  value?: unknown;
  /** Base64 bytes, when the type is unknown to the schema. */
  raw?: string;
}

export interface CallStatus {
  code: number;
  name: GrpcStatusName;
  message: string;
  details: RichErrorDetail[];
}

/** Milliseconds from the call's start, measured with a monotonic clock. */
export interface CallTimings {
  headersMs?: number;
  firstMessageMs?: number;
  totalMs?: number;
}

interface CallEventBase {
  /** Sequence number within the call, from 1. */
  seq: number;
  /** Milliseconds since the call started (monotonic). */
  timeMs: number;
}

/** Every event a call session records, named as facts. */
export type CallEvent =
  | (CallEventBase & { type: 'call.started'; method: string; target: string })
  | (CallEventBase & { type: 'call.headers-received'; metadata: MetadataEntry[] })
  | (CallEventBase & { type: 'call.message-sent'; index: number; size: number })
  | (CallEventBase & { type: 'call.message-received'; index: number; size: number })
  | (CallEventBase & { type: 'call.half-closed' })
  | (CallEventBase & { type: 'call.cancelled' })
  | (CallEventBase & { type: 'call.trailers-received'; metadata: MetadataEntry[] })
  | (CallEventBase & { type: 'call.ended'; status: CallStatus; timings: CallTimings });

export type CallEventType = CallEvent['type'];
