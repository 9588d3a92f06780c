/** Shared bits of the benchmarks: the bench schema and small statistics. */
import { join } from 'node:path';
import { loadProtoFiles } from '../electron/engine/schema';
import type { SchemaRegistry } from '../electron/engine/schema';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../electron/engine/testing/bench-server';

export async function loadBenchRegistry(): Promise<SchemaRegistry> {
  return loadProtoFiles({ files: [join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE)], importPaths: [BENCH_PROTO_ROOT] });
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

export function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}×`;
}
