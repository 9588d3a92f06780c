/**
 * Test-only helpers for the calls tests: the bench schema as a TypeLookup, methods as MethodDescriptors and a
 * tiny ProtoJSON codec over protobufjs/ext/protojson (the real codec lives in engine/codec and is not ours).
 * Imported only by *.test.ts.
 */
import protobuf from 'protobufjs';
import * as protojson from 'protobufjs/ext/protojson';
import { join } from 'node:path';
import { describeMethod, type MethodDescriptor, type TypeLookup } from '../schema/method-descriptor';
import { BUILTIN_PROTOS } from '../schema/builtin-protos';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../testing/bench-server';
import type { CallCodec } from './call-codec';
import { withoutLeadingDot } from '../codec';

export function loadBenchRoot(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(BENCH_PROTO_ROOT, target);
  root.loadSync(BENCH_PROTO_FILE);
  for (const text of Object.values(BUILTIN_PROTOS)) protobuf.parse(text, root);
  root.resolveAll();
  return root;
}

export function lookupOf(root: protobuf.Root, hidden: readonly string[] = []): TypeLookup {
  return {
    findType(fullName) {
      const name = withoutLeadingDot(fullName);
      if (hidden.includes(name)) return undefined;
      try {
        return root.lookupType(name);
      } catch {
        return undefined;
      }
    },
  };
}

export function benchMethod(root: protobuf.Root, name: string): MethodDescriptor {
  return describeMethod(root.lookupService('ferry.testing.v1.Bench').methods[name]!);
}

export const testCodec: CallCodec = {
  encode: (type, json) => type.encode(protojson.fromJson(type, json)).finish(),
  decode: (type, bytes) => protojson.toJson(type, type.decode(bytes)),
};
