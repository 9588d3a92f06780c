import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeToProtoJson } from '../codec/to-proto-json';
import { makeTestCertificates } from '../testing/make-certs';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type ReflectionMode } from '../testing/bench-server';
import { discoverByReflection } from './discover-by-reflection';
import type { ReflectionRequest } from './reflection-protocol';
import { openReflectionStream } from './reflection-stream';
import { rejectionOf } from '../../../tests/kit/failure-of';

/** The field as a MapField, failing the test when it is not one. */
function asMap(field: unknown): protobuf.MapField {
  expect(field).toBeInstanceOf(protobuf.MapField);
  return field as protobuf.MapField;
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function clientFor(target: string): grpc.Client {
  const client = new grpc.Client(target, grpc.credentials.createInsecure());
  cleanups.push(() => client.close());
  return client;
}

async function bench(reflection: ReflectionMode = 'v1-and-v1alpha', reflectionRequires?: { key: string; value: string }) {
  const server = await startBenchServer({ reflection, ...(reflectionRequires && { reflectionRequires }) });
  cleanups.push(() => server.close());
  return clientFor(server.target);
}

const WKT_FIELDS: Record<string, string> = {
  created_at: 'Timestamp', timeout: 'Duration', mask: 'FieldMask', attributes: 'Struct', value: 'Value', list: 'ListValue',
  wrapped_int64: 'Int64Value', wrapped_string: 'StringValue', wrapped_bool: 'BoolValue', any: 'Any', empty: 'Empty',
};

describe('discoverByReflection', () => {
  it('discovers the bench over v1: every method and kind, Everything fully resolved', async () => {
    const registry = await discoverByReflection({ client: await bench() });
    expect(registry.reflectionVersion).toBe('v1');
    expect(registry.listServices().map((s) => s.fullName)).toEqual(['ferry.testing.v1.Bench']);
    expect(registry.listServices()[0]?.methods.map((m) => `${m.name}:${m.kind}`)).toEqual([
      'Echo:unary', 'Fail:unary', 'Slow:unary', 'ServerStream:server-stream', 'ClientStream:client-stream', 'Bidi:bidi', 'Inspect:unary',
    ]);
    const everything = registry.findType('ferry.testing.v1.Everything')!;
    for (const [field, type] of Object.entries(WKT_FIELDS)) {
      expect(everything.fields[field]?.resolvedType?.fullName, field).toBe(`.google.protobuf.${type}`);
    }
    const nodes = asMap(everything.fields.nodes);
    expect([nodes.keyType, nodes.resolvedType?.fullName]).toEqual(['string', '.ferry.testing.v1.Node']);
    expect(asMap(everything.fields.labels).keyType).toBe('int64');
    expect(everything.fields.color?.resolvedType).toBeInstanceOf(protobuf.Enum);
    // @grpc/reflection drops the proto3_optional flag; the registry restores it.
    expect(everything.fields.maybe?.options?.proto3_optional).toBe(true);
    expect(everything.oneofs?.choice?.fieldsArray.map((f) => f.name)).toEqual(['choice_text', 'choice_number']);
    expect(registry.findType('google.rpc.ErrorInfo')).toBeDefined();
  });

  it('decodes with the discovered schema: maps with int64 keys and nested messages', async () => {
    const registry = await discoverByReflection({ client: await bench() });
    const type = registry.findType('ferry.testing.v1.Everything')!;
    const bytes = type.encode(type.fromObject({ labels: { '-7': 'x' }, nodes: { k: { name: 'n', children: [{ name: 'c' }] } } })).finish();
    expect(decodeToProtoJson(type, bytes)).toMatchObject({ labels: { '-7': 'x' }, nodes: { k: { name: 'n', children: [{ name: 'c' }] } } });
  });

  /** Discovery over a real stream that records every question asked on it. */
  function recorded(client: grpc.Client) {
    const asked: ReflectionRequest[] = [];
    const openStream = (version: 'v1' | 'v1alpha', deadline: number) => {
      const stream = openReflectionStream(client, version, new grpc.Metadata(), deadline);
      return { ask: (request: ReflectionRequest) => (asked.push(request), stream.ask(request)), end: () => stream.end() };
    };
    return { asked, openStream };
  }

  it('given a service name, asks for its files only, without listing the services first', async () => {
    const { asked, openStream } = recorded(await bench());
    const registry = await discoverByReflection({ openStream, symbols: ['ferry.testing.v1.Bench'] });
    expect(asked[0]).toEqual({ file_containing_symbol: 'ferry.testing.v1.Bench' });
    expect(asked.some((request) => 'list_services' in request)).toBe(false);
    expect(registry.listServices().map((s) => s.fullName)).toEqual(['ferry.testing.v1.Bench']);
    expect(registry.reflectedServices).toBeUndefined();
    expect(registry.findType('ferry.testing.v1.Everything')?.fields.created_at?.resolvedType?.fullName).toBe('.google.protobuf.Timestamp');
  });

  it('lists every service when a given name is not on the server', async () => {
    const { asked, openStream } = recorded(await bench());
    const registry = await discoverByReflection({ openStream, symbols: ['ferry.testing.v1.Missing'] });
    expect(asked.filter((request) => 'list_services' in request)).toHaveLength(1);
    expect(registry.listServices().map((s) => s.fullName)).toEqual(['ferry.testing.v1.Bench']);
    expect(registry.reflectedServices).toContain('ferry.testing.v1.Bench');
  });

  it('falls back to v1alpha when the server offers only that', async () => {
    const registry = await discoverByReflection({ client: await bench('v1alpha-only') });
    expect(registry.reflectionVersion).toBe('v1alpha');
    expect(registry.findMethod('ferry.testing.v1.Bench/Bidi').kind).toBe('bidi');
  });

  it('says so when the server has no reflection at all', async () => {
    const error = await rejectionOf(discoverByReflection({ client: await bench('none') }));
    expect(error).toEqual({ code: 'NO_REFLECTION', message: 'server does not support reflection; load .proto files or a descriptor set' });
  });

  it('reports an unreachable server as UNAVAILABLE with the target in the message', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const error = await rejectionOf(discoverByReflection({ client: clientFor(`127.0.0.1:${port}`), deadlineMs: 5_000 }));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('sends the given metadata with reflection requests', async () => {
    const required = { key: 'x-api-key', value: 'k1' };
    const client = await bench('v1-and-v1alpha', required);
    const denied = await rejectionOf(discoverByReflection({ client }));
    expect(denied.code).toBe('UNAUTHENTICATED');
    expect(denied.message).toContain('missing x-api-key header');
    const metadata = new grpc.Metadata();
    metadata.set(required.key, required.value);
    expect((await discoverByReflection({ client, metadata })).listServices()).toHaveLength(1);
  });

  it('fails with DEADLINE_EXCEEDED when the deadline passes first', async () => {
    const error = await rejectionOf(discoverByReflection({ client: await bench(), deadlineMs: 0 }));
    expect(error.code).toBe('DEADLINE_EXCEEDED');
  });
});

describe('discoverByReflection over TLS', () => {
  it('discovers through a trusted TLS channel and explains an untrusted one', async () => {
    const certs = makeTestCertificates();
    cleanups.push(() => certs.dispose());
    const server = await startBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey } });
    cleanups.push(() => server.close());
    const trusted = new grpc.Client(server.target, grpc.credentials.createSsl(certs.caCert));
    cleanups.push(() => trusted.close());
    expect((await discoverByReflection({ client: trusted })).listServices()).toHaveLength(1);
    const untrusted = new grpc.Client(server.target, grpc.credentials.createSsl(certs.otherCaCert));
    cleanups.push(() => untrusted.close());
    const error = await rejectionOf(discoverByReflection({ client: untrusted, deadlineMs: 5_000 }));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(`TLS handshake with ${server.target} failed`);
  });
});

describe('discoverByReflection: custom options', () => {
  it('discovers a schema with a custom option from @grpc/reflection, which sends no descriptor.proto', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-reflect-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'notes.proto'), `syntax = "proto3";
package notes.v1;
import "google/protobuf/descriptor.proto";
extend google.protobuf.MethodOptions { string route = 50001; }
message Note { string text = 1; }
service Notes { rpc Get(Note) returns (Note) { option (route) = "/notes"; } }
`);
    const server = new grpc.Server();
    new ReflectionService(protoLoader.loadSync(['notes.proto'], { includeDirs: [dir], keepCase: true })).addToServer(server);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    cleanups.push(() => server.forceShutdown());
    // It used to fail: "cannot use the descriptors: unresolvable extensions: 'extend .google.protobuf.MethodOptions'".
    const registry = await discoverByReflection({ client: clientFor(`127.0.0.1:${port}`) });
    expect(registry.findMethod('notes.v1.Notes/Get').path).toBe('/notes.v1.Notes/Get');
    // The option's extension is in place: MethodOptions carries it.
    expect(registry.findType('google.protobuf.MethodOptions')?.fields['.notes.v1.route']?.id).toBe(50001);
  });
});

describe('discoverByReflection: types known only to the server', () => {
  /** A reflection-only server for bench.proto plus a package no service mentions; counts reflection streams. */
  async function serverWithExtraTypes(): Promise<{ client: grpc.Client; streams: () => number }> {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-reflect-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'extra.proto'), `syntax = "proto3";
package extra.v1;
import "ferry/testing/v1/types.proto";
message Detail { string why = 1; ferry.testing.v1.Node node = 2; Part part = 3; }
message Part { int64 size = 1; }
`);
    const definition = protoLoader.loadSync([BENCH_PROTO_FILE, 'extra.proto'], { includeDirs: [BENCH_PROTO_ROOT, dir], keepCase: true });
    const server = new grpc.Server();
    let streams = 0;
    new ReflectionService(definition).addToServer({
      addService: (service, implementation) => {
        const counted = Object.fromEntries(Object.entries(implementation).map(([name, handler]) => [name, (call: never) => {
          streams++;
          return (handler as (call: never) => void)(call);
        }]));
        server.addService(service, counted as grpc.UntypedServiceImplementation);
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    cleanups.push(() => new Promise<void>((resolve) => server.tryShutdown(() => resolve())));
    return { client: clientFor(`127.0.0.1:${port}`), streams: () => streams };
  }

  it('uses one stream per discovery, then fetches an Any type on demand into the same root', async () => {
    const { client, streams } = await serverWithExtraTypes();
    const registry = await discoverByReflection({ client });
    expect(streams()).toBe(1);
    expect(registry.findType('extra.v1.Detail')).toBeUndefined();
    const detail = await registry.ensureType('type.googleapis.com/extra.v1.Detail');
    expect(streams()).toBe(2);
    expect(detail?.fields.part?.resolvedType?.fullName).toBe('.extra.v1.Part');
    // Same root as the rest, so the codec finds it from an Any field of a discovered type.
    expect(detail?.root).toBe(registry.root);
    expect(detail?.fields.node?.resolvedType).toBe(registry.findType('ferry.testing.v1.Node'));
    expect(registry.resolveAnyType('type.googleapis.com/extra.v1.Part')).toBeDefined();
    // Known now, and an unknown name is asked about once.
    await registry.ensureType('extra.v1.Detail');
    expect(await registry.ensureType('extra.v1.Nothing')).toBeUndefined();
    expect(await registry.ensureType('extra.v1.Nothing')).toBeUndefined();
    expect(streams()).toBe(3);
  });

  it('decodes an Any holding a type fetched on demand', async () => {
    const { client } = await serverWithExtraTypes();
    const registry = await discoverByReflection({ client });
    await registry.ensureType('extra.v1.Part');
    const part = registry.findType('extra.v1.Part')!;
    const everything = registry.findType('ferry.testing.v1.Everything')!;
    const bytes = everything.encode(everything.fromObject({
      any: { type_url: 'type.googleapis.com/extra.v1.Part', value: part.encode(part.fromObject({ size: '12' })).finish() },
    })).finish();
    expect(decodeToProtoJson(everything, bytes)).toEqual({ any: { '@type': 'type.googleapis.com/extra.v1.Part', size: '12' } });
  });
});
