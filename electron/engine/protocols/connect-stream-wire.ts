import { endFromConnectError, endFromErrorResponse, missingEndStream, parseEndStream } from './connect-error';
import { createEnvelopeReader, encodeEnvelope, FLAG_COMPRESSED, FLAG_END_STREAM } from './envelope';
import { compress, decompress } from './message-compression';
import { Status } from './status-codes';
import { createErrorBody, contentTypeMismatch, type ResponseReader, type ResponseSink, type WireAdapter, type WireSettings } from './wire-adapter';
import type { WebCallEnd } from './web-protocol';
import { headerValue, metadataFromHeaders, type HeaderPairs } from './web-metadata';

export const CONNECT_PROTOCOL_VERSION: [string, string] = ['connect-protocol-version', '1'];

/** Connect's timeout header: milliseconds, at most 10 digits. */
export function connectTimeout(ms: number): string {
  return String(Math.min(9_999_999_999, Math.max(0, Math.ceil(ms))));
}

/** A request's connect-timeout-ms (what connectTimeout writes), or undefined when there is none or it is malformed. */
export function parseConnectTimeout(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,10}$/.test(value.trim()) ? Number(value) : undefined;
}

/**
 * Connect streaming (connectrpc.com/docs/protocol): enveloped messages both ways; the response ends with an
 * envelope flagged 0x02 holding JSON `{ error?, metadata? }` (the trailers). Used for every streaming kind.
 */
export function connectStreamWire(codec: 'proto' | 'json', settings: WireSettings): WireAdapter {
  const contentType = `application/connect+${codec}`;
  return {
    headers(timeoutMs) {
      const headers: HeaderPairs = [['content-type', contentType], CONNECT_PROTOCOL_VERSION, ['connect-accept-encoding', 'gzip']];
      if (settings.compression) headers.push(['connect-content-encoding', settings.compression]);
      if (timeoutMs !== undefined) headers.push(['connect-timeout-ms', connectTimeout(timeoutMs)]);
      return headers;
    },
    frame(message) {
      const body = settings.json ? settings.json.toWire(message) : message;
      return settings.compression ? encodeEnvelope(FLAG_COMPRESSED, compress(body)) : encodeEnvelope(0, body);
    },
    reader: (sink) => connectStreamReader(contentType, settings, sink),
  };
}

function connectStreamReader(contentType: string, settings: WireSettings, sink: ResponseSink): ResponseReader {
  let encoding: string | undefined;
  let end: WebCallEnd | undefined;
  let httpError: number | undefined;
  const errorBody = createErrorBody();
  const envelopes = createEnvelopeReader((flags, payload) => {
    const body = flags & FLAG_COMPRESSED ? decompress(payload, encoding, settings.maxReceiveBytes) : payload;
    if (flags & FLAG_END_STREAM) {
      const parsed = parseEndStream(body);
      if (!parsed) {
        end ??= { code: Status.INTERNAL, message: 'protocol error: the Connect end-stream message is not JSON', trailers: [] };
        return;
      }
      const trailers = metadataFromHeaders(parsed.trailers);
      end ??= parsed.error ? endFromConnectError(parsed.error, trailers, Status.UNKNOWN) : { code: Status.OK, message: '', trailers };
    } else if (!end) {
      sink.message(settings.json ? Buffer.from(settings.json.fromWire(body)) : body);
    }
  }, settings.maxReceiveBytes);

  return {
    response(httpStatus, headers) {
      encoding = headerValue(headers, 'connect-content-encoding');
      if (httpStatus !== 200) {
        httpError = httpStatus;
        return;
      }
      const type = headerValue(headers, 'content-type');
      if (type !== contentType) {
        end = { code: Status.UNKNOWN, message: contentTypeMismatch(contentType, type), trailers: [] };
        return;
      }
      sink.headers(metadataFromHeaders(headers));
    },
    data(chunk) {
      if (httpError !== undefined) return errorBody.push(chunk);
      if (!end) envelopes.push(chunk);
    },
    trailers() {},
    end() {
      if (httpError !== undefined) return sink.end(endFromErrorResponse(httpError, errorBody.bytes(), []));
      sink.end(end ?? missingEndStream([]));
    },
  };
}
