import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SchemaRegistry } from '../schema';
import { startConnectBenchServer, type ConnectBenchServer } from '../testing/connect-bench-server';
import { clientFor, HTTP_VERSIONS, VARIANTS } from './web-protocol-variants';
import { loadBenchSchema, runGrpcCall, runWebCall, type CallRun } from './web-test-kit';
import type { WebClient } from './web-client';

/** Every field kind and well-known type the codec handles, so a transcoding slip would show. */
const EVERYTHING = {
  doubleValue: 1.5, floatValue: -2.25, int32Value: -7, int64Value: '-9007199254740993', uint32Value: 7, uint64Value: '18446744073709551615',
  sint32Value: -3, sint64Value: '-4', fixed32Value: 5, fixed64Value: '6', sfixed32Value: -8, sfixed64Value: '-9', boolValue: true,
  stringValue: 'héllo ✓', bytesValue: 'AAEC/w==', color: 'COLOR_GREEN', tags: ['a', 'b'], counts: { x: '1' }, labels: { '-5': 'neg' },
  nodes: { n: { name: 'leaf' } }, choiceNumber: 4, maybe: 0, root: { name: 'r', children: [{ name: 'c' }] },
  createdAt: '2024-02-29T12:00:00.500Z', timeout: '1.500s', mask: 'a.b,cD', attributes: { k: [1, 'two', null, { z: false }] },
  value: 3, list: ['x'], wrappedInt64: '12', wrappedString: '', wrappedBool: false,
  any: { '@type': 'type.googleapis.com/ferry.testing.v1.Node', name: 'in any' }, empty: {},
};

/** The calls compared; client streams only where the protocol and HTTP version carry them. */
const CALLS: Array<{ name: string; requests: unknown[]; clientStream?: boolean }> = [
  { name: 'Echo', requests: [{ message: 'parity', payloadSize: 10 }] },
  { name: 'ServerStream', requests: [{ message: 's', count: 3, payloadSize: 2 }] },
  { name: 'Inspect', requests: [EVERYTHING] },
  { name: 'Fail', requests: [{ code: 7, message: 'denied' }] },
  { name: 'ClientStream', requests: [{ message: 'x' }, { message: 'y' }], clientStream: true },
];

let server: ConnectBenchServer;
let schema: SchemaRegistry;
let grpcClient: grpc.Client;
const reference = new Map<string, CallRun>();
const clients: WebClient[] = [];

const comparable = (run: CallRun) => ({ messages: run.messages, sizes: run.sizes, code: run.code, message: run.message, details: run.details });

beforeAll(async () => {
  [server, schema] = await Promise.all([startConnectBenchServer(), loadBenchSchema()]);
  grpcClient = new grpc.Client(server.grpcTarget, grpc.credentials.createInsecure());
  for (const call of CALLS) reference.set(call.name, await runGrpcCall(grpcClient, schema, call.name, call.requests));
});
afterAll(async () => {
  grpcClient.close();
  clients.forEach((client) => client.close());
  await server.close();
});

test('the plain gRPC reference itself went through', () => {
  expect(reference.get('Inspect')).toMatchObject({ code: 0, messages: [EVERYTHING] });
  expect(reference.get('Fail')!.details.length).toBeGreaterThan(3);
});

describe.each(VARIANTS)('$name gives the same JSON as plain gRPC', (variant) => {
  test.each(HTTP_VERSIONS)('over HTTP/%s', async (http) => {
    const client = clientFor(server, variant, http);
    clients.push(client);
    for (const call of CALLS.filter((c) => !c.clientStream || (http === '2' && variant.clientStreams))) {
      const run = await runWebCall(client, schema, call.name, call.requests);
      expect(comparable(run), call.name).toEqual(comparable(reference.get(call.name)!));
    }
  });
});
