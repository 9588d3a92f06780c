import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BUILTIN_PROTOS } from '../schema/builtin-protos';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from './bench-server';

/** Where @grpc/reflection keeps grpc/reflection/{v1,v1alpha}/reflection.proto. */
function reflectionProtoRoot(): string {
  return join(dirname(require.resolve('@grpc/reflection')), '..', 'proto');
}

/**
 * A FileDescriptorSet of the bench service, google.rpc's error types and both reflection APIs, made by the
 * system's protoc at test time, so no generated code or binary descriptor lives in the repository.
 */
export function makeBenchDescriptorSet(): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-descriptors-'));
  try {
    for (const [name, text] of Object.entries(BUILTIN_PROTOS)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const out = join(dir, 'bench.pb');
    execFileSync('protoc', ['--include_imports', `-o${out}`, `-I${BENCH_PROTO_ROOT}`, `-I${dir}`, `-I${reflectionProtoRoot()}`,
      BENCH_PROTO_FILE, ...Object.keys(BUILTIN_PROTOS), 'grpc/reflection/v1/reflection.proto', 'grpc/reflection/v1alpha/reflection.proto'], { stdio: 'pipe' });
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
