import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../testing/bench-server';
import { decodeFileDescriptorSet } from './descriptor-set-decode';
import { failureOf } from '../../../tests/kit/failure-of';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-set-decode-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The set as protobufjs decodes it whole, for comparison. */
const decodedWhole = (bytes: Uint8Array): unknown[] =>
  (descriptor.FileDescriptorSet.toObject(descriptor.FileDescriptorSet.decode(bytes), { longs: String }) as { file: unknown[] }).file;

/** Through JSON, so a lazily decoded property is read and compared like any other. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('decodeFileDescriptorSet', () => {
  it('gives what decoding the whole set gives, source info included once read', () => {
    const path = join(dir, 'bench.pb');
    execFileSync('protoc', [`-I${BENCH_PROTO_ROOT}`, '--include_imports', '--include_source_info', `-o${path}`, BENCH_PROTO_FILE]);
    const bytes = readFileSync(path);
    const files = decodeFileDescriptorSet(bytes);
    const bench = files.find((file) => file.name === BENCH_PROTO_FILE)!;
    expect(Object.getOwnPropertyDescriptor(bench, 'sourceCodeInfo')?.get).toBeTypeOf('function');
    expect(plain(files)).toEqual(plain(decodedWhole(bytes)));
    expect(bench.sourceCodeInfo.location.length).toBeGreaterThan(0);
  });

  it('names the file whose source info is damaged when it is read, and decodes the rest', () => {
    const file = protobuf.Writer.create().uint32((1 << 3) | 2).string('broken.proto').uint32((9 << 3) | 2).bytes(Uint8Array.of(0x0a, 0x7f, 0x08)).finish();
    const set = protobuf.Writer.create().uint32((1 << 3) | 2).bytes(file).finish();
    const [decoded] = decodeFileDescriptorSet(set);
    expect(decoded?.name).toBe('broken.proto');
    expect(failureOf(() => decoded!.sourceCodeInfo)).toMatchObject({ code: 'SCHEMA_ERROR', details: { file: 'broken.proto' } });
  });
});
