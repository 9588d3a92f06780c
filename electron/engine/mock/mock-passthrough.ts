/**
 * `ferry mock --passthrough`: a call no case of the responses file answers goes to the real server, as
 * WireMock's proxying does, so a mock can stand in for a few calls and let the rest through. The call is
 * forwarded over gRPC whichever listener took it, bytes as they are: the request messages and the call's
 * metadata (less what HTTP and gRPC write themselves) and its deadline go up; the response headers, messages,
 * trailers and status (with `grpc-status-details-bin`) come back through the call's own sink, so a web call
 * gets them in its protocol's framing. Messages are passed on as they arrive both ways, and a call cancelled
 * on either side is cancelled on the other. Which calls are forwarded is mock-call.ts's choice. With a
 * recorder (`--record`), a copy of what a call it wants sent and got is handed to it when the server ends
 * the call, before the client hears that end, so the next identical call can already be answered by the mock.
 */
import { toFerryError } from '../../../shared/errors';
import type { MetadataEntry } from '../../../shared/model';
import { GRPC_STATUS } from '../../../shared/util';
import type { CallTransport, OpenCallTransport, TransportStatus } from '../calls/call-transport';
import { explainUnavailable } from '../calls/call-status';
import { asBuffer, grpcTransport } from '../calls/grpc-transport';
import { metadataEntryProblem } from '../calls/metadata';
import { createChannelPool, type ConnectionOptions } from '../channels';
import { grpcJs } from '../channels/grpc-js';
import { trace } from '../diagnostics/trace';
import type { MockCallInput, MockCallSink, MockCallStart, MockStatus } from './mock-call';
import { forwardedHeaderProblem } from './mock-metadata';
import { forwardedStatusDetails } from './mock-status-details';

export interface PassthroughOptions {
  /** The real server: host:port, dns:///host:port or unix:///path. */
  target: string;
  /** Its channel's TLS and transport settings, as `ferry call` takes them. */
  connection: ConnectionOptions;
  /** Hears the calls the server answered (mock-recorder.ts); absent: nothing is kept. */
  recorder?: ForwardRecorder;
}

/** One call the real server answered, as it went by: copies of the requests, the response headers, messages and status. */
export interface ForwardedCall {
  path: string;
  requests: Buffer[];
  headers: MetadataEntry[];
  responses: Buffer[];
  status: TransportStatus;
}

export interface ForwardRecorder {
  /** Whether to keep a copy of this call's messages: asked when it starts, so calls not recorded keep nothing. */
  wants(path: string): boolean;
  /** A call it wanted, ended by the server while its client listened; whether it was recorded. */
  record(call: ForwardedCall): boolean;
}

export interface Passthrough {
  readonly target: string;
  /**
   * Forwards one call to the real server; `onEnd` hears the status the client got (CANCELLED when the
   * client went away) and whether the recorder recorded the call. What the client sends next goes into the
   * returned input.
   */
  forward(path: string, call: MockCallStart, sink: MockCallSink, onEnd: ForwardEnd): MockCallInput;
  /** Closes the channel; calls still forwarded end UNAVAILABLE or CANCELLED. */
  close(): void;
}

export type ForwardEnd = (code: number, recorded: boolean) => void;

/** The entries gRPC would let through to the other side: what the protocols write themselves is theirs to write. */
const forwardable = (entries: readonly MetadataEntry[], problem: (entry: MetadataEntry) => string | undefined): MetadataEntry[] => entries.filter((entry) => problem(entry) === undefined);

/**
 * Opens the channel to the real server now, so a bad target or TLS file fails the mock's start (not each
 * call). The channel dials on the first forwarded call.
 */
export function createPassthrough(options: PassthroughOptions): Passthrough {
  const pool = createChannelPool();
  const client = pool.acquire(options.target, options.connection);
  const open = grpcTransport(client);
  const reached = () => client.getChannel().getConnectivityState(false) === grpcJs().connectivityState.READY;
  return {
    target: options.target,
    forward: (path, call, sink, onEnd) => forwardCall({ target: options.target, open, reached, recorder: options.recorder }, path, call, sink, onEnd),
    close: () => pool.close(),
  };
}

interface Upstream {
  target: string;
  open: OpenCallTransport;
  /** Whether the channel is connected now. */
  reached(): boolean;
  recorder: ForwardRecorder | undefined;
}

/**
 * Whether the call ended without reaching the server: an UNAVAILABLE while the channel is not connected is
 * the mock's own failure to dial (grpc-js makes it up), not the server's answer, which comes over a
 * connected channel (often without headers: grpc-js servers send an error alone as trailers).
 */
const unreached = (upstream: Upstream, status: TransportStatus, sawHeaders: boolean): boolean => status.code === GRPC_STATUS.UNAVAILABLE && !sawHeaders && !upstream.reached();

/** The server's status as the client gets it; an upstream the mock could not reach is named, with what likely fixes it. */
function statusOf(upstream: Upstream, status: TransportStatus, sawHeaders: boolean): MockStatus {
  return {
    code: status.code,
    message: unreached(upstream, status, sawHeaders) ? `ferry mock: passthrough upstream ${upstream.target} is unavailable: ${explainUnavailable(upstream.target, status.message)}` : status.message,
    // grpc-status-details-bin goes back as the status's details. Trailers need no web rule: no protocol
    // reads them as headers (Connect unary prefixes each with `trailer-`).
    trailers: forwardable(status.trailers, metadataEntryProblem),
    ...(status.details && { details: forwardedStatusDetails(status.details) }),
  };
}

/**
 * What a recorder wants of a call, kept as it goes by: copies, since grpc-js's buffers may be views of
 * larger chunks. Undefined when no recorder wants the call.
 */
function keptCall(upstream: Upstream, path: string): ForwardedCall | undefined {
  return upstream.recorder?.wants(path) ? { path, requests: [], headers: [], responses: [], status: { code: GRPC_STATUS.OK, message: '', trailers: [] } } : undefined;
}

function forwardCall(upstream: Upstream, path: string, call: MockCallStart, sink: MockCallSink, onEnd: ForwardEnd): MockCallInput {
  const web = call.protocol !== undefined;
  trace('call', () => `ferry mock: forwarding ${path} to ${upstream.target}`);
  let ended = false;
  /** Whether the client is still there to hear the end; the call is reported either way. */
  let listening = true;
  let sawHeaders = false;
  const kept = keptCall(upstream, path);
  const end = (status: MockStatus, recorded = false) => {
    if (ended) return;
    ended = true;
    if (listening) sink.end(status);
    onEnd(status.code, recorded);
  };
  /** The server's end handed to the recorder first (a call the client left, or the mock's own UNAVAILABLE, is no answer to replay). */
  const recorded = (status: TransportStatus): boolean => {
    if (!kept || ended || !listening || unreached(upstream, status, sawHeaders)) return false;
    kept.status = status;
    return upstream.recorder!.record(kept);
  };
  let transport: CallTransport;
  try {
    transport = upstream.open(
      { path, metadata: forwardable(call.metadata, metadataEntryProblem), ...(call.deadlineMs !== undefined && { deadlineMs: call.deadlineMs }) },
      {
        headers(entries) {
          sawHeaders = true;
          kept?.headers.push(...entries);
          if (!ended && listening) sink.headers(forwardable(entries, (entry) => forwardedHeaderProblem(entry, web)));
        },
        // Passed on at once, never kept: a grpc-js buffer may be a view of a larger chunk.
        message(bytes) {
          if (ended || !listening) return;
          kept?.responses.push(Buffer.from(bytes));
          sink.message(asBuffer(bytes));
        },
        end(status) {
          // The mock itself was reached: its (empty) headers say so, so a client that reads an UNAVAILABLE
          // without headers as "cannot connect" (Ferry's own does) does not blame the mock's address.
          if (listening && !ended && unreached(upstream, status, sawHeaders)) sink.headers([]);
          end(statusOf(upstream, status, sawHeaders), recorded(status));
        },
      },
    );
  } catch (reason) {
    // Metadata HTTP/2 cannot carry on (a header that may be sent once, sent twice): the client hears why.
    end({ code: GRPC_STATUS.INVALID_ARGUMENT, message: `ferry mock: cannot forward this call to ${upstream.target}: ${toFerryError(reason).message}` });
    return { request: () => undefined, halfClose: () => undefined, cancel: () => undefined };
  }
  return {
    request(bytes) {
      if (ended) return;
      kept?.requests.push(Buffer.from(bytes));
      transport.send(bytes);
    },
    halfClose: () => void (!ended && transport.halfClose()),
    cancel(status) {
      // The client went away, or the web listener ends the call (its deadline, a body that does not read):
      // the server's call stops too, and the client hears the listener's status rather than CANCELLED.
      if (status) end(status);
      else listening = false;
      transport.cancel();
    },
  };
}
