import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../testing/bench-server';
import { loadProtoFiles } from './load-proto-files';
import { SchemaRegistry } from './schema-registry';
import { failureOf } from '../../../tests/kit/failure-of';

const bench = () => loadProtoFiles({ files: [BENCH_PROTO_FILE], importPaths: [BENCH_PROTO_ROOT] });

describe('SchemaRegistry', () => {
  it('lists services sorted, with methods, kinds and docs', async () => {
    const registry = await bench();
    const services = registry.listServices();
    expect(services.map((s) => s.fullName)).toEqual(['ferry.testing.v1.Bench']);
    const [benchService] = services;
    expect(benchService?.doc).toBe('Bench service used by Ferry\'s tests and benchmarks.');
    expect(benchService?.methods.map((m) => [m.name, m.kind])).toEqual([
      ['Echo', 'unary'], ['Fail', 'unary'], ['Slow', 'unary'], ['ServerStream', 'server-stream'],
      ['ClientStream', 'client-stream'], ['Bidi', 'bidi'], ['Inspect', 'unary'],
    ]);
  });

  it('lists services in the order grpcurl does, by their bytes: upper case before lower', () => {
    const root = protobuf.parse('syntax = "proto3"; package b; message M {} service S { rpc Get(M) returns (M); } service T { rpc Get(M) returns (M); }').root;
    protobuf.parse('syntax = "proto3"; package B; message M {} service S { rpc Get(M) returns (M); }', root);
    protobuf.parse('syntax = "proto3"; package a; message M {} service S { rpc Get(M) returns (M); }', root);
    expect(new SchemaRegistry(root).listServices().map((s) => s.fullName)).toEqual(['B.S', 'a.S', 'b.S', 'b.T']);
  });

  it('finds a method by every spelling grpcurl users type', async () => {
    const registry = await bench();
    for (const name of ['ferry.testing.v1.Bench/Echo', 'ferry.testing.v1.Bench.Echo', '.ferry.testing.v1.Bench/Echo', ' .ferry.testing.v1.Bench.Echo ']) {
      const method = registry.findMethod(name);
      expect(method.path).toBe('/ferry.testing.v1.Bench/Echo');
      expect(method.requestType.fullName).toBe('.ferry.testing.v1.EchoRequest');
    }
    expect(registry.findMethod('ferry.testing.v1.Bench/Bidi').kind).toBe('bidi');
  });

  it('takes a method name without its package when only one service has it, and lists every match when several do', () => {
    const root = protobuf.parse('syntax = "proto3"; package a.v1; message M {} service Orders { rpc Get(M) returns (M); rpc List(M) returns (M); }').root;
    protobuf.parse('syntax = "proto3"; package b.v1; message M {} service Orders { rpc Get(M) returns (M); } service Users { rpc Find(M) returns (M); }', root);
    const registry = new SchemaRegistry(root);
    expect(registry.findMethod('Find').path).toBe('/b.v1.Users/Find');
    expect(registry.findMethod('Orders/List').path).toBe('/a.v1.Orders/List');
    expect(registry.findMethod('b.v1.Orders/Get').path).toBe('/b.v1.Orders/Get');
    for (const name of ['Get', 'Orders/Get', 'Orders.Get']) {
      expect(failureOf(() => registry.findMethod(name))).toEqual({
        code: 'BAD_INPUT',
        message: `method "${name}" is ambiguous: it matches a.v1.Orders/Get, b.v1.Orders/Get`,
        details: { hint: 'give the full name, with its package' },
      });
    }
  });

  it('answers a method found once from then on, and a short name that became ambiguous is refused', () => {
    const root = protobuf.parse('syntax = "proto3"; package a.v1; message M {} service Orders { rpc Get(M) returns (M); }').root;
    const registry = new SchemaRegistry(root);
    expect(registry.findMethod('a.v1.Orders/Get')).toBe(registry.findMethod('a.v1.Orders/Get'));
    expect(registry.findMethod('Orders/Get').path).toBe('/a.v1.Orders/Get');
    // As when reflection adds a file for an Any type.
    protobuf.parse('syntax = "proto3"; package b.v1; message M {} service Orders { rpc Get(M) returns (M); }', root);
    expect(failureOf(() => registry.findMethod('Orders/Get'))?.message).toContain('is ambiguous');
    expect(registry.findMethod('a.v1.Orders/Get').path).toBe('/a.v1.Orders/Get');
  });

  it('names what was searched and suggests close names when a symbol is missing', async () => {
    const registry = await bench();
    const failure = failureOf(() => registry.findMethod('ferry.testing.v1.Bench/Ecko'));
    expect(failure.code).toBe('SYMBOL_NOT_FOUND');
    expect(failure.message).toContain('ferry.testing.v1.Bench/Ecko');
    expect(failure.details?.hint).toContain('ferry.testing.v1.Bench.Echo');
    expect(failureOf(() => registry.findService('ferry.testing.v1.Bench.Echo')).code).toBe('SYMBOL_NOT_FOUND');
    expect(failureOf(() => registry.findSymbol('no.such.Thing')).details?.hint).toContain('ferry list');
  });

  it('adds the built-ins to any root it is given', () => {
    const registry = new SchemaRegistry(protobuf.parse('syntax = "proto3"; package a; message M { google.rpc.Status s = 1; }').root);
    expect(registry.findType('a.M')?.fields.s?.resolvedType?.fullName).toBe('.google.rpc.Status');
    expect(registry.findType('google.protobuf.Timestamp')).toBeInstanceOf(protobuf.Type);
    expect(new SchemaRegistry(new protobuf.Root()).listServices()).toEqual([]);
  });

  it('finds the built-ins in a loaded schema, by name and by Any type URL', async () => {
    const registry = await bench();
    for (const name of ['google.protobuf.Any', 'google.protobuf.Timestamp', 'google.protobuf.Duration', 'google.protobuf.Empty',
      'google.protobuf.Struct', 'google.protobuf.Int64Value', 'google.protobuf.FieldMask', 'google.protobuf.FileDescriptorProto',
      'google.rpc.Status', 'google.rpc.ErrorInfo', 'google.rpc.BadRequest', '.google.rpc.LocalizedMessage']) {
      expect(registry.findType(name), name).toBeInstanceOf(protobuf.Type);
    }
    expect(registry.resolveAnyType('type.googleapis.com/google.rpc.RetryInfo')?.fullName).toBe('.google.rpc.RetryInfo');
    expect(registry.resolveAnyType('type.googleapis.com/nope.Nope')).toBeUndefined();
    expect(registry.findType('ferry.testing.v1.Color')).toBeUndefined(); // an enum is not a message type
    expect(await registry.ensureType('type.googleapis.com/ferry.testing.v1.Node')).toBe(registry.findType('ferry.testing.v1.Node'));
    expect(await registry.ensureType('nope.Nope')).toBeUndefined(); // no reflection behind it: nothing to ask
  });

  it('finds services, methods, messages and enums for describe', async () => {
    const registry = await bench();
    expect(registry.findSymbol('ferry.testing.v1.Bench')).toBeInstanceOf(protobuf.Service);
    expect(registry.findSymbol('ferry.testing.v1.Bench/Echo')).toBeInstanceOf(protobuf.Method);
    expect(registry.findSymbol('.ferry.testing.v1.Everything')).toBeInstanceOf(protobuf.Type);
    expect(registry.findSymbol('ferry.testing.v1.Color')).toBeInstanceOf(protobuf.Enum);
    expect(failureOf(() => registry.findSymbol('ferry.testing.v1')).code).toBe('SYMBOL_NOT_FOUND'); // a package
  });
});
