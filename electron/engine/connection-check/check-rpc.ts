/**
 * The gRPC side of a check: calls over the transport the connection's calls would use, but on a channel (or a
 * web client) of the check's own, closed when the check ends, so the UI's pooled channel is never touched.
 * Opening it reads the settings a transport needs (TLS files, the proxy URL) and fails on unusable ones; it
 * dials nothing until the first call.
 */
import type { MetadataEntry } from '../../../shared/model';
import { describeStatus } from '../calls/call-status';
import { grpcTransport } from '../calls/grpc-transport';
import { toGrpcMetadata } from '../calls/metadata';
import { createChannelPool } from '../channels/channel-pool';
import { connectionOptionsOf } from '../engine-connections';
import { createWebClient, type WebClient } from '../protocols/web-client';
import { openWebReflectionStream } from '../protocols/web-reflection-stream';
import type { ReflectionVersion } from '../reflection/reflection-protocol';
import { openReflectionStream, type ReflectionStream } from '../reflection/reflection-stream';
import { within, type CheckContext } from './check-steps';
import type { CheckTarget } from './check-target';

/** How a call ended, explained as a call's status is (an UNAVAILABLE in a sentence, an HTML page named). */
export interface RpcStatus {
  code: number;
  name: string;
  message: string;
}

export interface RpcAnswer {
  status: RpcStatus;
  /** The first response message. */
  response?: Uint8Array;
}

export interface CheckRpc {
  /** One unary call of raw bytes with the connection's metadata; settles when it ends, by the step's time limit. */
  unary(path: string, request: Uint8Array, context: CheckContext): Promise<RpcAnswer>;
  openReflection(version: ReflectionVersion, deadline: number): ReflectionStream;
  close(): void;
}

interface Ended {
  code: number;
  message: string;
}

/** What a transport reports, gathered into one answer. */
function collector(target: string, resolve: (answer: RpcAnswer) => void) {
  let response: Uint8Array | undefined;
  let responses = 0;
  let contentType: string | undefined;
  let sawHeaders = false;
  return {
    headers(headers: readonly MetadataEntry[]) {
      sawHeaders = true;
      contentType = headers.find((entry) => entry.key.toLowerCase() === 'content-type')?.value;
    },
    message(bytes: Uint8Array) {
      responses++;
      // A view into a larger read buffer would keep it all: copy the small answer.
      response ??= Uint8Array.from(bytes);
    },
    end(ended: Ended) {
      const status = describeStatus(ended, { kind: 'unary', target, responses, sawHeaders, ...(contentType !== undefined && { contentType }), details: [] });
      resolve({ status: { code: status.code, name: status.name, message: status.message }, ...(response && { response }) });
    },
  };
}

function grpcRpc(target: CheckTarget): CheckRpc {
  const { config } = target;
  const pool = createChannelPool();
  const client = pool.acquire(config.target, connectionOptionsOf(config));
  const open = grpcTransport(client);
  return {
    unary: (path, request, context) =>
      within(context, (stop) =>
        new Promise<RpcAnswer>((resolve) => {
          const gather = collector(client.getChannel().getTarget(), resolve);
          const call = open({ path, metadata: target.metadata, deadlineMs: context.timeoutMs, request }, { headers: gather.headers, message: gather.message, end: gather.end });
          stop.addEventListener('abort', () => call.cancel(), { once: true });
        }),
      ),
    openReflection: (version, deadline) => openReflectionStream(client, version, toGrpcMetadata(target.metadata), deadline),
    close: () => pool.close(),
  };
}

function webRpc(target: CheckTarget, web: WebClient): CheckRpc {
  return {
    unary: (path, request, context) =>
      within(context, (stop) =>
        new Promise<RpcAnswer>((resolve) => {
          const gather = collector(`${web.target.origin}${web.target.prefix}`, resolve);
          const call = web.start(
            { path, kind: 'unary', codec: 'proto', metadata: target.metadata, deadlineMs: context.timeoutMs },
            { onHeaders: gather.headers, onMessage: gather.message, onEnd: gather.end },
          );
          stop.addEventListener('abort', () => call.cancel(), { once: true });
          call.send(request);
          call.halfClose();
        }),
      ),
    openReflection: (version, deadline) => openWebReflectionStream(web, version, target.metadata, deadline),
    close: () => web.close(),
  };
}

/** The check's own channel, or web client, for the connection's settings; fails on settings a transport refuses. */
export function openCheckRpc(target: CheckTarget): CheckRpc {
  const { config } = target;
  if (target.protocol === 'grpc') return grpcRpc(target);
  const web = createWebClient({
    ...connectionOptionsOf(config),
    target: config.target,
    protocol: target.protocol,
    ...(config.codec && { codec: config.codec }),
    ...(config.httpVersion && { http: config.httpVersion }),
  });
  return webRpc(target, web);
}
