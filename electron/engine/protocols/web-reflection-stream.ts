import { FerryFailure, ferryError } from '../../../shared/errors';
import type { MetadataEntry } from '../../../shared/model';
import { grpcStatusName } from '../../../shared/util';
import { explainUnavailable } from '../calls/call-status';
import { decodeResponse, encodeRequest, reflectionPath, type ReflectionResponse, type ReflectionVersion } from '../reflection/reflection-protocol';
import type { ReflectionStream } from '../reflection/reflection-stream';
import { Status } from './status-codes';
import type { WebClient } from './web-client';

/**
 * Server reflection over a web protocol. Each question is its own call carrying one request and no more
 * (sent whole, as a server stream's is), because gRPC-Web proxies such as Envoy do not pass client streams
 * and HTTP/1.1 cannot carry them; the reflection service answers each request on its own anyway.
 * Questions still run in parallel, one call each. Servers that insist on HTTP/2 for a bidi method
 * (connect-node answers 505 over HTTP/1.1) need HTTP/2 for reflection.
 */
export function openWebReflectionStream(client: WebClient, version: ReflectionVersion, metadata: readonly MetadataEntry[], deadline: number): ReflectionStream {
  const calls = new Set<{ cancel(): void }>();
  return {
    ask(request) {
      return new Promise<ReflectionResponse>((resolve, reject) => {
        let answer: ReflectionResponse | undefined;
        // A call the client refuses throws here, which rejects this promise.
        const call = client.start(
          { path: reflectionPath(version), kind: 'server-stream', codec: 'proto', metadata, deadlineMs: Math.max(1, deadline - Date.now()) },
          {
            onHeaders: () => {},
            onMessage: (bytes) => (answer ??= decodeResponse(bytes)),
            onEnd: (end) => {
              calls.delete(call);
              if (end.code === Status.OK && answer) return resolve(answer);
              const name = end.code === Status.OK ? 'UNAVAILABLE' : grpcStatusName(end.code);
              const detail = end.code === Status.OK ? 'the server answered no message' : end.message;
              const where = `${client.target.origin}${client.target.prefix}`;
              const message = end.code === Status.UNAVAILABLE ? explainUnavailable(where, detail) : `reflection (${version}) over ${client.protocol} failed: ${name}: ${detail}`;
              reject(new FerryFailure(ferryError(name, message)));
            },
          },
        );
        calls.add(call);
        call.send(encodeRequest(request));
        call.halfClose();
      });
    },
    end() {
      for (const call of calls) call.cancel();
    },
  };
}
