/** Shared bits of the benchmarks: the bench schema, the engine codec and small statistics. */
import protobuf from 'protobufjs';
import { loadProtoFiles } from '../electron/engine/schema';
import type { SchemaRegistry } from '../electron/engine/schema';
import { decodeToProtoJson, encodeProtoJson } from '../electron/engine/codec';
import type { CallCodec } from '../electron/engine/calls';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../electron/engine/testing/bench-server';
import { join } from 'node:path';

export async function loadBenchRegistry(): Promise<SchemaRegistry> {
  return loadProtoFiles({ files: [join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE)], importPaths: [BENCH_PROTO_ROOT] });
}

export const engineCodec: CallCodec = {
  encode: (type: protobuf.Type, json: unknown) => encodeProtoJson(type, json),
  decode: (type: protobuf.Type, bytes: Uint8Array) => decodeToProtoJson(type, bytes),
};

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}×`;
}
