import type * as grpc from '@grpc/grpc-js';
import type { CallTransport, OpenCallTransport, TransportListener, TransportRequest } from './call-transport';
import { fromGrpcMetadata, toGrpcMetadata } from './metadata';
import { STATUS_DETAILS_KEY } from './status-details';

const passThrough = (bytes: Buffer): Buffer => bytes;
const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** The call transport over a grpc-js client (a pooled channel): raw bytes both ways, so sizes are exact. */
export function grpcTransport(client: grpc.Client): OpenCallTransport {
  return (request, listener) => openGrpcCall(client, request, listener);
}

function openGrpcCall(client: grpc.Client, request: TransportRequest, listener: TransportListener): CallTransport {
  const metadata = toGrpcMetadata(request.metadata);
  const options: grpc.CallOptions = request.deadlineMs !== undefined ? { deadline: Date.now() + request.deadlineMs } : {};
  // One shape for all four kinds: on the wire they differ only in how many messages each side sends. A request
  // given up front goes out with grpc-js's server-stream call, which sends it and half-closes in one step
  // (measured: the writable-stream path costs about 10% of a loopback unary call).
  const duplex = request.request === undefined ? client.makeBidiStreamRequest(request.path, passThrough, passThrough, metadata, options) : undefined;
  const call = duplex ?? client.makeServerStreamRequest(request.path, passThrough, passThrough, asBuffer(request.request!), metadata, options);
  let status: grpc.StatusObject | undefined;
  let readEnded = false;
  let ended = false;

  // grpc-js emits 'status' right after pushing the end of the stream; 'end' fires once every message was read.
  const endWhenDrained = (): void => {
    if (ended || !status || !readEnded) return;
    ended = true;
    const details = status.metadata?.get(STATUS_DETAILS_KEY)[0];
    listener.end({
      code: status.code,
      message: status.details,
      trailers: status.metadata ? fromGrpcMetadata(status.metadata) : [],
      ...(details instanceof Buffer && { details }),
    });
  };
  call.on('metadata', (headers: grpc.Metadata) => listener.headers(fromGrpcMetadata(headers)));
  call.on('data', (bytes: Buffer) => listener.message(bytes));
  // The status also arrives as 'status'; without an 'error' listener the stream would throw.
  call.on('error', () => undefined);
  call.on('status', (received: grpc.StatusObject) => {
    status = received;
    endWhenDrained();
  });
  call.on('end', () => {
    readEnded = true;
    endWhenDrained();
  });

  return {
    target: client.getChannel().getTarget(),
    protocol: 'grpc',
    httpVersion: '2',
    send: (bytes) => void duplex?.write(asBuffer(bytes)),
    halfClose: () => void duplex?.end(),
    cancel: () => call.cancel(),
  };
}
