/**
 * The seam between a call session and the wire. A transport moves bytes and reports what the server said;
 * the session above it stamps, records and decodes. grpc-js (`grpc-transport.ts`) is one implementation;
 * gRPC-Web and Connect plug in here too.
 */
import type { HttpVersion, MetadataEntry, WireProtocol } from '../../../shared/model';

export interface TransportRequest {
  /** The HTTP/2 path, `/pkg.Service/Method`. */
  path: string;
  metadata: readonly MetadataEntry[];
  /** Deadline relative to now. */
  deadlineMs?: number;
  /**
   * The only request message, sent and half-closed at once (unary and server-stream calls). Absent: the
   * session streams its messages with `send` and ends them with `halfClose`.
   */
  request?: Uint8Array;
}

/** How the call ended, as the transport saw it. */
export interface TransportStatus {
  code: number;
  message: string;
  trailers: MetadataEntry[];
  /** The raw `grpc-status-details-bin` bytes (a `google.rpc.Status`), when the server sent rich details. */
  details?: Uint8Array;
}

/** What the transport reports, in wire order. `end` comes once, after every message. */
export interface TransportListener {
  headers(metadata: MetadataEntry[]): void;
  /** One message's wire bytes. They may be a view into a larger buffer: copy before keeping them. */
  message(bytes: Uint8Array): void;
  end(status: TransportStatus): void;
}

export interface CallTransport {
  /** Where the call goes, as the events show it. */
  readonly target: string;
  /** The protocol carrying the call, and its HTTP version once known; shown with the call's end. */
  readonly protocol: WireProtocol;
  readonly httpVersion: HttpVersion | undefined;
  send(bytes: Uint8Array): void;
  halfClose(): void;
  /** The transport ends the call with CANCELLED through `end`, unless it has ended already. */
  cancel(): void;
}

/**
 * Opens one call. Throws (a FerryFailure) on input it refuses, such as bad metadata, before anything is sent.
 * Never calls the listener before it returns.
 */
export type OpenCallTransport = (request: TransportRequest, listener: TransportListener) => CallTransport;
