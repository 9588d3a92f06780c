import type http2 from 'node:http2';
import { networkFailure } from './network-error';
import { nodeHttp2 } from './node-network';
import { codeForResetStream } from './status-codes';
import { pairsFromHeaderObject, type ExchangeHandlers, type ExchangeRequest, type HttpExchange } from './http-exchange';

/** One POST on a shared HTTP/2 session; the body is whole (`request.body`) or streamed with write/end. */
export function openHttp2Exchange(session: http2.ClientHttp2Session, authority: string, request: ExchangeRequest, handlers: ExchangeHandlers): HttpExchange {
  const headers: http2.OutgoingHttpHeaders = { ':method': 'POST', ':path': request.path, ':authority': authority };
  for (const [name, value] of request.headers) {
    const existing = headers[name];
    headers[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [String(existing)]), value];
  }
  const stream = session.request(headers, { endStream: false });
  let finished = false;
  const failOnce = (code: number, message: string) => {
    if (finished) return;
    finished = true;
    handlers.onError(code, message);
  };
  stream.on('response', (responseHeaders) => handlers.onResponse(Number(responseHeaders[':status']), pairsFromHeaderObject(responseHeaders)));
  stream.on('data', (chunk: Buffer) => handlers.onData(chunk));
  stream.on('trailers', (trailers) => handlers.onTrailers(pairsFromHeaderObject(trailers)));
  stream.on('end', () => {
    if (finished) return;
    finished = true;
    handlers.onEnd();
  });
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // A reset by the server arrives as ERR_HTTP2_STREAM_ERROR; a failed connection (TLS, refused) as its own error.
    if (error.code === 'ERR_HTTP2_STREAM_ERROR' && stream.rstCode) return failOnce(codeForResetStream(stream.rstCode), `Received RST_STREAM with code ${stream.rstCode}`);
    const { code, message } = networkFailure(error, '2');
    failOnce(code, message);
  });
  stream.on('close', () => {
    if (stream.rstCode && stream.rstCode !== nodeHttp2().constants.NGHTTP2_NO_ERROR) {
      failOnce(codeForResetStream(stream.rstCode), `Received RST_STREAM with code ${stream.rstCode}`);
    } else {
      failOnce(networkFailure(new Error('the stream closed before the response ended'), '2').code, 'the stream closed before the response ended');
    }
  });
  if (request.body) stream.end(request.body);
  return {
    write: (chunk) => void stream.write(chunk),
    end: () => void stream.end(),
    cancel: () => {
      finished = true;
      stream.close(nodeHttp2().constants.NGHTTP2_CANCEL);
    },
  };
}
