import type * as grpc from '@grpc/grpc-js';
import { FerryFailure, ferryError } from '../../../shared/errors';
import { describeStatus } from '../calls/call-status';
import { decodeResponse, encodeRequest, reflectionPath, type ReflectionRequest, type ReflectionResponse, type ReflectionVersion } from './reflection-protocol';

/**
 * One reflection stream. The server answers requests in the order they were sent, so each `ask` waits
 * for the next answer in line; many asks may be in flight at once (pipelined on the one stream).
 */
export interface ReflectionStream {
  ask(request: ReflectionRequest): Promise<ReflectionResponse>;
  end(): void;
}

export function openReflectionStream(client: grpc.Client, version: ReflectionVersion, metadata: grpc.Metadata, deadline: number): ReflectionStream {
  const waiting: Array<{ resolve: (r: ReflectionResponse) => void; reject: (e: unknown) => void }> = [];
  let failure: FerryFailure | undefined;
  const call = client.makeBidiStreamRequest(reflectionPath(version), (b: Buffer) => b, decodeResponse, metadata, { deadline });
  const failAll = (error: FerryFailure) => {
    failure = error;
    for (const pending of waiting.splice(0)) pending.reject(error);
  };
  let contentType: string | undefined;
  call.on('metadata', (headers: grpc.Metadata) => (contentType = headers.get('content-type')[0]?.toString()));
  call.on('data', (response: ReflectionResponse) => waiting.shift()?.resolve(response));
  call.on('error', (error: grpc.ServiceError) => {
    const target = client.getChannel().getTarget();
    const status = describeStatus(
      { code: error.code, message: error.details || error.message },
      { kind: 'bidi', target, responses: 0, sawHeaders: contentType !== undefined, contentType, details: [] },
    );
    const message = status.name === 'UNAVAILABLE' ? status.message : `reflection (${version}) failed: ${status.name}: ${status.message}`;
    failAll(new FerryFailure(ferryError(status.name, message)));
  });
  call.on('end', () => failAll(new FerryFailure(ferryError('UNAVAILABLE', `reflection (${version}) stream ended before answering`))));
  return {
    ask(request) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        call.write(encodeRequest(request));
      });
    },
    end: () => call.end(),
  };
}
