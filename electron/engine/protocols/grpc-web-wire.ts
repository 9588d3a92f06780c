import { createBase64ChunkDecoder } from './base64-chunks';
import { createEnvelopeReader, encodeEnvelope, FLAG_COMPRESSED, FLAG_TRAILERS } from './envelope';
import { statusFromGrpcHeaders, parseTrailerFrame } from './grpc-web-trailers';
import { compress, decompress } from './message-compression';
import { codeForHttpStatus, Status } from './status-codes';
import { contentTypeMismatch, createErrorBody, httpErrorMessage, type ResponseReader, type ResponseSink, type WireAdapter, type WireSettings } from './wire-adapter';
import type { WebCallEnd } from './web-protocol';
import { headerValue, metadataFromHeaders, type HeaderPairs } from './web-metadata';

/** gRPC's TimeoutValue: at most 8 digits, so long deadlines move to a coarser unit. */
export function grpcTimeout(ms: number): string {
  const whole = Math.max(0, Math.ceil(ms));
  if (whole < 1e8) return `${whole}m`;
  if (whole / 1000 < 1e8) return `${Math.ceil(whole / 1000)}S`;
  return `${Math.min(99_999_999, Math.ceil(whole / 3_600_000))}H`;
}

const TIMEOUT_UNIT_MS: Readonly<Record<string, number>> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000_001 };

/** A request's grpc-timeout in milliseconds (what grpcTimeout writes), or undefined when there is none or it is malformed. */
export function parseGrpcTimeout(value: string | undefined): number | undefined {
  const parsed = value === undefined ? null : /^(\d{1,8})([HMSmun])$/.exec(value.trim());
  return parsed ? Number(parsed[1]) * TIMEOUT_UNIT_MS[parsed[2]!]! : undefined;
}

/**
 * gRPC-Web (github.com/grpc/grpc/blob/master/doc/PROTOCOL-WEB.md): gRPC's envelopes in the HTTP body, the
 * status in a final envelope flagged 0x80 holding header lines. The text variant base64-encodes the body
 * both ways.
 */
export function grpcWebWire(text: boolean, settings: WireSettings): WireAdapter {
  const contentType = text ? 'application/grpc-web-text+proto' : 'application/grpc-web+proto';
  return {
    headers(timeoutMs) {
      const headers: HeaderPairs = [['content-type', contentType], ['accept', contentType], ['x-grpc-web', '1'], ['grpc-accept-encoding', 'gzip']];
      if (settings.compression) headers.push(['grpc-encoding', settings.compression]);
      if (timeoutMs !== undefined) headers.push(['grpc-timeout', grpcTimeout(timeoutMs)]);
      return headers;
    },
    frame(message) {
      const envelope = settings.compression ? encodeEnvelope(FLAG_COMPRESSED, compress(message)) : encodeEnvelope(0, message);
      return text ? Buffer.from(envelope.toString('base64'), 'latin1') : envelope;
    },
    reader: (sink) => grpcWebReader(text, settings, sink),
  };
}

function grpcWebReader(text: boolean, settings: WireSettings, sink: ResponseSink): ResponseReader {
  const base64 = text ? createBase64ChunkDecoder() : undefined;
  let encoding: string | undefined;
  let status: WebCallEnd | undefined;
  let httpError: number | undefined;
  const errorBody = createErrorBody();
  const envelopes = createEnvelopeReader((flags, payload) => {
    const body = flags & FLAG_COMPRESSED ? decompress(payload, encoding, settings.maxReceiveBytes) : payload;
    if (flags & FLAG_TRAILERS) {
      status ??= statusFromGrpcHeaders(parseTrailerFrame(body)) ?? { code: Status.INTERNAL, message: 'the gRPC-Web trailer frame has no grpc-status', trailers: [] };
    } else if (!status) {
      sink.message(body);
    }
  }, settings.maxReceiveBytes);

  return {
    response(httpStatus, headers) {
      encoding = headerValue(headers, 'grpc-encoding');
      // Trailers-only: the status travels in the headers, and there are no headers of the call's own.
      status = statusFromGrpcHeaders(headers);
      if (status) return;
      if (httpStatus !== 200) {
        httpError = httpStatus;
        return;
      }
      const type = headerValue(headers, 'content-type');
      if (!type?.startsWith(text ? 'application/grpc-web-text' : 'application/grpc-web')) {
        status = { code: Status.UNKNOWN, message: contentTypeMismatch(text ? 'grpc-web-text' : 'grpc-web', type), trailers: [] };
        return;
      }
      sink.headers(metadataFromHeaders(headers));
    },
    data(chunk) {
      if (httpError !== undefined) return errorBody.push(chunk);
      if (status) return;
      envelopes.push(base64 ? base64.push(chunk) : chunk);
    },
    trailers(trailers) {
      // A gRPC server answering gRPC-Web over HTTP/2 may send real trailers instead of a trailer frame.
      status ??= statusFromGrpcHeaders(trailers);
    },
    end() {
      if (httpError !== undefined) {
        const message = httpErrorMessage(httpError, errorBody.bytes(), text ? 'grpc-web-text' : 'grpc-web');
        return sink.end({ code: codeForHttpStatus(httpError), message, trailers: [] });
      }
      if (status) return sink.end(status);
      const cut = envelopes.pendingBytes > 0 || (base64?.pendingChars ?? 0) > 0;
      sink.end({ code: Status.INTERNAL, message: cut ? 'the gRPC-Web response ended in the middle of a message' : 'the gRPC-Web response ended without a trailer frame (no status)', trailers: [] });
    },
  };
}
