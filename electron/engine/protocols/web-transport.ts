import type { OpenCallTransport } from '../calls/call-transport';
import type { MethodDescriptor } from '../schema/method-descriptor';
import { createJsonWire } from './json-wire';
import type { WebClient } from './web-client';

/**
 * The call session's transport over a web protocol: the same seam grpc-js plugs into (calls/call-transport.ts),
 * so events, timings, sizes and rich errors come out the same whichever protocol carried the call.
 * Built per call because Connect frames unary calls differently and its json codec needs the method's types.
 */
export function webTransport(client: WebClient, method: MethodDescriptor): OpenCallTransport {
  return (request, listener) => {
    const json = client.codec === 'json' ? { json: createJsonWire(method.requestType, method.responseType) } : {};
    const call = client.start(
      { path: request.path, kind: method.kind, metadata: request.metadata, ...(request.deadlineMs !== undefined && { deadlineMs: request.deadlineMs }), ...json },
      {
        onHeaders: (headers) => listener.headers(headers),
        onMessage: (bytes) => listener.message(bytes),
        onEnd: (end) => listener.end({ code: end.code, message: end.message, trailers: end.trailers, ...(end.statusDetails && { details: end.statusDetails }) }),
      },
    );
    if (request.request) {
      call.send(request.request);
      call.halfClose();
    }
    return {
      target: `${client.target.origin}${client.target.prefix}`,
      protocol: client.protocol,
      get httpVersion() {
        return call.httpVersion;
      },
      send: (bytes) => call.send(bytes),
      halfClose: () => call.halfClose(),
      cancel: () => call.cancel(),
    };
  };
}
