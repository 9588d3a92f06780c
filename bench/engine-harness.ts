/**
 * The benchmarks' way in: the engine as front ends hold it (createEngine, the FerryApi, recording history in a
 * data folder of its own), connected to the child-process bench server with the bench schema from its .proto
 * file, and a raw grpc-js client of the same server to compare against.
 */
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FerryEvent, StartCallRequest } from '../shared/api';
import type { CallEvent } from '../shared/model';
import { createEngine, type Engine } from '../electron/engine';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../electron/engine/testing/bench-server';
import { startServerProcess, type ServerProcess } from './bench-server-process';
import { unwrap } from '../shared/errors';

export interface Harness {
  server: ServerProcess;
  engine: Engine;
  connectionId: string;
  raw: grpc.Client;
  types: { request(name: string): protobuf.Type; response(name: string): protobuf.Type };
  /** Starts a call and resolves with its `call.ended` event once it ended; `onEvents` sees every live batch. */
  call(request: Omit<StartCallRequest, 'connectionId' | 'metadata'>, onEvents?: (events: CallEvent[]) => void): Promise<{ callId: string; ended: CallEvent }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const server = await startServerProcess();
  // A data folder of its own, so every call is recorded in history as the app records it.
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-bench-data-'));
  const engine = createEngine({ dataDir, schemaCache: null });
  const files = [join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE)];
  const info = unwrap(await engine.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'proto-files', files, importPaths: [BENCH_PROTO_ROOT] } }));
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(BENCH_PROTO_ROOT, target);
  root.loadSync(BENCH_PROTO_FILE);
  const method = (name: string) => root.lookupService('ferry.testing.v1.Bench').methods[name]!.resolve() as protobuf.Method;
  const waiting = new Map<string, { resolve: (ended: CallEvent) => void; onEvents?: (events: CallEvent[]) => void }>();
  const early = new Map<string, FerryEvent[]>();
  const deliver = (event: FerryEvent & { type: 'call.events' }) => {
    const waiter = waiting.get(event.callId)!;
    waiter.onEvents?.(event.events);
    const last = event.events[event.events.length - 1];
    if (last?.type !== 'call.ended') return;
    waiting.delete(event.callId);
    waiter.resolve(last);
  };
  engine.onEvent((event) => {
    if (event.type !== 'call.events') return;
    if (waiting.has(event.callId)) deliver(event);
    else early.set(event.callId, [...(early.get(event.callId) ?? []), event]);
  });
  const raw = new grpc.Client(server.target, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': -1 });
  return {
    server,
    engine,
    connectionId: info.connectionId,
    raw,
    types: { request: (name) => method(name).resolvedRequestType!, response: (name) => method(name).resolvedResponseType! },
    async call(request, onEvents) {
      const { callId } = unwrap(await engine.startCall({ connectionId: info.connectionId, metadata: [], ...request }));
      const ended = new Promise<CallEvent>((resolve) => waiting.set(callId, { resolve, ...(onEvents && { onEvents }) }));
      for (const event of early.get(callId) ?? []) deliver(event as FerryEvent & { type: 'call.events' });
      early.delete(callId);
      return { callId, ended: await ended };
    },
    async close() {
      raw.close();
      await engine.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
