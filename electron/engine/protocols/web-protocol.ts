import type { CallKind, ConnectCodec, HttpVersion, MetadataEntry, WireProtocol } from '../../../shared/model';

export type { HttpVersion };

/** The browser-facing protocols this folder speaks; plain `grpc` stays with grpc-js. */
export type WebProtocol = Exclude<WireProtocol, 'grpc'>;

/** Connect's two message codecs; gRPC-Web always uses `proto` here. */
export type WebCodec = ConnectCodec;

/** Protobuf binary ↔ the JSON text a `connect` + `json` call puts on the wire (see json-wire.ts). */
export interface JsonWire {
  /** Request message bytes → JSON text. */
  toWire(bytes: Uint8Array): Uint8Array;
  /** JSON text of a response → protobuf bytes; throws a FerryFailure when it does not fit the type. */
  fromWire(text: Uint8Array): Uint8Array;
}

export interface WebCallOptions {
  /** `/package.Service/Method`; the connection's path prefix goes in front. */
  path: string;
  kind: CallKind;
  metadata?: readonly MetadataEntry[];
  /** Deadline relative to the start of the call. */
  deadlineMs?: number;
  /** Needed when the call's codec is `json`. */
  json?: JsonWire;
  /** Overrides the client's codec for this call (reflection always speaks proto). */
  codec?: WebCodec;
}

/**
 * The end of a call, whichever protocol carried it: what grpc-js reports as a status, plus the
 * `google.rpc.Status` bytes (from `grpc-status-details-bin`, or built from a Connect error's `details`).
 */
export interface WebCallEnd {
  code: number;
  message: string;
  trailers: MetadataEntry[];
  statusDetails?: Uint8Array;
}

/** What a call reports, in order: headers (at most once), messages, then exactly one end. */
export interface WebCallHandlers {
  onHeaders(headers: MetadataEntry[]): void;
  /** One response message as protobuf bytes, uncompressed; the receiver owns the buffer. */
  onMessage(bytes: Buffer): void;
  onEnd(end: WebCallEnd): void;
}

/** One running call; the same shape for every protocol, kind and HTTP version. */
export interface WebCall {
  /** Queues one request message (protobuf bytes). Unary and server-stream calls send theirs at half-close. */
  send(bytes: Uint8Array): void;
  halfClose(): void;
  /** Ends the call with CANCELLED; no-op once ended. */
  cancel(): void;
  /** The HTTP version carrying the call, once the connection is up. */
  readonly httpVersion: HttpVersion | undefined;
}
