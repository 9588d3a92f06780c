import type { GrpcStatusName } from '../util/grpc-status';
import type { HttpVersion, WireProtocol } from './connection';

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

/** Which side a message (or an event) belongs to: what the client did, or what the server said. */
export type MessageDirection = 'sent' | 'received';

interface MessageEventFields {
  /** Index of the message in its direction, from 0. */
  index: number;
  /** Exact size on the wire, in bytes. */
  size: number;
  /**
   * The decoded ProtoJSON value, in live events only and only when the call asked for it
   * (`StartCallRequest.inlineMessageBytes`); recorded sessions never keep it.
   */
  message?: unknown;
  /** Why `message` is missing although the call asked for it: the body did not decode (live events only). */
  messageError?: string;
}

/** Every event a call session records, named as facts. */
export type CallEvent =
  | (CallEventBase & { type: 'call.started'; method: string; target: string })
  | (CallEventBase & { type: 'call.headers-received'; metadata: MetadataEntry[] })
  | (CallEventBase & MessageEventFields & { type: 'call.message-sent' })
  | (CallEventBase & MessageEventFields & { type: 'call.message-received' })
  | (CallEventBase & { type: 'call.half-closed' })
  | (CallEventBase & { type: 'call.cancelled' })
  | (CallEventBase & { type: 'call.trailers-received'; metadata: MetadataEntry[] })
  | (CallEventBase & {
      type: 'call.ended';
      status: CallStatus;
      timings: CallTimings;
      /** Which protocol carried the call, and over which HTTP version (once known): what answered. */
      protocol?: WireProtocol;
      httpVersion?: HttpVersion;
    });

export type CallEventType = CallEvent['type'];
