import type http from 'node:http';
import { networkFailure } from './network-error';
import { nodeHttp, nodeHttps } from './node-network';
import { pairsFromRawHeaders, type ExchangeHandlers, type ExchangeRequest, type HttpExchange } from './http-exchange';

export interface Http1Target {
  secure: boolean;
  host: string;
  port: number;
  /** Sent as the Host header. */
  authority: string;
  agent: http.Agent;
}

/**
 * One HTTP/1.1 POST. Web protocols only stream responses over HTTP/1.1, so the body is always whole and
 * goes out with a content-length (proxies handle that better than a chunked request).
 */
export function openHttp1Exchange(target: Http1Target, request: ExchangeRequest, handlers: ExchangeHandlers): HttpExchange {
  const body = request.body ?? Buffer.alloc(0);
  const headers: http.OutgoingHttpHeaders = { host: target.authority, 'content-length': body.byteLength };
  for (const [name, value] of request.headers) {
    const existing = headers[name];
    headers[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [String(existing)]), value];
  }
  const send = target.secure ? nodeHttps().request : nodeHttp().request;
  const req = send({ host: target.host, port: target.port, method: 'POST', path: request.path, headers, agent: target.agent, setHost: false });
  let finished = false;
  const failOnce = (error: Error) => {
    if (finished) return;
    finished = true;
    const { code, message } = networkFailure(error, '1.1');
    handlers.onError(code, message);
  };
  req.on('error', failOnce);
  req.on('response', (res) => {
    handlers.onResponse(res.statusCode ?? 0, pairsFromRawHeaders(res.rawHeaders));
    res.on('data', (chunk: Buffer) => handlers.onData(chunk));
    res.on('error', failOnce);
    res.on('aborted', () => failOnce(new Error('the server closed the connection before the response ended')));
    res.on('end', () => {
      if (finished) return;
      finished = true;
      if (res.rawTrailers.length > 0) handlers.onTrailers(pairsFromRawHeaders(res.rawTrailers));
      handlers.onEnd();
    });
  });
  req.end(body);
  return {
    write: () => {
      throw new Error('HTTP/1.1 exchanges take their whole body up front');
    },
    end: () => {},
    cancel: () => {
      finished = true;
      req.destroy();
    },
  };
}
