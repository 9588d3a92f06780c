import { fail } from '../../../shared/errors';
import { endFromErrorResponse } from './connect-error';
import { CONNECT_PROTOCOL_VERSION, connectTimeout } from './connect-stream-wire';
import { compress, decompress } from './message-compression';
import { Status } from './status-codes';
import { contentTypeMismatch, type ResponseReader, type ResponseSink, type WireAdapter, type WireSettings } from './wire-adapter';
import { headerValue, metadataFromHeaders, type HeaderPairs } from './web-metadata';

const TRAILER_PREFIX = 'trailer-';

/**
 * Connect unary: a plain POST whose body is the message itself (no envelope), compressed with HTTP's
 * Content-Encoding; trailers come back as `trailer-`-prefixed headers; errors as a JSON body with a
 * non-200 status.
 */
export function connectUnaryWire(codec: 'proto' | 'json', settings: WireSettings): WireAdapter {
  const contentType = `application/${codec}`;
  return {
    headers(timeoutMs) {
      const headers: HeaderPairs = [['content-type', contentType], CONNECT_PROTOCOL_VERSION, ['accept-encoding', 'gzip']];
      if (settings.compression) headers.push(['content-encoding', settings.compression]);
      if (timeoutMs !== undefined) headers.push(['connect-timeout-ms', connectTimeout(timeoutMs)]);
      return headers;
    },
    frame(message) {
      const body = settings.json ? settings.json.toWire(message) : message;
      return settings.compression ? compress(body) : Buffer.from(body);
    },
    reader: (sink) => connectUnaryReader(contentType, settings, sink),
  };
}

function connectUnaryReader(contentType: string, settings: WireSettings, sink: ResponseSink): ResponseReader {
  let httpStatus = 0;
  let headers: HeaderPairs = [];
  const chunks: Buffer[] = [];
  let received = 0;

  return {
    response(status, responseHeaders) {
      httpStatus = status;
      headers = responseHeaders;
      sink.headers(metadataFromHeaders(headers, (name) => name.startsWith(TRAILER_PREFIX)));
    },
    data(chunk) {
      received += chunk.byteLength;
      if (received > settings.maxReceiveBytes) fail('RESOURCE_EXHAUSTED', `Received message larger than max (more than ${settings.maxReceiveBytes} bytes)`);
      chunks.push(chunk);
    },
    trailers() {},
    end() {
      const trailerPairs: HeaderPairs = headers.filter(([name]) => name.startsWith(TRAILER_PREFIX)).map(([name, value]) => [name.slice(TRAILER_PREFIX.length), value]);
      const trailers = metadataFromHeaders(trailerPairs);
      const encoding = headerValue(headers, 'content-encoding');
      const raw = Buffer.concat(chunks, received);
      const body = encoding && encoding !== 'identity' ? decompress(raw, encoding, settings.maxReceiveBytes) : raw;
      if (httpStatus !== 200) return sink.end(endFromErrorResponse(httpStatus, body, trailers));
      const type = headerValue(headers, 'content-type')?.split(';')[0]?.trim();
      if (type !== contentType) return sink.end({ code: Status.UNKNOWN, message: contentTypeMismatch(contentType, type), trailers });
      sink.message(settings.json ? Buffer.from(settings.json.fromWire(body)) : body);
      sink.end({ code: Status.OK, message: '', trailers });
    },
  };
}
