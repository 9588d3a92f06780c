/**
 * Test-only helpers for the web-protocol tests: run one call to its end over a WebClient, or over plain
 * gRPC with grpc-js (the reference every protocol must agree with), with JSON in and JSON out through the
 * engine's codec. Imported only by *.test.ts.
 */
import * as grpc from '@grpc/grpc-js';
import { join } from 'node:path';
import type { MetadataEntry, RichErrorDetail } from '../../../shared/model';
import { fromGrpcMetadata, toGrpcMetadata } from '../calls/metadata';
import { decodeStatusDetails, STATUS_DETAILS_KEY } from '../calls/status-details';
import { decodeToProtoJson, encodeProtoJson } from '../codec';
import { loadProtoFiles, type MethodDescriptor, type SchemaRegistry } from '../schema';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../testing/bench-server';
import { createJsonWire } from './json-wire';
import type { WebClient } from './web-client';
import type { WebCall } from './web-protocol';

export function loadBenchSchema(): Promise<SchemaRegistry> {
  return loadProtoFiles({ files: [join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE)], importPaths: [BENCH_PROTO_ROOT] });
}

export interface CallRun {
  headers?: MetadataEntry[];
  messages: unknown[];
  /** Protobuf sizes of the received messages. */
  sizes: number[];
  code: number;
  message: string;
  trailers: MetadataEntry[];
  details: RichErrorDetail[];
}

export interface RunOptions {
  metadata?: MetadataEntry[];
  deadlineMs?: number;
  /** Cancels the call once this many messages arrived. */
  cancelAfter?: number;
}

function method(schema: SchemaRegistry, name: string): MethodDescriptor {
  return schema.findMethod(`ferry.testing.v1.Bench/${name}`);
}

function decodeDetails(schema: SchemaRegistry, bytes: Uint8Array | undefined): RichErrorDetail[] {
  return bytes ? decodeStatusDetails(bytes, schema, (type, value) => decodeToProtoJson(type, value)) : [];
}

/** Runs `Bench/<name>` over a web protocol: sends `requests` (ProtoJSON), half-closes, waits for the end. */
export function runWebCall(client: WebClient, schema: SchemaRegistry, name: string, requests: unknown[], options: RunOptions = {}): Promise<CallRun> {
  const m = method(schema, name);
  return new Promise((resolve) => {
    const run: CallRun = { messages: [], sizes: [], code: -1, message: '', trailers: [], details: [] };
    const call: WebCall = client.start(
      { path: m.path, kind: m.kind, metadata: options.metadata, deadlineMs: options.deadlineMs, ...(client.codec === 'json' ? { json: createJsonWire(m.requestType, m.responseType) } : {}) },
      {
        onHeaders: (headers) => (run.headers = headers),
        onMessage: (bytes) => {
          run.messages.push(decodeToProtoJson(m.responseType, bytes));
          run.sizes.push(bytes.byteLength);
          if (options.cancelAfter === run.messages.length) call.cancel();
        },
        onEnd: (end) => resolve({ ...run, code: end.code, message: end.message, trailers: end.trailers, details: decodeDetails(schema, end.statusDetails) }),
      },
    );
    for (const request of requests) call.send(encodeProtoJson(m.requestType, request));
    call.halfClose();
  });
}

/** The same call over plain gRPC with grpc-js, raw bytes both ways. */
export function runGrpcCall(client: grpc.Client, schema: SchemaRegistry, name: string, requests: unknown[], options: RunOptions = {}): Promise<CallRun> {
  const m = method(schema, name);
  return new Promise((resolve) => {
    const run: CallRun = { messages: [], sizes: [], code: -1, message: '', trailers: [], details: [] };
    const callOptions = options.deadlineMs === undefined ? {} : { deadline: Date.now() + options.deadlineMs };
    const call = client.makeBidiStreamRequest(m.path, (b: Buffer) => b, (b: Buffer) => Buffer.from(b), toGrpcMetadata(options.metadata ?? []), callOptions);
    call.on('metadata', (headers: grpc.Metadata) => (run.headers = fromGrpcMetadata(headers)));
    call.on('data', (bytes: Buffer) => {
      run.messages.push(decodeToProtoJson(m.responseType, bytes));
      run.sizes.push(bytes.byteLength);
    });
    call.on('error', () => {});
    // 'status' may come before the last messages are read; the run is over once both it and 'end' came.
    let end: Partial<CallRun> | undefined;
    let drained = false;
    const settle = () => end && drained && resolve({ ...run, ...end });
    call.on('status', (status: grpc.StatusObject) => {
      const details = status.metadata.get(STATUS_DETAILS_KEY)[0];
      end = { code: status.code, message: status.details, trailers: fromGrpcMetadata(status.metadata), details: decodeDetails(schema, details as Buffer | undefined) };
      settle();
    });
    call.on('end', () => {
      drained = true;
      settle();
    });
    for (const request of requests) call.write(Buffer.from(encodeProtoJson(m.requestType, request)));
    call.end();
  });
}
