import type * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { EventEmitter } from 'node:events';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from './bench-server';

/** One reflection API (v1 or v1alpha) as a bytes-in, bytes-out bidi handler. */
export interface ReflectionBridge {
  path: string;
  handle(requests: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
}

/**
 * connect-node ships no reflection service, so the Connect test server mounts @grpc/reflection's: its
 * grpc-js handler is driven through a stand-in for grpc-js's duplex call (it only uses `on('data')`,
 * `on('end')`, `write` and `end`), and messages cross as bytes with the definition's own serializers.
 */
export function createReflectionBridges(): ReflectionBridge[] {
  const definition = protoLoader.loadSync(BENCH_PROTO_FILE, { includeDirs: [BENCH_PROTO_ROOT], keepCase: true });
  const bridges: ReflectionBridge[] = [];
  new ReflectionService(definition).addToServer({
    addService: (service: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation) => {
      const [name, method] = Object.entries(service)[0]!;
      const handler = implementation[name] as (call: unknown) => void;
      bridges.push({ path: method.path, handle: (requests) => drive(method, handler, requests) });
    },
  });
  return bridges;
}

async function* drive(method: grpc.MethodDefinition<unknown, unknown>, handler: (call: unknown) => void, requests: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const call = new EventEmitter();
  const out: Uint8Array[] = [];
  let ended = false;
  let wake: () => void = () => {};
  Object.assign(call, {
    write: (response: unknown) => {
      out.push(method.responseSerialize(response));
      wake();
    },
    end: () => {
      ended = true;
      wake();
    },
  });
  handler(call);
  void (async () => {
    for await (const bytes of requests) call.emit('data', method.requestDeserialize(Buffer.from(bytes)));
    call.emit('end');
  })();
  for (;;) {
    while (out.length > 0) yield out.shift()!;
    if (ended) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}
