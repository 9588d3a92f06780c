import { FerryFailure, fail } from '../../../shared/errors';
import { isClientStreaming } from '../../../shared/model';
import { grpcStatusCode } from '../../../shared/util';
import type { ExchangeHandlers, HttpExchange } from './http-exchange';
import type { HttpOrigin } from './http-origin';
import { networkFailure } from './network-error';
import { Status } from './status-codes';
import type { ResponseSink, WireAdapter } from './wire-adapter';
import type { WebCall, WebCallEnd, WebCallHandlers, WebCallOptions, WebProtocol } from './web-protocol';
import { requestHeaders, type HeaderPairs } from './web-metadata';
import { monotonicMs } from '../monotonic-clock';

export interface CallPlan {
  origin: HttpOrigin;
  protocol: WebProtocol;
  /** The target's path prefix, e.g. `/api`. */
  prefix: string;
  adapter: WireAdapter;
}

/** What a call can be told about HTTP/1.1, named for the user: the protocol, the kind and what would work. */
function needsHttp2(protocol: WebProtocol, options: WebCallOptions): string {
  return `${options.path.slice(1)} is a ${options.kind} method: ${protocol} cannot carry client or bidi streams over HTTP/1.1; use HTTP/2 (--http2), or call it with --protocol grpc`;
}

/** A failure thrown while a call runs, as the call's end: a FerryFailure's code when it is a gRPC one, else INTERNAL. */
export function failureEnd(reason: unknown): WebCallEnd {
  if (reason instanceof FerryFailure) return { code: grpcStatusCode(reason.error.code) ?? Status.INTERNAL, message: reason.error.message, trailers: [] };
  return { code: Status.INTERNAL, message: `internal error: ${(reason as Error).message}`, trailers: [] };
}

/**
 * Runs one call over a web protocol. Unary and server-stream requests go out whole at half-close (so they
 * work over HTTP/1.1 too); client and bidi streams open an HTTP/2 request at once and write as they send.
 */
export function startWebCall(plan: CallPlan, options: WebCallOptions, handlers: WebCallHandlers): WebCall {
  const metadata = requestHeaders(options.metadata ?? []);
  const streaming = isClientStreaming(options.kind);
  if (streaming && plan.origin.version === '1.1') fail('FAILED_PRECONDITION', needsHttp2(plan.protocol, options));
  return runCall(plan, options, handlers, metadata, streaming);
}

function runCall(plan: CallPlan, options: WebCallOptions, handlers: WebCallHandlers, metadata: HeaderPairs, streaming: boolean): WebCall {
  const { origin, adapter } = plan;
  const startedAt = monotonicMs();
  const pending: Buffer[] = [];
  let exchange: HttpExchange | undefined;
  let ended = false;
  let halfClosed = false;

  const finish = (end: WebCallEnd) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    handlers.onEnd(end);
  };
  const abort = (end: WebCallEnd) => {
    exchange?.cancel();
    finish(end);
  };
  const timer = options.deadlineMs === undefined ? undefined : setTimeout(() => abort({ code: Status.DEADLINE_EXCEEDED, message: 'Deadline exceeded', trailers: [] }), options.deadlineMs);

  const sink: ResponseSink = {
    headers: (headers) => !ended && handlers.onHeaders(headers),
    message: (bytes) => !ended && handlers.onMessage(bytes),
    end: finish,
  };
  const reader = adapter.reader(sink);
  const guard = (step: () => void) => {
    if (ended) return;
    try {
      step();
    } catch (reason) {
      abort(failureEnd(reason));
    }
  };
  const exchangeHandlers: ExchangeHandlers = {
    onResponse: (status, headers) => guard(() => reader.response(status, headers)),
    onData: (chunk) => guard(() => reader.data(chunk)),
    onTrailers: (trailers) => guard(() => reader.trailers(trailers)),
    onEnd: () => guard(() => reader.end()),
    onError: (code, message) => finish({ code, message, trailers: [] }),
  };

  const open = (body: Buffer | undefined) => {
    if (ended) return;
    const remaining = options.deadlineMs === undefined ? undefined : Math.max(1, options.deadlineMs - (monotonicMs() - startedAt));
    exchange = origin.open({ path: plan.prefix + options.path, headers: [...adapter.headers(remaining), ...metadata], body }, exchangeHandlers);
    if (body) return;
    for (const chunk of pending.splice(0)) exchange.write(chunk);
    if (halfClosed) exchange.end();
  };
  // The origin may first have to learn the HTTP version (ALPN) or open a session through a proxy's tunnel.
  const openWhenReady = (body: Buffer | undefined) => {
    const waiting = origin.ready();
    if (!waiting) return open(body);
    waiting.then(
      () => (streaming && origin.version === '1.1' ? finish({ code: Status.FAILED_PRECONDITION, message: needsHttp2(plan.protocol, options), trailers: [] }) : open(body)),
      (reason: Error) => finish({ ...networkFailure(reason, origin.version), trailers: [] }),
    );
  };
  if (streaming) openWhenReady(undefined);

  return {
    send(bytes) {
      if (ended || halfClosed) return;
      guard(() => {
        const frame = adapter.frame(bytes);
        if (streaming && exchange) exchange.write(frame);
        else pending.push(frame);
      });
    },
    halfClose() {
      if (ended || halfClosed) return;
      halfClosed = true;
      if (!streaming) openWhenReady(Buffer.concat(pending.splice(0)));
      else exchange?.end();
    },
    cancel() {
      if (!ended) abort({ code: Status.CANCELLED, message: 'Cancelled on client', trailers: [] });
    },
    get httpVersion() {
      return origin.version;
    },
  };
}
